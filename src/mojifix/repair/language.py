"""Which of a few Latin-script languages a line's words are in.

A lone ideograph between ASCII words is either a quoted Chinese or Japanese word ("the word
猫 means cat") or a one-letter word whose UTF-8 a double-byte page read as one ideograph
("Venezia 猫 famosa" is Italian "è" read as GBK).  The letters around cannot tell the two
apart; the language of the words around can, since "è" is a word only in Italian.

``data/langwords.bin`` (built by ``scripts/build_tables.py`` from wordfreq) holds the 5,000
commonest words of each language, English among them so that it can win.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache

from mojifix.repair.lexicon import data_file

# Accented letters that are words by themselves, and the languages that write them so.
ONE_LETTER_WORDS: dict[str, frozenset[str]] = {
    "\u00e8": frozenset({"it"}),  # è: "is"
    "\u00e0": frozenset({"fr", "pt", "ca"}),  # à: "to", "at"
    "\u00e9": frozenset({"pt"}),  # é: "is"
}
MIN_WORDS = 3  # common words of the language the line must hold
LEAD = 2  # ... more than of any other language

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _tables() -> dict[str, frozenset[str]]:
    raw = json.loads(zlib.decompress(data_file("langwords.bin")))
    return {lang: frozenset(words) for lang, words in raw.items()}


def line_language(text: str) -> str | None:
    """The language whose common words ``text`` holds clearly the most of, if any."""
    words = [w.casefold() for w in _WORD.findall(text)]
    counts = sorted(
        ((sum(w in table for w in words), lang) for lang, table in _tables().items()),
        reverse=True,
    )
    (best, lang), (second, _) = counts[0], counts[1]
    if best >= MIN_WORDS and best >= second + LEAD:
        return lang
    return None


def one_letter_word(letter: str, text: str) -> bool:
    """Whether ``letter`` is a word of the language ``text`` (the line around it) is in."""
    languages = ONE_LETTER_WORDS.get(letter)
    return languages is not None and line_language(text) in languages
