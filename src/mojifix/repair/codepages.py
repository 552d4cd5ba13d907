"""The code pages mojibake comes from, and how real software decodes them.

Damage is replayed, not guessed: every repair the engine proposes is checked by running the
damage forward again (UTF-8 encode, then the wrong decoder with the same error handling) and
comparing with the text the user has.  This module holds those wrong decoders.

Single-byte pages come in two forms.  The *sloppy* form is what Windows and the WHATWG
Encoding Standard do with a byte a page leaves undefined: pass it through as the C1 control
or Latin-1 character with the same number (ftfy calls these "sloppy" codecs).  The *strict*
form is Python's ``errors="replace"``: the byte becomes U+FFFD and is lost.

Double-byte pages fail on invalid pairs in three ways seen in the wild: the byte is dropped
(Python's ``errors="ignore"``), replaced by U+FFFD (Python, Java, browsers), or, in Windows'
own conversion (``MultiByteToWideChar``: PowerShell, Notepad), the lead byte and the byte
after it collapse into one default character, ``?`` for cp936 and ``・`` for cp932.
"""

from __future__ import annotations

import codecs
from functools import cache

# Single-byte pages UTF-8 is most often misread as, most common first.  Order only breaks
# exact ties in plausibility.
SINGLE_BYTE = (
    "cp1252",
    "latin-1",
    "cp1251",
    "cp1250",
    "iso8859-2",
    "iso8859-15",
    "cp1253",
    "cp1254",
    "cp1257",
    "mac_roman",
    "cp437",
    "cp850",
    "cp866",
    "koi8-r",
    "cp1255",
    "cp1256",
    "cp874",
)

# Double-byte pages, with the default character Windows substitutes for an invalid pair.
DOUBLE_BYTE: dict[str, str] = {
    "gbk": "?",
    "gb18030": "?",
    "big5": "?",
    "shift_jis": "\u30fb",
    "cp932": "\u30fb",
    "euc_jp": "?",
    "euc_kr": "?",
    "cp949": "?",
}

NAMES = {
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "cp1251": "Windows-1251",
    "cp1250": "Windows-1250",
    "iso8859-2": "ISO-8859-2",
    "iso8859-15": "ISO-8859-15",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "cp1257": "Windows-1257",
    "mac_roman": "Mac Roman",
    "cp437": "CP437",
    "cp850": "CP850",
    "cp866": "CP866",
    "koi8-r": "KOI8-R",
    "cp1255": "Windows-1255",
    "cp1256": "Windows-1256",
    "cp874": "Windows-874",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "big5": "Big5",
    "shift_jis": "Shift-JIS",
    "cp932": "cp932",
    "euc_jp": "EUC-JP",
    "euc_kr": "EUC-KR",
    "cp949": "cp949",
}


@cache
def sloppy_table(codec: str) -> str:
    """Return the 256-character decoding table of ``codec`` with undefined bytes passed
    through as the character of the same number."""
    chars = []
    for b in range(256):
        try:
            chars.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            chars.append(chr(b))
    return "".join(chars)


@cache
def producible() -> frozenset[str]:
    """Every character some single-byte page of the engine turns a high byte into."""
    return frozenset(ch for codec in SINGLE_BYTE for ch in sloppy_table(codec)[0x80:])


@cache
def undefined_bytes(codec: str) -> bytes:
    """Return the bytes ``codec`` leaves undefined (Python turns them into U+FFFD)."""
    out = []
    for b in range(256):
        try:
            bytes([b]).decode(codec)
        except UnicodeDecodeError:
            out.append(b)
    return bytes(out)


@cache
def _encoding_map(codec: str) -> object:
    return codecs.charmap_build(sloppy_table(codec))


def sloppy_decode(data: bytes, codec: str) -> str:
    """Decode like Windows would: never fails, undefined bytes pass through."""
    return codecs.charmap_decode(data, "strict", sloppy_table(codec))[0]


def sloppy_encode(text: str, codec: str) -> bytes | None:
    """Invert :func:`sloppy_decode`; ``None`` when ``text`` has a character the page lacks."""
    try:
        return codecs.charmap_encode(text, "strict", _encoding_map(codec))[0]  # type: ignore[arg-type]
    except UnicodeEncodeError:
        return None


def sloppy_encode_lossy(text: str, codec: str) -> bytes:
    """Like :func:`sloppy_encode`, but a character the page lacks becomes ``?``."""
    return codecs.charmap_encode(text, "replace", _encoding_map(codec))[0]  # type: ignore[arg-type]


def _windows_handler(default: str) -> object:
    def handle(err: UnicodeError) -> tuple[str, int]:
        assert isinstance(err, UnicodeDecodeError)
        return default, min(err.start + 2, len(err.object))

    return handle


_REGISTERED: set[str] = set()


def mangle(text: str, codec: str, mode: str) -> str:
    """Replay the damage: ``text`` as UTF-8 bytes, decoded with ``codec`` the way ``mode``
    software does (``sloppy``, ``replace``, ``ignore`` or ``windows``)."""
    return misdecode(text.encode("utf-8", errors="surrogatepass"), codec, mode)


def misdecode(data: bytes, codec: str, mode: str) -> str:
    """Decode ``data`` with ``codec`` the way ``mode`` software does."""
    if codec in DOUBLE_BYTE:
        if mode == "windows":
            name = f"mojifix-windows-{ord(DOUBLE_BYTE[codec]):x}"
            if name not in _REGISTERED:
                # Registering an error handler is process-global but only adds a name of
                # ours; it is done on first use, never on import.
                codecs.register_error(name, _windows_handler(DOUBLE_BYTE[codec]))  # type: ignore[arg-type]
                _REGISTERED.add(name)
            return data.decode(codec, errors=name)
        return data.decode(codec, errors=mode)
    if mode == "sloppy":
        return sloppy_decode(data, codec)
    return data.decode(codec, errors=mode)


@cache
def shown_as(first: int, last: int) -> frozenset[str]:
    """Every character some single-byte page shows for a byte from ``first`` to ``last``
    (C2-F4: where UTF-8 lead bytes land; 80-BF: continuation bytes)."""
    return frozenset(
        sloppy_table(codec)[b] for codec in SINGLE_BYTE for b in range(first, last + 1)
    )


def char_class(chars: set[str] | frozenset[str]) -> str:
    """A regular-expression character class matching exactly ``chars`` (in ranges)."""
    points = sorted(ord(ch) for ch in chars)
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = chr(points[i]), chr(points[j])
        parts.append(_escape(lo) if i == j else f"{_escape(lo)}-{_escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _escape(ch: str) -> str:
    if ch in "\\]^-[" or not ch.isprintable() or ch.isspace():
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch
