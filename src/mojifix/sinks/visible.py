"""Make invisible characters visible, and paths printable.

Mojibake often hides in characters a terminal does not show: a no-break space left over from
``Â\\xa0``, a zero-width joiner, a stray BOM, a C1 control character from a cp1252 byte read as
Latin-1.  A finding that prints as ``" " → " "`` explains nothing, so findings, explanations
and coloured diffs spell such characters out.  Paths get the same care for a different reason:
a file name can hold a newline, a terminal escape or bytes that are not UTF-8, and printing it
raw would break one-line-per-finding output or the terminal itself.
"""

from __future__ import annotations

import os
import unicodedata

NAMES = {
    "\u00a0": "NBSP",
    "\u00ad": "SHY",
    "\u034f": "CGJ",
    "\u061c": "ALM",
    "\u180e": "MVS",
    "\u2007": "FIGSP",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2028": "LSEP",
    "\u2029": "PSEP",
    "\u202f": "NNBSP",
    "\u2060": "WJ",
    "\u3000": "IDSP",
    "\ufeff": "BOM",
}
ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def spell(char: str) -> str | None:
    """Return the visible form of ``char``, or ``None`` if it shows as itself."""
    if char in NAMES:
        return f"<{NAMES[char]}>"
    if char in ESCAPES:
        return ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"<0x{code - 0xDC00:02X}>"  # a byte that did not decode (surrogateescape)
    category = unicodedata.category(char)
    if category == "Cc":
        return f"\\x{code:02x}"
    if category in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn") or (category == "Zs" and char != " "):
        return f"<U+{code:04X}>"
    return None


def parts(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into runs of (shown text, whether it was spelled out)."""
    runs: list[tuple[str, bool]] = []
    plain: list[str] = []
    for char in text:
        spelled = spell(char)
        if spelled is None:
            plain.append(char)
            continue
        if plain:
            runs.append(("".join(plain), False))
            plain = []
        runs.append((spelled, True))
    if plain:
        runs.append(("".join(plain), False))
    return runs


# The few characters spelled out although Python calls them printable (the combining grapheme
# joiner): every other character that ``spell`` names is one ``str.isprintable`` refuses.
_PRINTABLE_BUT_SPELLED = tuple(char for char in NAMES if char.isprintable())


def visible(text: str) -> str:
    """``text`` with every invisible or control character spelled out."""
    if text.isprintable() and not any(char in text for char in _PRINTABLE_BUT_SPELLED):
        return text  # nothing to spell out: a scan in C rather than a call per character
    return "".join(shown for shown, _ in parts(text))


def display_path(path: str) -> str:
    """A one-line, printable, valid-UTF-8 form of ``path``.

    Bytes that are not UTF-8 come back as ``\\xNN``; every character Python does not call
    printable (a newline, an escape, a right-to-left override, a no-break space, an unassigned
    code point) is spelled out.  Ordinary names print as themselves.
    """
    raw = os.fsencode(path)
    text = raw.decode("utf-8", errors="backslashreplace")
    if text.isprintable():
        return text  # every character stays as it is (a space is printable too)
    out = []
    for char in text:
        code = ord(char)
        if char.isprintable() or char == " ":
            out.append(char)
        elif code < 0x100:
            out.append(ESCAPES.get(char, f"\\x{code:02x}"))
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)
