"""Tell binary data from text by its content: magic numbers, then control bytes.

File names are not consulted: a ``.txt`` can hold a PNG and a ``.dat`` can hold prose.  A
binary verdict is the safe one (binary data is never changed), but calling text binary means
its damage goes unrepaired, so the rules below only fire on clear signs.
"""

from __future__ import annotations

import re

# Signatures that begin common binary formats.  Each is long or specific enough that a text
# file does not start with it by chance; formats whose signature is plain ASCII that prose
# could start with ("MZ", "BM") need control bytes as well, see _WEAK_MAGIC.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00\x01\x00\x00\x00", "TrueType font"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "ICO image"),
)
_WEAK_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "DOS/Windows executable"),
    (b"BM", "BMP image"),
    (b"RIFF", "RIFF media"),
)

# Control bytes that text does not contain.  TAB, LF, VT, FF, CR and ESC (which ISO-2022 and
# terminal logs use) are allowed, and so is SUB (0x1A), the DOS end-of-file mark.
_TEXT_CONTROLS = frozenset(b"\t\n\v\f\r\x1a\x1b")
_BAD_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
_DELETE_BAD = bytes.maketrans(b"", b"")

SAMPLE = 8192


# The signatures by their first byte: every file is checked, so one look-up, not thirty.
_BY_FIRST: dict[int, tuple[tuple[bytes, str], ...]] = {}
for _signature, _name in _MAGIC:
    _BY_FIRST[_signature[0]] = (*_BY_FIRST.get(_signature[0], ()), (_signature, _name))


def magic(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, if its signature is a known one."""
    for signature, name in _BY_FIRST.get(data[0], ()) if data else ():
        if data.startswith(signature):
            return name
    head = data[:SAMPLE]
    for signature, name in _WEAK_MAGIC:
        if data.startswith(signature) and control_ratio(head) > 0.02:
            return name
    return None


def control_ratio(sample: bytes) -> float:
    """Return the share of ``sample`` that is control bytes no text contains (NUL included)."""
    if not sample:
        return 0.0
    kept = sample.translate(_DELETE_BAD, _BAD_CONTROLS)
    return 1.0 - len(kept) / len(sample)


_NUL_RUN = re.compile(b"\x00+")
PADDING_RUNS = 3


def nul_padding(data: bytes) -> int:
    """Return how many NUL bytes pad otherwise clean text (in at most 3 runs), else 0.

    Some tools leave blocks of NULs in a text file: pre-allocated space, a buffer that was
    never filled, a crash during a write.  chardet's ``_mozilla_bug638318_text.html`` is a
    NUL, ``a``, 1,069 NULs, then ``<title>NOT UTF-16!</title>``, and browsers show it as text.
    When the NULs sit in a few runs and the rest has no other control bytes, the file is
    text; the NULs are kept when it is decoded, so nothing is lost.  Binary data scatters its
    NULs in many short runs among other control bytes.
    """
    runs = 0
    for _ in _NUL_RUN.finditer(data):
        runs += 1
        if runs > PADDING_RUNS:
            return 0
    if not runs:
        return 0
    rest = data.replace(b"\x00", b"")
    if not rest.strip() or control_ratio(rest[:SAMPLE]) > 0.0:
        return 0
    if len(rest.strip()) < 16 and not rest.isascii():
        # A few bytes among NULs: only plain ASCII letters make that text (a cut prefix
        # of a padded file); anything else is more likely binary.
        return 0
    return len(data) - len(rest)


def looks_binary(data: bytes) -> str | None:
    """Return why ``data`` is binary, or None when it may be text.

    Call it after the Unicode checks: UTF-16 and UTF-32 text is full of NUL bytes.  NUL never
    occurs in legacy-encoded text (git makes the same call), so any NUL outside padding marks
    binary data; without NUL, more than a quarter of control bytes does.  Random bytes hold
    about 11 % control bytes and a NUL every 256 bytes.
    """
    name = magic(data)
    if name:
        return name
    head = data[:SAMPLE]
    if b"\x00" in data and not nul_padding(data):
        return "NUL bytes"
    if control_ratio(head) > 0.25:
        return "control bytes"
    return None
