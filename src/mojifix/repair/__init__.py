"""The repair engine: passes that each undo one family of damage, in a fixed order.

Byte-level damage goes first: the East Asian pass needs the exact characters a wrong
double-byte decoder produced, and any later clean-up would destroy that pattern.  Every pass
works line by line, so repairing a text equals repairing its lines one at a time; streaming
relies on that.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mojifix.model import Change, Options
from mojifix.repair import cjk, damage, ftfyfix, latin, legacy, style
from mojifix.repair.edits import Ledger
from mojifix.repair.lexicon import COMMON_MARKS


def _typography_only() -> re.Pattern[str]:
    marks = "".join(sorted(COMMON_MARKS))
    return re.compile(f"[^\\x00-\\x7f{marks}]|[^\\x00-\\x7f]{{2}}")


_NEEDS_SEARCH = _typography_only()


def needs_search(text: str) -> bool:
    """Whether any repair pass could find something in ``text``.

    Every kind of mojibake leaves either a character outside plain typography (``Ã``, ``鈥``,
    ``Ð``) or two non-ASCII characters side by side; text with neither — English with curly
    quotes and dashes, say — is settled by one regular-expression scan at C speed.
    """
    return _NEEDS_SEARCH.search(text) is not None


def repair(text: str, options: Options) -> tuple[str, list[Change]]:
    """Run every pass over ``text``; return the repaired text and its changes."""
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
