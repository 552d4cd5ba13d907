"""Legacy text shown with the wrong legacy code page (``Ïðèâåò``, ``ÄãºÃ``).

How it happens: a file written in one legacy page — Windows-1251 Russian, KOI8-R, GBK
Chinese, Shift-JIS Japanese, Windows-1253 Greek — is opened by software that assumes
Windows-1252 or Latin-1, and saved as UTF-8.  No byte is lost: every byte became one Latin
character, so "Привет" turns into "Ïðèâåò".  A file in Mac Roman read as Latin-1 shows C1
control characters where its accented letters were (``tur\\x92stico``).

How it is undone: re-encode the line with the page it was shown in, decode the bytes with
each plausible source page, and keep the reading that is most plausible as writing.

Why it is safe: the whole line must re-encode (a line with one Cyrillic letter in it is not
Windows-1252 mojibake), its bytes must not be UTF-8 (that is the UTF-8 pass's case), and the
new reading must beat the line as it is by a wide margin per character: correct French or
German has excellent letter pairs and loses to nothing.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import groupby, product

from mojifix.model import Kind
from mojifix.repair import lexicon
from mojifix.repair.codepages import NAMES, sloppy_encode, undefined_bytes
from mojifix.repair.edits import Edit, split_lines

SHOWN_AS = ("cp1252", "latin-1")
SOURCES = (
    "cp1251",
    "koi8-r",
    "koi8_u",
    "cp1250",
    "iso8859-2",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp874",
    "cp866",
    "gbk",
    "big5",
    "shift_jis",
    "euc_kr",
    "euc_jp",
)
# Pages whose text shows C1 controls when read as Latin-1: Windows-1252's own punctuation
# and Mac Roman's accented letters both sit at 0x80-0x9F.
C1_SOURCES = ("cp1252", "mac_roman")
# Correct typography: a line whose only odd characters are these is not mis-read text.
TYPOGRAPHY = frozenset(
    "\u201c\u201d\u2018\u2019\u201e\u201a\u2014\u2013\u2026\u2022\u20ac\u00a3\u00a5"
    "\u00a9\u00ae\u2122\u00d7\u00f7\u00b2\u00b3\u00b0\u00b1\u00bd\u00bc\u00be\u00ab"
    "\u00bb\u00b7\u00a7\u00b6\u00bf\u00a1\u00a0\u2039\u203a\u00b5"
)
NAMES_EXTRA = {"mac_roman": "Mac Roman", "cp866": "CP866", "cp850": "CP850", "koi8_u": "KOI8-U"}
PER_CHAR = 1.0  # log10 gain per non-ASCII character a new reading must show
MIN_GAIN = 1.5
PER_CHANGE = 1.5  # ... or, re-reading a single-byte page, per character it changes
DOUBLE_BYTE_SOURCES = frozenset({"gbk", "big5", "shift_jis", "euc_kr", "euc_jp"})
C1 = frozenset(chr(c) for c in range(0x80, 0xA0))
_ASCII = bytes(range(0x80))


def find_edits(text: str, skip: frozenset[int] = frozenset()) -> list[Edit]:
    """Return edits re-reading lines of legacy text decoded with the wrong legacy page.

    ``skip`` holds the (0-based) numbers of lines an earlier pass already repaired.
    """
    edits: list[Edit] = []
    pos = 0
    for number, line in enumerate(split_lines(text)):
        body = line.rstrip("\r\n")
        if number not in skip and lexicon.needs_search(body) and not lexicon.looks_clean(body):
            found = repair_line(body)
            if found is not None and repair_line(found[0]) is not None:
                # The new reading would itself be re-read ("\x9c\x9c" as Mac Roman is "úú",
                # which as Windows-1255 is "תת"): no reading is clearly the one meant.
                found = None
            if found is not None:
                fixed, story = found
                edits.append(Edit(pos, pos + len(body), fixed, Kind.LEGACY, story))
        pos += len(line)
    return edits


_C1_CHAR = re.compile("[\x80-\x9f]")
# A character outside ASCII and typography: a letter or symbol a re-reading may change.
_LETTER_OR_SYMBOL = re.compile(
    "[^\\x00-\\x7f" + "".join(re.escape(ch) for ch in sorted(TYPOGRAPHY)) + "]"
)

MIN_MEAN = -3.0  # log10 per character: real writing in any script scores above this
MIN_MEAN_CJK = -4.0  # ideographs are rarer one by one (and Traditional ones lack a list)
FEW = 3  # changes few enough that each must be a letter inside a word
MIN_LETTERS = 2  # fewer changed letters than this are too little to go on
MAX_LOST = 3  # U+FFFD a line may hold for the bytes behind them to be guessed


def repair_line(body: str) -> tuple[str, str] | None:
    """Find the (shown-as, source) pair of pages that best explains ``body``."""
    # Counted in C: a marked line of correct text often ends here or a few steps below.
    foreign = len(body) - len(body.encode("ascii", "ignore"))
    has_c1 = _C1_CHAR.search(body) is not None
    lost = body.count("\ufffd")
    if lost > MAX_LOST:
        return None
    if not has_c1 and len(_LETTER_OR_SYMBOL.findall(body)) < MIN_LETTERS:
        return None  # too little to re-read (and each reading below costs a scan)
    base: float | None = None
    best: tuple[float, str, str, str] | None = None
    tried: set[str] = set()
    body_flips = lexicon.case_flips(body)
    body_switches = lexicon.script_switches(body)
    for shown in SHOWN_AS:
        readings = list(_byte_readings(body, shown, lost))
        if not readings:
            continue
        high = len(readings[0].translate(None, _ASCII))
        in_utf8 = _utf8_sequences(readings[0])
        if in_utf8 * 4 >= high * (2 if has_c1 else 3):
            return None  # "â\x80\x9c" is UTF-8 read as Latin-1: not this pass's case
        for data in readings:
            for source in SOURCES + (C1_SOURCES if has_c1 else ()):
                if source == shown:
                    continue
                known = _may_read(data, source, body_flips, body_switches)
                if known is None:
                    continue
                try:
                    candidate = data.decode(source)
                except UnicodeDecodeError:
                    continue
                if candidate in tried:
                    continue  # another page read it the same: it cannot beat itself
                tried.add(candidate)
                if candidate == body or not lexicon.printable(candidate):
                    continue
                if known >= 0:
                    # Worked out on the bytes, with the same codes: the case flips passed,
                    # and the page has no ideographs or hangul.
                    switches, ideographic = known, 0
                else:
                    # No writer produces case flips or jumbled scripts.
                    if lexicon.case_flips(candidate) > max(1, body_flips):
                        continue
                    letters = lexicon.letter_scripts(candidate)
                    switches = lexicon.switches_in(letters)
                    if switches > body_switches + 1:
                        continue
                    ideographic = lexicon.count_scripts(letters, "CJK", "Hangul")
                if base is None:
                    base = lexicon.score(body)
                gain = lexicon.score_change(body, candidate, (body_switches, switches))
                floor = MIN_MEAN_CJK if ideographic * 2 > len(candidate) else MIN_MEAN
                if base + gain < floor * len(candidate):
                    continue
                if best is None or gain > best[0]:
                    story = f"{_name(source)} text shown as {_name(shown)}"
                    if lost:
                        story += f"; {lost} byte(s) lost as U+FFFD restored from context"
                    best = (gain, candidate, story, source)
        break  # the first page the line re-encodes in is the one it was shown in
    if best is None:
        return None
    gain, candidate, story, source = best
    if has_c1:
        needed = 0.5  # C1 controls are never meant: any sane reading is better
    elif source in DOUBLE_BYTE_SOURCES:
        ideographic = lexicon.count_scripts(lexicon.letter_scripts(candidate), "CJK", "Hangul")
        if foreign < 4 or ideographic < 2:
            return None
        needed = PER_CHAR * foreign
    else:
        # A re-read page may change only a few letters of mostly right text ("prùvodcem" for
        # "průvodcem", "s¹siada" for "sąsiada"); then each change must make a letter inside
        # a word, and symbols on their own ("0,3 µm ± 0,1 µm") are left alone.
        changes = [i for i, (a, b) in enumerate(zip(body, candidate)) if a != b]
        seen = [i for i in changes if body[i] != "\ufffd"]  # a guess at a lost byte is no evidence
        if sum(1 for i in seen if candidate[i].isalpha()) < MIN_LETTERS:
            return None
        if all(body[i] in TYPOGRAPHY for i in changes):
            return None  # “smart” quotes, € and © are what they seem
        if len(changes) <= FEW and not all(_in_word(candidate, i) for i in changes):
            return None
        needed = min(PER_CHAR * foreign, PER_CHANGE * len(changes))
    if gain < max(needed, MIN_GAIN):
        return None
    return candidate, story


UNKNOWN = -1  # what _may_read answers when only the decoded text can tell


def _may_read(data: bytes, source: str, body_flips: int, body_switches: int) -> int | None:
    """Whether a single-byte ``source``'s reading of ``data`` could pass the case and script
    tests of :func:`repair_line`, worked out on the bytes before decoding them: ``None`` if
    not, else the reading's script switches (``UNKNOWN`` when only the decoding can tell).

    One character per byte: the reading's case and script codes are the bytes' own, looked up
    at C speed (``bytes.translate``), and a correct Latin line whose accented letters some
    page turns into Cyrillic or Greek ones costs no decoding; a reading that passes needs
    no second count on its characters.  Double-byte pages, and a byte the page leaves
    undefined (the decoding fails), are left to the decoding.
    """
    tables = _byte_tables(source)
    if tables is None:
        return UNKNOWN
    cases, scripts, non_letters, defined = tables
    if data.translate(None, defined):
        return UNKNOWN  # an undefined byte: the decoding says no
    if data.translate(cases).count(b"lu") > max(1, body_flips):
        return None
    letters = data.translate(scripts, non_letters)
    switches = sum(1 for _ in groupby(letters)) - 1 if letters else 0
    return switches if switches <= body_switches + 1 else None


@cache
def _byte_tables(source: str) -> tuple[bytes, bytes, bytes, bytes] | None:
    """``bytes.translate`` tables giving, per byte of ``source``, the case code and script
    code :mod:`lexicon` gives its character; the bytes of non-letters; the defined bytes.

    ``None`` for a page that the byte codes would not describe exactly: double-byte, a
    byte read as more than one character, or a letter of a script counted apart
    (ideographs, hangul), which :func:`repair_line` weighs on its own.
    """
    if source in DOUBLE_BYTE_SOURCES:
        return None
    cases, scripts, non_letters, defined = bytearray(256), bytearray(256), bytearray(), bytearray()
    for b in range(256):
        try:
            ch = bytes([b]).decode(source)
        except UnicodeDecodeError:
            continue
        if len(ch) != 1:
            return None
        defined.append(b)
        script = lexicon.letter_scripts(ch)
        if len(script) > 1 or (script and ord(script) > 0xFF):
            return None
        if lexicon.count_scripts(script, "CJK", "Hangul"):
            return None
        # The case code ``case_flips`` gives the character, asked through that function: a
        # lower-case letter flips before "A", an upper-case one after "a".
        cases[b] = (
            ord("l")
            if lexicon.case_flips(ch + "A")
            else ord("u")
            if lexicon.case_flips("a" + ch)
            else 0
        )
        if script:
            scripts[b] = ord(script)
        else:
            non_letters.append(b)
    return bytes(cases), bytes(scripts), bytes(non_letters), bytes(defined)


def _in_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a letter with a letter beside it."""
    if not text[i].isalpha():
        return False
    return (i > 0 and text[i - 1].isalpha()) or (i + 1 < len(text) and text[i + 1].isalpha())


def _byte_readings(body: str, shown: str, lost: int) -> list[bytes]:
    """Re-encode ``body`` in ``shown``; each U+FFFD may be any byte ``shown`` leaves undefined."""
    if not lost:
        whole = sloppy_encode(body, shown)
        if whole is None or _is_utf8(whole):
            return []
        return [whole]
    parts: list[bytes] = []
    for piece in body.split("\ufffd"):
        encoded = sloppy_encode(piece, shown)
        if encoded is None:
            return []
        parts.append(encoded)
    holes = undefined_bytes(shown) or bytes(range(0x80, 0xA0))
    readings = []
    for fill in product(holes, repeat=lost):
        data = bytearray(parts[0])
        for b, part in zip(fill, parts[1:]):
            data.append(b)
            data.extend(part)
        if not _is_utf8(bytes(data)):
            readings.append(bytes(data))
    return readings


def _utf8_sequences(data: bytes) -> int:
    """Count the bytes of ``data`` that belong to complete multi-byte UTF-8 sequences."""
    if b"\xed" not in data:
        # Without the lead byte of a surrogate, the decoder finds the same sequences at C
        # speed: it drops what is not UTF-8 and keeps ASCII bytes and complete sequences.
        kept = data.decode("utf-8", "ignore")
        return len(kept.encode("utf-8")) - (len(data) - len(data.translate(None, _ASCII)))
    count = 0
    i = 0
    while i < len(data):
        b = data[i]
        need = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if need and i + need <= len(data):
            # surrogatepass: CESU-8 and Java's modified UTF-8 encode surrogates this way.
            try:
                data[i : i + need].decode("utf-8", errors="surrogatepass")
            except UnicodeDecodeError:
                pass
            else:
                count += need
                i += need
                continue
        i += 1
    return count


def _is_utf8(data: bytes) -> bool:
    """UTF-8 bytes are the UTF-8 pass's business, not this one's."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _name(codec: str) -> str:
    return NAMES.get(codec) or NAMES_EXTRA.get(codec) or codec
