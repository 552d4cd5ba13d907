"""How common a known word is: the tie-breaker between two words a lost byte leaves open.

A byte dropped from "كان" ("was") leaves the same damage as one dropped from "مال"
("money"), and both are in the word lists that :func:`mojifix.repair.lexicon.known_word`
checks.  Letter statistics cannot tell them apart either; how often each word is written
can: the first is among the ten commonest words of Arabic.  ``data/common.bin`` (built by
``scripts/build_tables.py`` from wordfreq) is a Bloom filter of the words of spaced languages
with a Zipf frequency of at least 3.5 (on average the 18,000 commonest of each), each keyed
with its band in half steps, so the repair can weigh a restored word by how common it is.
"""

from __future__ import annotations

from functools import lru_cache

from mojifix.repair.lexicon import Bloom, bloom_contains, load_bloom

# Bands as written by scripts/build_tables.py (the highest Zipf frequency of the word in any
# language, in tenths, rounded down to a half step), highest first.  A restored word of a band
# adds BAND_SLOPE per Zipf unit above the lowest band to its reading (log10 units, like the
# scores of mojifix.repair.lexicon): somewhat less than the difference in frequency, since a
# rarer word is often the right one and the letters around are judged as well.
BANDS: tuple[int, ...] = (65, 60, 55, 50, 45, 40, 35)
BAND_SLOPE = 0.8


@lru_cache(maxsize=1)
def _filter() -> Bloom:
    return load_bloom("common.bin", b"MJC2")


@lru_cache(maxsize=1 << 14)
def common_bonus(word: str) -> float:
    """Return what ``word`` being common adds to a reading that makes it (0 if not common)."""
    folded = word.casefold()
    for band in BANDS:
        if bloom_contains(_filter(), f"{band}\t{folded}"):
            return BAND_SLOPE * (band - BANDS[-1]) / 10
    return 0.0


def word_around(text: str, left: str, right: str) -> str:
    """The run of letters that ``text`` (placed between ``left`` and ``right``) belongs to."""
    lo = len(left)
    while lo > 0 and left[lo - 1].isalpha():
        lo -= 1
    hi = 0
    while hi < len(right) and right[hi].isalpha():
        hi += 1
    return left[lo:] + text + right[:hi]
