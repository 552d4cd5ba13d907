"""Turn bytes into text once the encoding is known, losing nothing.

A BOM is consumed by the codec (``utf-8-sig``, ``utf-16``, ``utf-32``) and recorded in the
detection, so the writer can put it back.  Bytes the codec cannot decode become lone
surrogates through ``surrogateescape``: encoding the text back with the same handler gives
the original bytes, and callers can refuse to write text that still holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from mojifix.model import Detection


@dataclass(frozen=True)
class Decoded:
    text: str
    newline: str
    undecodable: int


def newline_style(text: str) -> str:
    """Name the line-ending convention of ``text``: LF, CRLF, CR, mixed or none."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def count_undecodable(text: str) -> int:
    """Count the lone surrogates ``surrogateescape`` left for bytes that did not decode."""
    return sum(1 for ch in text if "\udc80" <= ch <= "\udcff")


def decode(data: bytes, detection: Detection) -> Decoded:
    """Decode ``data`` with the detected encoding, keeping undecodable bytes recoverable."""
    assert detection.encoding is not None
    text = data.decode(detection.encoding, errors="surrogateescape")
    return Decoded(text=text, newline=newline_style(text), undecodable=count_undecodable(text))
