"""Turn bytes into text once the encoding is known, losing nothing.

A BOM is consumed by the codec (``utf-8-sig``, ``utf-16``, ``utf-32``) and recorded in the
detection, so the writer can put it back.  Bytes the codec cannot decode become lone
surrogates through ``surrogateescape``: encoding the text back with the same handler gives
the original bytes, and callers can refuse to write text that still holds them.

A *mixed* file is mostly UTF-8 with some lines in a legacy code page: two files concatenated,
or an editor that saved part of a file in the wrong encoding.  The detection then names UTF-8
plus a ``fallback`` code page, and each line is decoded on its own: as UTF-8 where it is valid
UTF-8, in the fallback otherwise.  Inside such a line, runs that are valid multibyte UTF-8 stay
UTF-8 when the fallback is a single-byte page (the approach of Perl's Encoding::FixLatin), so a
line that was edited in two encodings comes out whole.  For a multibyte fallback (GBK,
Shift-JIS) the line is decoded whole, because their byte pairs can look like UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from mojifix.model import Detection

# One complete, valid UTF-8 encoded character above U+007F (no overlongs, no surrogates).
_UTF8_RUN = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)


@dataclass(frozen=True)
class Decoded:
    """The text, its line-ending style and how many bytes did not decode."""

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
    """Count the lone surrogates left for bytes that did not decode."""
    if text.isascii():
        return 0
    try:
        text.encode("utf-8")  # at C speed: fails on any surrogate
    except UnicodeEncodeError:
        return len(_UNDECODABLE.findall(text))
    return 0


LOSSLESS = "mojifix-lossless"
"""The codec error handler that keeps every undecodable byte as a lone surrogate.

``surrogateescape`` only takes bytes 80–FF; a UTF-16 text cut after an odd byte, or a stray
byte in an ISO-2022 text, fails on a byte below 80, and an incremental decoder then raises at
the end of the input.  This handler turns *any* undecodable byte into U+DC00 + byte (the same
character ``surrogateescape`` picks for 80–FF), so such a byte is still counted and never
silently replaced; encoding with it gives those bytes back, and nothing else: a character that
has no form in the target codec still raises.
"""

UNDECODABLE = "[\udc00-\udcff]"
"""A regular expression class of the characters :data:`LOSSLESS` uses for undecodable bytes."""
_UNDECODABLE = re.compile(UNDECODABLE)


def _lossless(error: UnicodeError) -> tuple[str | bytes, int]:
    """The :data:`LOSSLESS` error handler (see :func:`codecs.register_error`)."""
    if isinstance(error, UnicodeDecodeError):
        raw = error.object[error.start : error.end]
        return "".join(chr(0xDC00 + byte) for byte in raw), error.end
    if isinstance(error, UnicodeEncodeError):
        chars = error.object[error.start : error.end]
        if all("\udc00" <= ch <= "\udcff" for ch in chars):
            return bytes(ord(ch) - 0xDC00 for ch in chars), error.end
    raise error


codecs.register_error(LOSSLESS, _lossless)


def decode_lossless(data: bytes, codec: str) -> str:
    """Decode ``data`` in ``codec`` keeping every undecodable byte (see :data:`LOSSLESS`)."""
    return data.decode(codec, errors=LOSSLESS)


@cache
def single_byte(codec: str) -> bool:
    """Whether ``codec`` maps each byte to at most one character on its own."""
    try:
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256
    except (LookupError, UnicodeDecodeError):
        return False


def _decode_runs(line: bytes, fallback: str) -> str:
    """Decode valid UTF-8 runs of ``line`` as UTF-8 and every other byte in ``fallback``."""
    parts: list[str] = []
    pos = 0
    for match in _UTF8_RUN.finditer(line):
        parts.append(decode_lossless(line[pos : match.start()], fallback))
        parts.append(match.group().decode("utf-8"))
        pos = match.end()
    parts.append(decode_lossless(line[pos:], fallback))
    return "".join(parts)


def decode_mixed(data: bytes, fallback: str) -> tuple[str, tuple[int, ...]]:
    """Decode UTF-8 lines as UTF-8 and the others in ``fallback``; name the latter (1-based).

    Lines are split at LF only, so CRLF and CR stay in the text as they were.
    """
    parts: list[str] = []
    redecoded: list[int] = []
    by_run = single_byte(fallback)
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            redecoded.append(number)
            if by_run:
                parts.append(_decode_runs(line, fallback))
            else:
                parts.append(decode_lossless(line, fallback))
    return "\n".join(parts), tuple(redecoded)


def decode(data: bytes, detection: Detection) -> Decoded:
    """Decode ``data`` with the detected encoding, keeping undecodable bytes recoverable.

    A UTF-8 detection that carries a ``fallback`` code page (a mixed file) decodes line by
    line; any other decodes in one go.
    """
    if detection.encoding is None:
        raise ValueError("binary data has no text to decode")
    if detection.fallback and detection.encoding == "utf-8":
        text, _ = decode_mixed(data, detection.fallback)
    else:
        text = decode_lossless(data, detection.encoding)
    return Decoded(text=text, newline=newline_style(text), undecodable=count_undecodable(text))
