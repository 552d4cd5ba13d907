"""How plausible a stretch of Chinese, Japanese or Korean is, split into its likeliest words.

A byte lost from ``家の犬`` leaves ``家な犬``, ``家に犬`` and ``家は犬`` just as possible to the
replay, and the pairs of characters inside words that :mod:`mojifix.repair.lexicon` knows
cannot choose: these languages put no spaces between words, so the choice lies across a word
boundary.  Splitting the text around the hole into the sequence of known words with the
highest joint frequency (a unigram word model, solved by dynamic programming) can: ``家`` +
``の`` + ``犬`` are three common words.

The table (``data/cjkwords.bin``, built by ``scripts/build_cjk_words.py`` from wordfreq,
CC-BY-SA 4.0) holds the commonest words of the three languages by a CRC-32 of their UTF-8 and
their Zipf frequency.  wordfreq lists Chinese in Simplified characters; Traditional text is
looked up through wordfreq's character map as well, so ``金黃色`` is as known as ``金黄色``.
"""

from __future__ import annotations

import array
import re
import zlib
from bisect import bisect_left
from functools import lru_cache

from mojifix.repair.lexicon import Packed, char_score

SCALE = 20.0
LONGEST = 6  # characters in the longest word the table holds
THAI_LONGEST = 12  # ... and of a Thai word, whose vowels and tone marks are characters too
UNKNOWN = -3.0  # log10 cost of a character no listed word explains, beyond its own rarity


@lru_cache(maxsize=1)
def _table() -> tuple[array.array[int], bytes, dict[int, int]]:
    """cjkwords.bin: word keys (uint32) and their Zipf bytes, then the fold map's pairs."""
    table = Packed("cjkwords.bin", b"MJS1")
    keys = table.numbers("I", table.first)
    values = table.octets(table.first)
    flat = table.numbers("I", 2 * table.second)
    fold = {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}
    return keys, values, fold


# The scripts written without spaces, as ranges for character classes: Thai; kana and
# ideographs; Hangul syllables and jamo.
THAI = "\u0e01-\u0e5b"
KANA_HAN = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
# Asking whether a stretch holds any costs one C-speed search.
UNSPACED_CHAR = re.compile(f"[{THAI}{KANA_HAN}{HANGUL}]")
THAI_CHAR = re.compile(f"[{THAI}]")


def unspaced(ch: str) -> bool:
    """Whether ``ch`` is Thai, an ideograph, kana or Hangul: a script written without spaces."""
    return UNSPACED_CHAR.match(ch) is not None


@lru_cache(maxsize=1 << 16)
def word_logp(word: str) -> float | None:
    """Return log10 of how often ``word`` is written (per word of text), or ``None``."""
    keys, values, fold = _table()
    best: float | None = None
    for form in {word, word.translate(fold)}:
        k = zlib.crc32(form.encode("utf-8"))
        i = bisect_left(keys, k)
        if i < len(keys) and keys[i] == k:
            logp = values[i] / SCALE - 9.0
            if best is None or logp > best:
                best = logp
    return best


@lru_cache(maxsize=1 << 16)
def score(text: str) -> float:
    """Return the log10 plausibility of ``text`` split into its likeliest words.

    Characters of other scripts stand alone at their own frequency; a character of these
    scripts that no listed word explains costs its rarity and then some.
    """
    n = len(text)
    best = [0.0] + [-1e9] * n
    for end in range(1, n + 1):
        ch = text[end - 1]
        if not unspaced(ch):
            best[end] = best[end - 1] + char_score(ch)
            continue
        single = word_logp(ch)
        best[end] = best[end - 1] + (single if single is not None else char_score(ch) + UNKNOWN)
        longest = THAI_LONGEST if THAI_CHAR.match(ch) else LONGEST
        for size in range(2, min(longest, end) + 1):
            start = end - size
            if not unspaced(text[start]):
                break
            logp = word_logp(text[start:end])
            if logp is not None and best[start] + logp > best[end]:
                best[end] = best[start] + logp
    return best[n]


@lru_cache(maxsize=1)
def _variants() -> tuple[frozenset[str], frozenset[str]]:
    _, _, fold = _table()
    traditional = frozenset(chr(cp) for cp in fold)
    simplified = frozenset(chr(cp) for cp in fold.values()) - traditional
    return traditional, simplified


def variant_clash(ch: str, context: str) -> bool:
    """Whether ``ch`` is a Simplified-only form among Traditional ones, or the reverse.

    A writer uses one standard: ``金黄色`` among ``秋天公園裡的樹葉`` is no one's spelling,
    though both forms are the same word to the word list.
    """
    traditional, simplified = _variants()
    if ch in traditional:
        own, other = traditional, simplified
    elif ch in simplified:
        own, other = simplified, traditional
    else:
        return False
    return sum(1 for c in context if c in other) > sum(1 for c in context if c in own)
