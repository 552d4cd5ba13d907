"""Guess the encoding of raw bytes.

Order of evidence: a byte-order mark; strict UTF-8 (valid UTF-8 without a BOM needs no
statistics); binary content; then a statistical guess.
"""

from __future__ import annotations

import codecs

from mojifix.model import Detection

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample


def detect(data: bytes, *, assume_legacy: str | None = None) -> Detection:
    """Return the most likely encoding of ``data``, or a binary verdict."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Detection(encoding=name, confidence=1.0, bom=True, reason="byte-order mark")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Detection(encoding="utf-8", confidence=1.0, reason="valid UTF-8")
    if _looks_binary(data):
        return Detection(encoding=None, confidence=1.0, binary=True, reason="NUL bytes")
    if assume_legacy:
        name = codecs.lookup(assume_legacy).name
        return Detection(encoding=name, confidence=0.5, reason="--assume-legacy")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return Detection(encoding=None, confidence=0.0, binary=True, reason="no text encoding fits")
    return Detection(
        encoding=codecs.lookup(best.encoding).name,
        confidence=max(0.0, 1.0 - float(best.chaos)),
        language=best.language if best.language != "Unknown" else None,
        reason="charset-normalizer",
    )
