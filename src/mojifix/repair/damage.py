"""Damage that cannot be undone: reported with its place, never changed.

Some damage destroys the bytes it came from, and no context brings them back:

* ``锟斤拷`` is U+FFFD written as UTF-8 (``EF BF BD``) twice over and read as GBK: the
  characters were lost *before* the wrong decoding, so repairing the mojibake only gives the
  replacement characters back.
* runs of U+FFFD are characters a strict decoder gave up on; each one is a byte or more gone.
* ``?`` inside a word (``M?nchen``) or in long runs (``????``) is what conversion to a code
  page without those characters leaves behind.
* ``烫烫烫`` and ``屯屯屯`` are Visual C++'s fill bytes for uninitialised memory (``CC`` and
  ``CD``) read as GBK: not text at all.

Reporting them lets ``fix --check`` and ``detect`` point at every place a person has to look at,
with the original data in hand.
"""

from __future__ import annotations

import re

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile("(?:锟斤拷)+锟?"),
        "U+FFFD written as UTF-8 and read as GBK: the characters were already lost",
    ),
    (
        re.compile("(?:烫){2,}|(?:屯){2,}"),
        "uninitialised memory (bytes CC/CD) read as GBK: not text",
    ),
    (
        re.compile("\ufffd+"),
        "replacement character(s): the decoder could not read these bytes",
    ),
    (
        # Inside a word ("M?nchen"), but not a URL's query ("items?page=2").
        re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])(?![\w.-]*=)|\?{4,}"),
        "question marks where a conversion had no character to write",
    ),
)


def find_reports(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, explanation)`` for each stretch of unrecoverable damage."""
    if text.isascii() and "?" not in text:
        return []
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(text) + 1)  # 1 where an earlier, more specific report lies
    for pattern, story in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, story))
    found.sort()
    return found
