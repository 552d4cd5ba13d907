"""Build mojifix's character-frequency tables from wordfreq's word lists.

The repair engine scores candidate repairs ("is ``—`` or ``”`` the character whose last byte
was lost?", "is this Cyrillic or Greek once re-decoded?") with two small tables:

* unigrams: for every character seen in any language, the highest per-language frequency;
* bigrams: for every pair of adjacent characters within a word (``' '`` marks a word edge),
  the highest per-language conditional probability P(second | first).

Both are derived from wordfreq's word frequencies (data CC-BY-SA 4.0, by Robyn Speer and
contributors; see README's credits) and quantised to one byte of -log10, so the shipped file is
small and loads in milliseconds.  Run from the repository root::

    pip install wordfreq
    python scripts/build_tables.py

It writes ``src/mojifix/repair/data/charfreq.bin``, ``words.bin`` and ``symbols.bin`` (read by
``mojifix.repair.lexicon``) and ``common.bin`` (read by ``mojifix.repair.wordrank``).
"""

from __future__ import annotations

import array
import codecs
import json
import math
import struct
import sys
import unicodedata
import zlib
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "src/mojifix/repair/data/charfreq.bin"
WORDS_OUT = OUT.with_name("words.bin")
COMMON_OUT = OUT.with_name("common.bin")
SYMBOLS_OUT = OUT.with_name("symbols.bin")
LANGWORDS_OUT = OUT.with_name("langwords.bin")
# Languages whose lines mojifix must tell apart, and how many of each one's words it keeps.
LINE_LANGUAGES = ("ca", "de", "en", "es", "fr", "it", "nl", "pt")
LINE_WORDS = 5000
# Zipf frequency (log10 of uses per billion words) in tenths: the bands the East Asian repair
# weighs a restored word by, from the lowest that counts as common up in half steps.
COMMON_BANDS = (35, 40, 45, 50, 55, 60, 65)
WORDS_PER_LANGUAGE = 50_000
# Languages written without spaces, or split by wordfreq below the written word: a word list
# cannot say whether a stretch between spaces is a word.
NO_WORDS = {"zh", "ja", "ko"}
BLOOM_HASHES = 7
BLOOM_BITS_PER_WORD = 10  # about 1% false positives
# The word list is asked about every candidate a repair considers, thousands per damaged
# line, so it keeps its false positives ten times rarer.
WORD_BLOOM_HASHES = 10
WORD_BLOOM_BITS_PER_WORD = 15  # about 0.1% false positives
TOP_WORDS = {"zh": 200_000, "ja": 150_000}
DEFAULT_TOP = 60_000
MIN_COND = 1e-4  # bigrams rarer than this after their first char are left to the floor
SCALE = 20.0  # one byte holds -log10(p) * SCALE, so p down to 1e-12
# A pair's probability is taken only from languages that use both its characters at least
# this share as often as the language that uses each most: a Cyrillic letter in a few
# English loan entries must not give "р ends a word" the certainty English lists imply.
HOME_SHARE = 0.1


def quantise(p: float) -> int:
    import math

    return max(0, min(255, round(-math.log10(p) * SCALE)))


def language_stats(lang: str) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    freqs = wordfreq.get_frequency_dict(lang)
    top = TOP_WORDS.get(lang, DEFAULT_TOP)
    uni: dict[str, float] = defaultdict(float)
    bi: dict[tuple[str, str], float] = defaultdict(float)
    for n, (word, f) in enumerate(freqs.items()):
        if n >= top:
            break
        if not any(ch.isalpha() for ch in word):
            continue
        padded = f" {word} "
        for ch in word:
            uni[ch] += f
        for a, b in pairwise(padded):
            bi[a, b] += f
    total = sum(uni.values())
    uni_p = {ch: f / total for ch, f in uni.items()}
    out_of: dict[str, float] = defaultdict(float)
    for (a, _), f in bi.items():
        out_of[a] += f
    cond = {(a, b): f / out_of[a] for (a, b), f in bi.items() if f / out_of[a] >= MIN_COND}
    return uni_p, cond


def pair_table(
    per_language: list[tuple[dict[str, float], dict[tuple[str, str], float]]],
    home: dict[str, float],
) -> dict[tuple[str, str], float]:
    """Merge the languages' pair probabilities, each pair from the language that makes it likeliest
    among those that really write both characters (``' '``, a word's edge, every language does).

    Why not simply the highest: a language whose list holds a letter only in a handful of
    foreign entries has wild conditionals for it ("р" always ends a word), and the highest
    of all would let such noise outvote the languages that write the letter every day.
    """
    bi: dict[tuple[str, str], float] = {}
    for uni_p, cond in per_language:
        for (a, b), p in cond.items():
            if any(ch != " " and uni_p.get(ch, 0.0) < HOME_SHARE * home[ch] for ch in (a, b)):
                continue
            if p > bi.get((a, b), 0.0):
                bi[a, b] = p
    return bi


def traditional_prior() -> dict[str, float]:
    """Give Big5's level-1 ("frequently used") hanzi a modest frequency.

    wordfreq folds Traditional Chinese into Simplified, so without this a lost byte in
    Traditional text would always be restored as a Simplified or Japanese character.
    """
    prior: dict[str, float] = {}
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                ch = bytes([lead, trail]).decode("big5")
            except UnicodeDecodeError:
                continue
            prior[ch] = 2e-5
    return prior


def bloom_positions(word: str, size: int, hashes: int = BLOOM_HASHES) -> list[int]:
    """The bit positions of ``word`` (must match ``mojifix.repair.lexicon``)."""
    import hashlib

    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=16).digest()
    h1 = int.from_bytes(digest[:8], "little")
    h2 = int.from_bytes(digest[8:], "little") | 1
    return [(h1 + i * h2) % size for i in range(hashes)]


def build_words(langs: list[str]) -> None:
    """Write a Bloom filter of each language's most frequent words.

    A restored character that completes a known word ("Извинете", not "Извинето") is far
    likelier than one that does not; a Bloom filter answers "is this a word?" for 1.2 million
    words in 2.2 MB.
    """
    words: set[str] = set()
    for lang in langs:
        if lang in NO_WORDS:
            continue
        for n, word in enumerate(wordfreq.iter_wordlist(lang)):
            if n >= WORDS_PER_LANGUAGE:
                break
            if any(ch.isalpha() for ch in word) and all(ch.isalpha() for ch in word):
                words.add(word)
    size = len(words) * WORD_BLOOM_BITS_PER_WORD
    bits = bytearray((size + 7) // 8)
    for word in words:
        for pos in bloom_positions(word, size, WORD_BLOOM_HASHES):
            bits[pos >> 3] |= 1 << (pos & 7)
    header = struct.pack("<4sQI", b"MJW1", size, WORD_BLOOM_HASHES)
    WORDS_OUT.write_bytes(header + bytes(bits))
    print(f"wrote {WORDS_OUT} ({WORDS_OUT.stat().st_size} bytes): {len(words)} words")


def build_common(langs: list[str]) -> None:
    """Write a Bloom filter of the common words of spaced languages, with their band.

    A byte lost from "كان" leaves it looking like "مال" too; both are words, but one is
    among the ten commonest of Arabic.  Keys are ``"<band>\t<word>"``, the band being the
    word's highest Zipf frequency in any language, in tenths, rounded down to one of
    ``COMMON_BANDS``.  Every candidate word of a damaged line is looked up, so the filter
    keeps false positives as rare as the word list does.
    """
    best: dict[str, float] = {}
    for lang in langs:
        if lang in NO_WORDS:
            continue
        for word in wordfreq.iter_wordlist(lang):
            zipf = wordfreq.zipf_frequency(word, lang)
            if zipf * 10 < COMMON_BANDS[0]:
                break
            if word.isalpha():
                best[word] = max(best.get(word, 0.0), zipf)
    keys = {
        f"{max(b for b in COMMON_BANDS if zipf * 10 >= b)}\t{word}" for word, zipf in best.items()
    }
    size = len(keys) * WORD_BLOOM_BITS_PER_WORD
    bits = bytearray((size + 7) // 8)
    for key in sorted(keys):
        for pos in bloom_positions(key, size, WORD_BLOOM_HASHES):
            bits[pos >> 3] |= 1 << (pos & 7)
    header = struct.pack("<4sQI", b"MJC2", size, WORD_BLOOM_HASHES)
    COMMON_OUT.write_bytes(header + bytes(bits))
    print(f"wrote {COMMON_OUT} ({COMMON_OUT.stat().st_size} bytes): {len(keys)} words")


def build_symbols(langs: list[str]) -> None:
    """Write how often each emoji and pictographic symbol is written as a word of its own.

    The letter tables skip tokens without a letter, so every emoji looked alike to the
    repair: a lost byte of "🤞" came back as "🤀", the first of its block.  wordfreq counts
    emoji from social media text.  The figure kept is the Zipf frequency averaged over every
    language (zero where a list lacks it), in twentieths (one byte): the highest of any one
    language is noise from small lists ("⚘" looks commoner than "⚽" that way).
    """
    total: dict[int, float] = defaultdict(float)
    for lang in langs:
        for word, freq in wordfreq.get_frequency_dict(lang).items():
            base = word.rstrip("\ufe0f")  # the emoji presentation selector is not the symbol
            if len(base) == 1 and unicodedata.category(base) == "So":
                total[ord(base)] += max(0.0, math.log10(freq) + 9)
    keys = array.array("I", sorted(total))
    vals = bytes(min(255, round(total[k] / len(langs) * 20)) for k in keys)
    payload = struct.pack("<4sII", b"MJE1", len(keys), 0) + keys.tobytes() + vals
    SYMBOLS_OUT.write_bytes(zlib.compress(payload, 9))
    print(f"wrote {SYMBOLS_OUT} ({SYMBOLS_OUT.stat().st_size} bytes): {len(keys)} symbols")


def build_langwords() -> None:
    """Write the commonest words of a few Latin-script languages, each language apart.

    One Italian "è" read as GBK is one ideograph between words ("Venezia 猫 famosa"), and
    so is a Chinese word quoted in English ("the word 猫").  Which language the words
    around are in tells the two apart.  zlib-compressed JSON: ``{language: [word, ...]}``.
    """
    table: dict[str, list[str]] = {}
    for lang in LINE_LANGUAGES:
        words: list[str] = []
        for word in wordfreq.iter_wordlist(lang):
            if len(words) >= LINE_WORDS:
                break
            if word.isalpha():
                words.append(word)
        table[lang] = words
    payload = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode()
    LANGWORDS_OUT.write_bytes(zlib.compress(payload, 9))
    print(f"wrote {LANGWORDS_OUT} ({LANGWORDS_OUT.stat().st_size} bytes)")


def main() -> int:
    langs = sorted(wordfreq.available_languages())
    uni: dict[str, float] = {}
    per_language = []
    for lang in langs:
        u, b = language_stats(lang)
        for ch, p in u.items():
            uni[ch] = max(uni.get(ch, 0.0), p)
        per_language.append((u, b))
        print(f"{lang}: {len(u)} chars, {len(b)} bigrams", file=sys.stderr)
    bi = pair_table(per_language, uni)
    for ch, p in traditional_prior().items():
        uni[ch] = max(uni.get(ch, 0.0), p)
    uni_keys = array.array("I", sorted(ord(c) for c in uni))
    uni_vals = bytes(quantise(uni[chr(c)]) for c in uni_keys)
    bi_items = sorted(((ord(a) << 21) | ord(b), p) for (a, b), p in bi.items())
    bi_keys = array.array("Q", (k for k, _ in bi_items))
    bi_vals = bytes(quantise(p) for _, p in bi_items)
    payload = b"".join(
        [
            struct.pack("<4sII", b"MJF1", len(uni_keys), len(bi_keys)),
            uni_keys.tobytes(),
            uni_vals,
            bi_keys.tobytes(),
            bi_vals,
        ]
    )
    OUT.write_bytes(zlib.compress(payload, 9))
    print(
        f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(uni_keys)} chars, {len(bi_keys)} bigrams"
    )
    assert codecs.lookup("big5")
    build_words(langs)
    build_common(langs)
    build_symbols(langs)
    build_langwords()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
