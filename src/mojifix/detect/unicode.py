"""Recognise Unicode encoding forms without a BOM: UTF-8, and UTF-16/32 from their NULs.

Valid UTF-8 needs no statistics.  A legacy-encoded text with bytes above 0x7F is almost never
valid UTF-8 by accident: a cp1252 ``é`` (E9) would have to be followed by exactly two bytes in
80–BF, which prose does not do.  So strict validity is the whole test, and it runs at the
speed of the C codec.

UTF-16 and UTF-32 without a BOM show themselves by where their NUL bytes fall: Latin, Cyrillic
and most other text (even its spaces and line breaks) has a zero high byte in most code units,
so one byte position of each unit is mostly NUL and the others almost never are.
"""

from __future__ import annotations

import codecs
import re


def is_utf8(data: bytes) -> bool:
    """Return whether ``data`` is valid UTF-8 (pure ASCII included)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def utf8_prefix_ok(data: bytes) -> bool:
    """Return whether ``data`` is valid UTF-8 but for a character cut at its very end.

    A caller that hands the detector the first N bytes of a file cuts the last character in
    two as often as not; the cut must not turn a UTF-8 verdict into a legacy guess.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        # The part before the cut must itself show UTF-8: one lone lead byte shows nothing.
        cut = err.reason == "unexpected end of data" and err.end == len(data)
        return cut and not data[: err.start].isascii()
    return True


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return codecs.decode(data, codec)
    except UnicodeDecodeError:
        return None


def _unit_nuls(data: bytes, width: int) -> list[float]:
    """Return, for each byte position within a ``width``-byte unit, the share of NULs there."""
    units = len(data) // width
    if not units:
        return [0.0] * width
    return [data[i : units * width : width].count(0) / units for i in range(width)]


def sniff_wide(data: bytes) -> str | None:
    """Return ``utf-32-le/be`` or ``utf-16-le/be`` when the NUL pattern and decoding agree.

    UTF-32: in every unit the top byte is NUL and the next is at most 0x10; for text in any
    script nearly every unit also has its second byte NUL, and the text is not mostly NUL
    characters.  UTF-16: one byte position holds NULs in a good share of units (spaces and
    line breaks are enough) and the other position holds almost none; or, for text in one
    non-Latin script (Thai, Cyrillic…) with few spaces, the NULs all sit in one position and
    that position takes only a few values (the script's block and the NUL of ASCII).
    Either way the text must decode without a lone surrogate or stray control characters.
    A final odd byte (a cut prefix) is ignored.
    """
    sample = data[:65536]
    if len(sample) < 4:
        return None
    for codec, top, second in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
        body = sample[: len(sample) - len(sample) % 4]
        shares = _unit_nuls(body, 4)
        if shares[top] == 1.0 and shares[second] >= 0.5:
            text = _strict(body, codec)
            if text is not None and text.count("\x00") <= len(text) // 2:
                return codec
    body = sample[: len(sample) - len(sample) % 2]
    even, odd = _unit_nuls(body, 2)
    for codec, high, low, at in (("utf-16-le", odd, even, 1), ("utf-16-be", even, odd, 0)):
        one_block = high > 0 and low == 0 and _few_values(body[at::2], body[1 - at :: 2])
        if (high >= 0.05 and low <= high / 4) or one_block:
            text = _strict(body, codec)
            if text is not None and _controls(text) <= 0.02 * len(text):
                return codec
    return None


def _few_values(high: bytes, low: bytes) -> bool:
    """Whether the high bytes of the code units take a few values and the low bytes many."""
    return len(high) >= 8 and len(set(high)) <= 3 and len(set(low)) >= 2 * len(set(high)) + 2


def _controls(text: str) -> int:
    """Count control characters other than whitespace: NUL-heavy binary decodes to many."""
    return len(_CONTROL.findall(text))


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
