"""Screen every single-byte code page at once from byte counts, before anything costly runs.

A single-byte code page maps each byte to one character, so what a decode would contain can
be read off a histogram of the bytes above 0x7F without decoding anything: a byte that is a
C1 control or undefined in a page, a rare symbol, a letter from a script the page is not for.
Where a byte sits matters too, and three counts per byte value capture enough of it: how
often it occurs, how often it touches an ASCII letter, and how often it has an ASCII letter
on both sides.  A Cyrillic letter glued to a Latin one (``cafй``) or a symbol inside a word
(``caf¨``) is the look of a wrong page.

Every page's weights are tabulated once; screening a text is then one dot product per page
over the byte values present, so all sixty pages cost about as much as decoding the text
once.  Pages whose decode is the same text (for the bytes present) form one group.  The
screen only shortens the list that the statistical model and the full text checks
(:mod:`mojifix.detect.score`) see: its weights are the same rough log-odds units.
"""

from __future__ import annotations

import codecs
import operator
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from mojifix.detect.score import (
    BOX_DRAWING,
    COMMON_SYMBOLS,
    CONTROL,
    GLUED_SYMBOL,
    IN_WORD,
    MIXED_SCRIPT,
    ODD_SYMBOL,
    ODD_SYMBOLS,
    OUT_OF_ALPHABET,
    RARE_SYMBOL,
    SYMBOL_IN_WORD,
    TOUCHING,
)

# The single-byte code pages considered: those chardet 7 has models for, EBCDIC excepted.
# Listed roughly from common to rare, so that the first pages of a group are the ones worth
# asking chardet about.
SINGLE_BYTE: tuple[str, ...] = (
    "cp1252", "cp1250", "cp1251", "iso8859-1", "iso8859-2", "iso8859-15", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "koi8-r", "iso8859-5", "iso8859-7", "iso8859-9", "cp874",
    "tis-620", "cp1258", "iso8859-13", "iso8859-16", "koi8-u", "iso8859-8", "iso8859-6",
    "iso8859-4", "iso8859-3", "iso8859-10", "iso8859-14", "cp437", "cp850", "cp866", "cp852",
    "cp858", "cp865", "cp860", "cp861", "cp863", "cp857", "cp855", "cp775", "cp737", "cp869",
    "cp862", "cp864", "cp720", "cp1125", "mac-roman", "mac-cyrillic", "mac-latin2",
    "mac-greek", "mac-iceland", "mac-turkish", "kz1048", "ptcp154", "koi8-t", "cp856",
    "cp1006", "hp-roman8",
)  # fmt: skip

# An impossible byte (undefined in the page): the page cannot have produced the text at all.
IMPOSSIBLE = 1e6

_ASCII = bytes(range(0x80))
# A Latin letter between two other non-ASCII characters: European words have one or two
# accented letters in a row, not runs of them; runs are another script read as Latin.
LATIN_RUN = 1.0
# Non-letters that sit between two letters in real text: apostrophes, hyphens, dots.
_JOINERS = IN_WORD | frozenset("'‘’ʹʻʼ´`")


def script(ch: str) -> str:
    """Name the script of a letter coarsely: Latin (with combining accents), Greek, Cyrillic…"""
    cp = ord(ch)
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF or 0x0300 <= cp <= 0x036F:
        return "Latin"
    if 0x0370 <= cp < 0x0400 or 0x1F00 <= cp <= 0x1FFF:
        return "Greek"
    if 0x0400 <= cp < 0x0530:
        return "Cyrillic"
    if 0x0590 <= cp < 0x0600 or 0xFB1D <= cp <= 0xFB4F:
        return "Hebrew"
    if 0x0600 <= cp < 0x0700 or 0xFB50 <= cp <= 0xFEFF or 0x0750 <= cp < 0x0780:
        return "Arabic"
    if 0x0E00 <= cp < 0x0E80:
        return "Thai"
    return "other"


@dataclass(frozen=True)
class Page:
    """One code page's characters for bytes 0x80–0xFF and its screening weights.

    ``weights`` holds four blocks of 128: the cost of each byte value per occurrence, per
    occurrence touching an ASCII letter, per occurrence between two ASCII letters, and per
    occurrence between two other bytes above 0x7F.
    """

    name: str
    chars: str
    script: str
    weights: tuple[float, ...]
    decode: Callable[[bytes], tuple[str, int]]


def _char_cost(ch: str, main: str) -> tuple[float, float, float, float]:
    """Return the costs of ``ch``: always, touching an ASCII letter, inside an ASCII word,
    and inside a run of non-ASCII characters."""
    always, near, inside, inner = _costs(ch, main)
    if not near and ch not in TOUCHING and ch not in _JOINERS and not _letter_like(ch):
        near = GLUED_SYMBOL
    return always, near, inside, inner


def _letter_like(ch: str) -> bool:
    """Letters, marks and digits (of any script), and spaces: nothing glued about them."""
    cat = unicodedata.category(ch)
    return cat[0] in "LMN" or cat == "Zs" or ch == "\ufffd"


def _costs(ch: str, main: str) -> tuple[float, float, float, float]:
    cat = unicodedata.category(ch)
    if ch == "\ufffd":
        return IMPOSSIBLE, 0.0, 0.0, 0.0
    if "\x80" <= ch <= "\x9f" or cat in ("Cc", "Co", "Cn", "Cs"):
        return CONTROL, 0.0, 0.0, 0.0
    if ch in COMMON_SYMBOLS or cat == "Zs":
        return 0.0, 0.0, 0.0 if ch in _JOINERS else SYMBOL_IN_WORD, 0.0
    if cat[0] in "LM":
        kind = script(ch)
        foreign = OUT_OF_ALPHABET if kind not in (main, "Latin") else 0.0
        if kind == "Latin":
            return foreign, 0.0, 0.0, LATIN_RUN if cat[0] == "L" else 0.0
        return foreign, MIXED_SCRIPT, 0.0, 0.0
    if cat[0] == "P" and script(ch) not in ("Latin", "other"):
        # The script's own punctuation: Arabic comma, Hebrew maqaf, Greek ano teleia.
        return 0.0, 0.0, 0.0, 0.0
    if cat[0] == "N" or 0x3000 <= ord(ch) <= 0x303F or 0x2000 <= ord(ch) <= 0x206F:
        joins = ch in _JOINERS or cat[0] == "N"
        return 0.0, 0.0, 0.0 if joins else SYMBOL_IN_WORD, 0.0
    if 0x2500 <= ord(ch) <= 0x259F:
        return BOX_DRAWING, 0.0, SYMBOL_IN_WORD, 0.0
    return (ODD_SYMBOL if ch in ODD_SYMBOLS else RARE_SYMBOL), 0.0, SYMBOL_IN_WORD, 0.0


@cache
def page(name: str) -> Page:
    """Tabulate one code page (cached: each page is built once per process)."""
    chars = bytes(range(0x80, 0x100)).decode(name, errors="replace")
    scripts = Counter(
        script(ch) for ch in chars if unicodedata.category(ch)[0] == "L" and ch not in "µªº"
    )
    main = scripts.most_common(1)[0][0] if scripts else "Latin"
    costs = [_char_cost(ch, main) for ch in chars]
    weights = tuple(c[k] for k in range(4) for c in costs)
    decoder = codecs.lookup(name).decode
    return Page(name=name, chars=chars, script=main, weights=weights, decode=decoder)


@dataclass(frozen=True)
class Stats:
    """Counts of the bytes above 0x7F in a sample: per value, touching letters, inside words."""

    indices: tuple[int, ...]  # into Page.weights
    values: tuple[int, ...]  # the counts that go with them
    total: int
    near: int = 0  # how many of them touch an ASCII letter
    inner: int = 0  # how many sit between two others
    counts: Counter[int] = field(default_factory=Counter)  # each byte value's count

    @property
    def near_share(self) -> float:
        return self.near / self.total if self.total else 1.0


@lru_cache(maxsize=256)
def _getter(indices: tuple[int, ...]) -> Callable[[tuple[float, ...]], Any]:
    return operator.itemgetter(*indices) if len(indices) > 1 else lambda w: (w[indices[0]],)


def stats(sample: bytes) -> Stats:
    """Count the high bytes of ``sample`` and where they sit.

    Where they sit is worked out on the whole sample at once: the sample, a mask of its
    bytes above 0x7F and a mask of its ASCII letters are read as big integers, shifted by
    one byte to line each byte up with its neighbours, and ANDed; what is left of the
    sample are the bytes with the neighbours asked for.
    """
    high_bytes = sample.translate(None, _ASCII)
    high = Counter(high_bytes)
    indices: list[int] = [b - 0x80 for b in high]
    values: list[int] = list(high.values())
    total = len(high_bytes)
    found = [0, 0, 0, 0]
    if total:
        size = len(sample)
        whole = int.from_bytes(sample, "big")
        highs = int.from_bytes(sample.translate(_HIGH_MASK), "big")
        letters = int.from_bytes(sample.translate(_LETTER_MASK), "big")
        # In big-endian order, >> 8 brings each byte's left neighbour to it, << 8 its right.
        masks = (
            highs & ((letters >> 8) | (letters << 8)),  # touching an ASCII letter
            highs & (letters >> 8) & (letters << 8),  # between two ASCII letters
            highs & (highs >> 8) & (highs << 8),  # between two bytes above 0x7F
        )
        for block, mask in enumerate(masks, start=1):
            picked = (whole & mask).to_bytes(size, "big").translate(None, b"\x00")
            if not picked:
                continue
            counts = Counter(picked)
            offset = 128 * block - 0x80
            indices += [byte + offset for byte in counts]
            values += counts.values()
            found[block] = len(picked)
    return Stats(
        indices=tuple(indices),
        values=tuple(values),
        total=total,
        near=found[1],
        inner=found[3],
        counts=high,
    )


_HIGH_MASK = bytes(0xFF if b >= 0x80 else 0 for b in range(256))
_LETTER_MASK = bytes(0xFF if chr(b).isascii() and chr(b).isalpha() else 0 for b in range(256))


def screen(sample_stats: Stats, names: Iterable[str]) -> dict[str, float]:
    """Return the screening penalty of each page for the sample (≥ IMPOSSIBLE: cannot be)."""
    names = tuple(names)
    if not sample_stats.indices:
        return dict.fromkeys(names, 0.0)
    packed = _packed()
    total = 0
    for index, count in zip(sample_stats.indices, sample_stats.values):
        total += packed[index] * count
    fields = memoryview(total.to_bytes(8 * len(SINGLE_BYTE), sys.byteorder)).cast("Q").tolist()
    slots = _slots_of(names)
    if -1 not in slots:
        return dict(zip(names, [fields[slot] / _SCALE for slot in slots]))
    out: dict[str, float] = {}
    for name, slot in zip(names, slots):
        if slot < 0:  # a page asked for by name, outside the tabulated set
            getter = _getter(sample_stats.indices)
            weights = getter(page(name).weights)
            out[name] = sum(map(operator.mul, weights, sample_stats.values))
        else:
            out[name] = fields[slot] / _SCALE
    return out


@lru_cache(maxsize=64)
def _slots_of(names: tuple[str, ...]) -> tuple[int, ...]:
    """Each page's field in the packed screen, or -1 for a page outside it (a few sets recur)."""
    return tuple(_SLOTS.get(name, -1) for name in names)


# All pages are screened at once: each weight is a whole number of tenths, and column i
# packs every page's weight for index i into one integer, a field of _FIELD bits per page.
# Summing count x column over the indices present computes every page's penalty in one
# pass of big-integer arithmetic; no field can overflow (1,024 bytes x 4 blocks x 10^6).
_SCALE = 10
_FIELD = 64  # read back as unsigned 64-bit integers
_SLOTS = {name: slot for slot, name in enumerate(SINGLE_BYTE)}


@cache
def _packed() -> tuple[int, ...]:
    columns = []
    for index in range(4 * 128):
        column = 0
        for slot, name in enumerate(SINGLE_BYTE):
            weight = round(page(name).weights[index] * _SCALE)
            column |= weight << (_FIELD * slot)
        columns.append(column)
    return tuple(columns)
