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
from mojifix.repair.edits import Ledger


def repair(text: str, options: Options) -> tuple[str, list[Change]]:
    """Run every pass over ``text``; return the repaired text and its changes."""
    ledger = Ledger(text)
    if options.unescape_html:
        # Entities hide mojibake (``Î&frac14;``), so they are decoded before the repair.
        ledger.apply(style.find_edits(ledger.text, Options(unescape_html=True)))
    if not text.isascii():
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
