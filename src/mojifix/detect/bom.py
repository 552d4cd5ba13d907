"""Recognise a byte-order mark, the one certain sign of a Unicode encoding form."""

from __future__ import annotations

import codecs

# UTF-32-LE's BOM begins with UTF-16-LE's, so the longer marks are tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_bom(data: bytes) -> str | None:
    """Return the codec that consumes the BOM ``data`` starts with, or None.

    The rest must decode in that form too (a cut final code unit is forgiven), because a
    binary file can start with ``FF FE`` by chance and is then not UTF-16.  UTF-32-LE's mark
    ``FF FE 00 00`` is also UTF-16-LE's mark followed by a NUL character; a text that starts
    with NUL is far rarer than UTF-32, so UTF-32 wins when it decodes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            unit = 4 if codec == "utf-32" else 2 if codec == "utf-16" else 1
            body = data[: len(data) - len(data) % unit]
            try:
                codecs.decode(body, codec)
            except UnicodeDecodeError as err:
                if err.start < len(body) - 4:
                    continue
            return codec
    return None
