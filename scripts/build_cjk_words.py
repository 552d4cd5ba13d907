"""Build the word-frequency table of Chinese, Japanese, Korean and Thai that the East Asian
repair segments text with.

Why: a byte lost from the middle of a Japanese sentence leaves ``は``, ``の``, ``な`` and
``に`` equally possible, and a lost byte in Chinese leaves a handful of ideographs.  Pairs of
characters inside words (``charfreq.bin``) cannot see across word boundaries, and these
languages write none.  Splitting the text around a hole into the likeliest sequence of known
words does: ``家の犬`` is three common words, ``家な犬`` is not.

Source: wordfreq's word lists (CC-BY-SA 4.0; credited in README), which hold Simplified
Chinese only; wordfreq's own Traditional-to-Simplified character map is shipped beside the
words so that Traditional text is looked up the same way.  wordfreq has no Thai; Thai words
come from the Thai National Corpus frequency list that PyThaiNLP publishes (``tnc_freq.txt``,
CC0 1.0), which Thai, written without spaces too, needs as much.  Run from the repository
root::

    pip install wordfreq msgpack pythainlp
    python scripts/build_cjk_words.py

Output: ``src/mojifix/repair/data/cjkwords.bin``, read by ``mojifix.repair.segment``.
Format (zlib-compressed): ``<4sII`` magic ``MJS1``, word count, fold count; the words' keys
(CRC-32 of their UTF-8, sorted, uint32); one byte per word, its Zipf frequency times
``SCALE``; then the fold map as sorted pairs of uint32 (Traditional, Simplified).
"""

from __future__ import annotations

import array
import gzip
import math
import os
import struct
import zlib
from pathlib import Path

import msgpack
import wordfreq

from mojifix.repair.segment import unspaced

OUT = Path(__file__).resolve().parent.parent / "src/mojifix/repair/data/cjkwords.bin"
# Words per language, by frequency; together about 400,000 keys, so a CRC-32 look-up of a
# string that is no word answers "known" once in ten thousand tries.
TOP = {"zh": 200_000, "ja": 150_000, "ko": 30_000}
THAI_TOP = 60_000
LONGEST = 6
THAI_LONGEST = 12  # Thai spells a word in more characters: vowels and tone marks count
SCALE = 20  # one byte holds zipf * SCALE, so Zipf 0 to 12.75


def key(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def thai_words() -> list[tuple[str, float]]:
    """The commonest Thai words of the Thai National Corpus with their Zipf frequency."""
    import pythainlp

    path = os.path.join(os.path.dirname(pythainlp.__file__), "corpus", "tnc_freq.txt")
    counts: list[tuple[str, int]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.rstrip("\n").partition("\t")
            counts.append((word, int(count)))
    total = sum(count for _, count in counts)
    words = []
    for word, count in counts:
        if len(word) <= THAI_LONGEST and all(unspaced(ch) and ch >= "\u0e00" for ch in word):
            words.append((word, math.log10(count / total) + 9))
        if len(words) >= THAI_TOP:
            break
    print(f"th: {len(words)} words")
    return words


def main() -> int:
    table: dict[int, int] = {}
    for lang, top in TOP.items():
        wordlist = "large" if lang in wordfreq.available_languages("large") else "best"
        freqs = wordfreq.get_frequency_dict(lang, wordlist)
        taken = 0
        for word, freq in freqs.items():
            if taken >= top:
                break
            if len(word) > LONGEST or not all(unspaced(ch) for ch in word):
                continue
            zipf = math.log10(freq) + 9
            value = max(0, min(255, round(zipf * SCALE)))
            k = key(word)
            table[k] = max(table.get(k, 0), value)
            taken += 1
        print(f"{lang}: {taken} words")
    for word, zipf in thai_words():
        k = key(word)
        table[k] = max(table.get(k, 0), max(0, min(255, round(zipf * SCALE))))
    mapping_path = os.path.join(
        os.path.dirname(wordfreq.__file__), "data", "_chinese_mapping.msgpack.gz"
    )
    with gzip.open(mapping_path) as handle:
        mapping = msgpack.load(handle, raw=False, strict_map_key=False)
    fold = sorted(
        (cp, ord(simple))
        for cp, simple in mapping.items()
        if len(simple) == 1 and chr(cp) != simple
    )
    keys = array.array("I", sorted(table))
    values = bytes(table[k] for k in keys)
    flat = array.array("I", [x for pair in fold for x in pair])
    raw = struct.pack("<4sII", b"MJS1", len(keys), len(fold)) + keys.tobytes() + values
    raw += flat.tobytes()
    OUT.write_bytes(zlib.compress(raw, 9))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(keys)} keys, {len(fold)} folds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
