"""The repair engine: passes that each undo one family of damage, in a fixed order.

Byte-level damage goes first: the East Asian pass needs the exact characters a wrong
double-byte decoder produced, and any later clean-up would destroy that pattern.  Every pass
works line by line, so repairing a text equals repairing its lines one at a time; streaming
relies on that.
"""

from __future__ import annotations

from dataclasses import replace

from mojifix.model import Change, Options
from mojifix.repair import screen
from mojifix.repair.edits import Edit, Ledger
from mojifix.repair.lexicon import needs_search

BLOCK_LINES = 256  # lines repaired together; bounds the bookkeeping of a heavily damaged file
# The passes run again over what they produced until nothing changes (at most this often):
# a later pass can leave work for an earlier one (ftfy peels one layer of two), and a repair
# must be final, so that running mojifix on its own output changes nothing.
ROUNDS = 3


def repair(text: str, options: Options) -> tuple[str, list[Change]]:
    """Run every pass over ``text``; return the repaired text and its changes.

    Repairs are line-local, so only the lines :mod:`~mojifix.repair.screen` finds a mark on
    go through the passes, in blocks of at most ``BLOCK_LINES`` lines, and their changes are
    shifted back into place: the same result as repairing the whole text, at the cost of one
    scan for the clean part, and without bookkeeping whose cost grows with the square of
    the number of changes.
    """
    if options.any_style or options.unescape_html:
        spans = [(0, len(text))] if text else []  # every line may need a normalisation
    else:
        spans = screen.suspect_lines(text)
    if not spans:
        return text, []
    pieces: list[str] = []
    changes: list[Change] = []
    done = 0  # end of the text copied so far
    line = 0  # line number (0-based) at ``done``
    for start, end in _blocks(text, spans):
        pieces.append(text[done:start])
        line += text.count("\n", done, start)
        fixed, found = _repair_block(text[start:end], options)
        pieces.append(fixed)
        changes.extend(
            replace(c, start=c.start + start, end=c.end + start, line=c.line + line) for c in found
        )
        line += text.count("\n", start, end)
        done = end
    pieces.append(text[done:])
    return "".join(pieces), changes


def _blocks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join neighbouring suspect lines into blocks of at most ``BLOCK_LINES`` lines."""
    blocks: list[tuple[int, int]] = []
    lines = 0
    for start, end in spans:
        if blocks and blocks[-1][1] == start and lines < BLOCK_LINES:
            blocks[-1] = (blocks[-1][0], end)
            lines += 1
        else:
            blocks.append((start, end))
            lines = 1
    return blocks


def _repair_block(text: str, options: Options) -> tuple[str, list[Change]]:
    # The passes load on first use: a clean file (what a pre-commit run mostly sees) never
    # needs them.
    from mojifix.repair import damage, style

    ledger = Ledger(text)
    if options.unescape_html:
        # Entities hide mojibake (``Î&frac14;``), so they are decoded before the repair.
        ledger.apply(style.find_edits(ledger.text, Options(unescape_html=True)))
    before = ledger.text
    _one_round(ledger)
    if ledger.text != before:
        # Later rounds only for the lines this one changed: the others would come out the
        # same again.
        ledger.apply(_more_rounds(ledger.text, _changed_lines(before, ledger.text)))
    if options.any_style:
        ledger.apply(style.find_edits(ledger.text, replace(options, unescape_html=False)))
    for start, end, story in damage.find_reports(ledger.text):
        ledger.report(start, end, story)
    return ledger.text, ledger.changes()


def _one_round(ledger: Ledger) -> None:
    """Run every repair pass once over the ledger's text."""
    from mojifix.repair import cjk, ftfyfix, latin, legacy

    if not needs_search(ledger.text):
        return
    before = ledger.text
    for find_edits in (cjk.find_edits, latin.find_edits):
        ledger.apply(find_edits(ledger.text))
    # Legacy re-reading only for lines no UTF-8 repair explained.
    ledger.apply(legacy.find_edits(ledger.text, skip=_changed_lines(before, ledger.text)))
    ledger.apply(ftfyfix.find_edits(ledger.text))


def _more_rounds(text: str, lines: frozenset[int]) -> list[Edit]:
    """Edits that rounds after the first make to ``lines`` of ``text``, each line alone."""
    edits: list[Edit] = []
    pos = 0
    for number, line in enumerate(text.split("\n")):
        if number in lines and screen.suspect_lines(line):
            sub = Ledger(line)
            for _ in range(ROUNDS - 1):
                before = sub.text
                _one_round(sub)
                if sub.text == before:
                    break
            edits.extend(
                Edit(pos + c.start, pos + c.end, c.replacement, c.kind, c.explanation)
                for c in sub.changes()
                if c.edits_text
            )
        pos += len(line) + 1
    return edits


def _changed_lines(before: str, after: str) -> frozenset[int]:
    """Numbers (0-based) of the lines of ``after`` that differ from ``before``."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):  # a restored line break: count every line as changed
        return frozenset(range(len(new)))
    return frozenset(i for i, (a, b) in enumerate(zip(old, new)) if a != b)
