"""Opt-in normalisations: changes to text that is not damaged, made only on request.

Each of these alters what an author wrote — a curly quote, a ligature, a full-width letter,
a line separator, an HTML entity, a control character, a byte-order mark — so none runs by
default.  They run after every encoding repair: the East Asian pass needs the exact damaged
characters, and a normalisation would destroy them.  ftfy's implementations are used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from mojifix.model import Kind, Options
from mojifix.repair.edits import Edit


def _steps(options: Options) -> list[tuple[str, Callable[[str], str]]]:
    from ftfy import fixes

    chosen: list[tuple[str, Callable[[str], str]]] = []
    if options.unescape_html:
        chosen.append(("HTML entities decoded", fixes.unescape_html))
    if options.remove_control_chars:
        chosen.append(("terminal escapes removed", fixes.remove_terminal_escapes))
    if options.fix_ligatures:
        chosen.append(("ligatures split", fixes.fix_latin_ligatures))
    if options.fix_widths:
        chosen.append(("full-width characters folded", fixes.fix_character_width))
    if options.uncurl_quotes:
        chosen.append(("quotes uncurled", fixes.uncurl_quotes))
    if options.fix_line_breaks:
        chosen.append(("line breaks normalised", fixes.fix_line_breaks))
    if options.remove_control_chars:
        chosen.append(("control characters removed", fixes.remove_control_chars))
    if options.remove_bom:
        chosen.append(("byte-order mark removed", fixes.remove_bom))
    if options.normalize:
        form = options.normalize.upper()
        if form not in ("NFC", "NFD", "NFKC", "NFKD"):
            from mojifix.model import MojifixError

            raise MojifixError(f"unknown normalization form: {options.normalize}")
        chosen.append((f"{form} normalisation", lambda s: unicodedata.normalize(form, s)))  # type: ignore[arg-type]
    return chosen


def apply(text: str, options: Options) -> list[tuple[str, str]]:
    """Return the successive texts and the name of each normalisation that changed one."""
    out: list[tuple[str, str]] = []
    for name, step in _steps(options):
        fixed = step(text)
        if fixed != text:
            out.append((name, fixed))
            text = fixed
    return out


def find_edits(text: str, options: Options) -> list[Edit]:
    """Return one edit per changed stretch, produced by the requested normalisations."""
    from difflib import SequenceMatcher

    steps = apply(text, options)
    if not steps:
        return []
    final = steps[-1][1]
    story = ", ".join(name for name, _ in steps)
    matcher = SequenceMatcher(None, text, final, autojunk=False)
    return [
        Edit(i1, i2, final[j1:j2], Kind.NORMALIZE, story)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
