"""The repair engine: passes that each undo one family of damage, in a fixed order.

Byte-level damage goes first: the East Asian pass needs the exact characters a wrong
double-byte decoder produced, and any later clean-up would destroy that pattern.  Every pass
works line by line, so repairing a text equals repairing its lines one at a time; streaming
relies on that.
"""

from __future__ import annotations

from dataclasses import replace

from mojifix.model import Change, Options
from mojifix.repair import cjk, damage, ftfyfix, latin, legacy, style
from mojifix.repair.edits import Ledger, split_lines
from mojifix.repair.lexicon import needs_search

BLOCK_LINES = 256  # lines repaired together; bounds the bookkeeping of a heavily damaged file


def repair(text: str, options: Options) -> tuple[str, list[Change]]:
    """Run every pass over ``text``; return the repaired text and its changes.

    Repairs are line-local, so a long text is repaired in blocks of whole lines and the
    changes shifted back into place: the same result, without bookkeeping whose cost grows
    with the square of the number of changes.
    """
    lines = split_lines(text)
    if len(lines) <= BLOCK_LINES:
        return _repair_block(text, options)
    pieces: list[str] = []
    changes: list[Change] = []
    offset = line_offset = 0
    for first in range(0, len(lines), BLOCK_LINES):
        block = "".join(lines[first : first + BLOCK_LINES])
        fixed, found = _repair_block(block, options)
        pieces.append(fixed)
        changes.extend(
            replace(c, start=c.start + offset, end=c.end + offset, line=c.line + line_offset)
            for c in found
        )
        offset += len(block)
        line_offset += block.count("\n")
    return "".join(pieces), changes


def _repair_block(text: str, options: Options) -> tuple[str, list[Change]]:
    ledger = Ledger(text)
    if options.unescape_html:
        # Entities hide mojibake (``Î&frac14;``), so they are decoded before the repair.
        ledger.apply(style.find_edits(ledger.text, Options(unescape_html=True)))
    if needs_search(ledger.text):
        for find_edits in (cjk.find_edits, latin.find_edits):
            ledger.apply(find_edits(ledger.text))
        # Legacy re-reading only for lines no UTF-8 repair explained.
        ledger.apply(legacy.find_edits(ledger.text, skip=ledger.edited_lines()))
        ledger.apply(ftfyfix.find_edits(ledger.text))
    if options.any_style:
        ledger.apply(style.find_edits(ledger.text, replace(options, unescape_html=False)))
    for start, end, story in damage.find_reports(ledger.text):
        ledger.report(start, end, story)
    return ledger.text, ledger.changes()
