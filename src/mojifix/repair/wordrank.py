"""How common a known word is: the tie-breaker between two words a lost byte leaves open.

A byte dropped from "كان" ("was") leaves the same damage as one dropped from "مال"
("money"), and both are in the word lists that :func:`mojifix.repair.lexicon.known_word`
checks.  Letter statistics cannot tell them apart either; how often each word is written
can: the first is among the ten commonest words of Arabic.  ``data/common.bin`` (built by
``scripts/build_tables.py`` from wordfreq) is a Bloom filter of the words of spaced languages
with a Zipf frequency of at least 5 (about the thousand commonest of each), each keyed with
its band, so the repair can weigh a restored word by how common it is.
"""

from __future__ import annotations

from functools import lru_cache

from mojifix.repair.lexicon import Bloom, bloom_contains, load_bloom

# Bands as written by scripts/build_tables.py (Zipf frequency rounded down), highest first,
# with what a restored word of that band adds to its reading (log10 units, like the scores
# of mojifix.repair.lexicon): about the difference in frequency from an ordinary known word.
BANDS: tuple[tuple[int, float], ...] = ((6, 1.6), (5, 0.8))


@lru_cache(maxsize=1)
def _filter() -> Bloom:
    return load_bloom("common.bin", b"MJC1")


@lru_cache(maxsize=1 << 14)
def common_bonus(word: str) -> float:
    """Return what ``word`` being common adds to a reading that makes it (0 if not common)."""
    folded = word.casefold()
    for band, bonus in BANDS:
        if bloom_contains(_filter(), f"{band}\t{folded}"):
            return bonus
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
