"""How plausible a piece of text is as human writing, from character frequencies.

The tables come from wordfreq's word lists (CC-BY-SA 4.0; see README's credits), built by
``scripts/build_tables.py``: for every character its highest frequency in any of wordfreq's
languages, and for every pair of adjacent characters inside a word its highest conditional
probability.  Scores are sums of log10 probabilities, so a repair that turns three unlikely
characters into one likely character gains, and a re-decoding that yields a jumble of scripts
loses.  The tables load lazily on first use: clean ASCII never pays for them.
"""

from __future__ import annotations

import array
import os
import re
import struct
import unicodedata
import zlib
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, groupby
from operator import ne

SCALE = 20.0
FLOOR = -9.0  # a character no language uses
BIGRAM_FLOOR = -4.5  # two letters never seen together inside a word

# Characters outside any word list, by how often real text holds them (log10).
_ASCII_PUNCT = -1.6
_TYPOGRAPHIC = {
    "\u2014": -3.0,  # em dash
    "\u2013": -3.3,  # en dash
    "\u201c": -3.0,
    "\u201d": -3.0,
    "\u2018": -3.6,
    "\u2019": -2.8,
    "\u2026": -3.4,  # ellipsis
    "\u2022": -3.6,  # bullet
    "\u00a0": -3.2,  # no-break space
    "\u00ab": -3.6,
    "\u00bb": -3.6,
    "\u201e": -4.2,
    "\u201a": -5.0,
    "\u2039": -5.5,
    "\u203a": -5.5,
    "\u00b0": -4.0,
    "\u00a9": -4.3,
    "\u00ae": -4.6,
    "\u2122": -4.6,
    "\u20ac": -4.0,
    "\u00a3": -4.3,
    "\u00a5": -4.8,
    "\u00b7": -4.6,
    "\u00bd": -5.0,
    "\u00d7": -4.8,
    "\u00b1": -5.0,
    "\u2032": -5.5,
    "\u2033": -5.5,
    "\u00a7": -5.0,
    "\u00bf": -4.5,
    "\u00a1": -4.5,
    "\u3000": -3.5,  # ideographic space
    "\u3001": -2.2,
    "\u3002": -2.0,
    "\u300c": -3.0,
    "\u300d": -3.0,
    "\u30fb": -3.8,
    "\ufeff": -6.5,
    "\u200b": -6.0,
    "\u200d": -3.5,  # zero-width joiner: inside every family and flag emoji
    "\ufe0f": -3.5,  # emoji presentation selector
    "\u202f": -4.5,  # narrow no-break space: French punctuation
    "\u00df": -2.6,  # ß: wordfreq spells it "ss"
    "\u2192": -4.2,  # →
    "\u2116": -4.6,  # №: Russian and Ukrainian number every document with it
}


class _Pairs:
    """A read-only map from packed character pairs to scores, searched by bisection.

    Building a dict of 200,000 pairs costs a tenth of a second at start-up; a sorted array
    costs nothing to load and answers the few thousand look-ups a repair makes in time.
    """

    def __init__(self, keys: array.array[int], values: bytes) -> None:
        self._keys = keys
        self._values = values

    def get(self, key: int) -> float | None:
        i = bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return -self._values[i] / SCALE
        return None


def data_file(name: str) -> bytes:
    """The bytes of one of the engine's data files.

    Read by path next to this module rather than through ``importlib.resources``, whose
    import alone costs a pre-commit run of one file more than the whole check.
    """
    with open(os.path.join(os.path.dirname(__file__), "data", name), "rb") as handle:
        return handle.read()


class Packed:
    """Read a table written by the build scripts: zlib-compressed, a four-byte magic and two
    counts, then arrays one after the other (each reader's docstring says which)."""

    def __init__(self, name: str, magic: bytes) -> None:
        self._raw = zlib.decompress(data_file(name))
        found, self.first, self.second = struct.unpack_from("<4sII", self._raw)
        if found != magic:
            raise RuntimeError(f"mojifix: {name} has an unknown format")
        self._at = struct.calcsize("<4sII")

    def numbers(self, typecode: str, count: int) -> array.array[int]:
        out = array.array(typecode)
        size = out.itemsize * count
        out.frombytes(self._raw[self._at : self._at + size])
        self._at += size
        return out

    def octets(self, count: int) -> bytes:
        self._at += count
        return self._raw[self._at - count : self._at]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, float], _Pairs]:
    """charfreq.bin: characters (uint32) and their scores, then pairs (uint64) and theirs."""
    table = Packed("charfreq.bin", b"MJF1")
    uni_keys = table.numbers("I", table.first)
    uni_vals = table.octets(table.first)
    bi_keys = table.numbers("Q", table.second)
    bi_vals = table.octets(table.second)
    uni = {k: -v / SCALE for k, v in zip(uni_keys, uni_vals)}
    return uni, _Pairs(bi_keys, bi_vals)


SYMBOL_UNSEEN = -5.0  # an emoji no word list has seen
# Score per unit of Zipf frequency (averaged over languages), around an everyday emoji's 0.5.
SYMBOL_SLOPE = 0.8


@lru_cache(maxsize=1)
def _symbols() -> dict[int, float]:
    """symbols.bin: emoji and symbols (uint32) and their Zipf frequency averaged over
    languages, in twentieths."""
    table = Packed("symbols.bin", b"MJE1")
    keys = table.numbers("I", table.first)
    return {k: v / 20 for k, v in zip(keys, table.octets(table.first))}


# Letters with a separate form at the end of a word (Greek sigma, Hebrew kaf, mem, nun, pe
# and tsadi); wordfreq folds Greek's away, so the table cannot tell them apart.
FINAL_FORMS = frozenset("\u03c2\u05da\u05dd\u05df\u05e3\u05e5")
_MEDIAL_FORMS = frozenset("\u03c3\u05db\u05de\u05e0\u05e4\u05e6")
MISPLACED_FINAL = -3.0

# wordfreq case-folds its words: "ß" became "ss" and final "ς" became "σ".
_FOLD = {"\u03c2": "\u03c3"}


@lru_cache(maxsize=1 << 14)
def _fold(ch: str) -> str:
    low = ch.lower()[:1]
    return _FOLD.get(low, low)


@lru_cache(maxsize=65536)
def char_score(ch: str) -> float:
    """Return log10 of how often ``ch`` occurs in real text (roughly)."""
    if ch in _TYPOGRAPHIC:
        return _TYPOGRAPHIC[ch]
    if ch < "\x80":
        if ch.isalnum():
            return -1.3
        if ch in " \t\n\r":
            return -0.9
        if ch.isprintable():
            return _ASCII_PUNCT
        return -7.0
    if "\uff66" <= ch <= "\uff9f":
        return -4.5  # half-width katakana: receipts, old terminals, ticket machines
    if "\u0e01" <= ch <= "\u0e4e":
        # Thai: no word list covers it (stray entries elsewhere are not Thai).  Two letters
        # fell out of use decades ago; a lost byte restored as one of them is a wrong guess.
        return -5.5 if ch in "\u0e03\u0e05" else -1.6
    if unicodedata.normalize("NFC", ch) != ch:
        # The Kelvin sign, the Ohm sign, Greek letters with oxia: duplicates that Unicode
        # maps to the usual character, which is what text holds.  They are not as common
        # as the letter they fold to ("K" is not "k").
        return -7.0
    uni, _ = _tables()
    folded = _FOLD.get(ch.lower(), ch.lower())
    if unicodedata.category(ch) == "Mn":
        # Word lists spell vowel signs and shadda inconsistently; none is rare in its script.
        return max(uni.get(ord(ch), -4.0), -4.0)
    if len(folded) == 1 and ord(folded) in uni:
        # Capitals are rarer than their lower case; wordfreq has only the latter.
        return uni[ord(folded)] - (0.0 if folded == ch else 0.8)
    if ord(ch) in uni:
        return uni[ord(ch)]
    base = unicodedata.normalize("NFD", folded)[:1]
    if base != folded and ord(base) in uni and ch.isalpha():
        # An accented letter no list happens to hold: as rare as its base letter, and then
        # some.
        return uni[ord(base)] - 2.0
    cat = unicodedata.category(ch)
    if cat == "Mn":
        return -4.0  # vowel signs and accents of scripts whose lists spell them apart
    if cat == "So" and (
        "\U0001f300" <= ch <= "\U0001f6ff"
        or "\U0001f900" <= ch <= "\U0001faff"
        or "\u2600" <= ch <= "\u27bf"
    ):
        # Emoji and dingbats: common in messages and posts, some far more than others ("🤞"
        # is written, "🤀" next to it hardly ever).  Kept around the old flat -4.5, so that
        # they weigh against letters and ideographs as before.
        zipf = _symbols().get(ord(ch))
        if zipf is None:
            return SYMBOL_UNSEEN
        return max(SYMBOL_UNSEEN, min(-3.0, -4.5 + SYMBOL_SLOPE * (zipf - 0.5)))
    if cat.startswith("P") and ("\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff65"):
        return -2.6  # CJK and full-width punctuation: in every paragraph of CJK text
    if ch == "\ufffd" or cat in ("Cc", "Co", "Cs", "Cn"):
        return FLOOR
    if cat.startswith("L") or cat.startswith("M"):
        return -7.0
    if cat.startswith("N"):
        return -4.5
    if cat == "Zs":
        return -5.5
    return -6.0


# Written without spaces between words (Thai, Chinese, Japanese), or with particles that
# wordfreq splits off as words of their own (Korean).
UNSPACED = frozenset({"CJK", "Thai", "Hangul"})


@lru_cache(maxsize=1 << 16)
def pair_score(a: str, b: str) -> float | None:
    """Return log10 P(b | a) inside a word, or ``None`` when the pair is not letters."""
    if not (a.isalpha() and b.isalpha()):
        return None
    _, bi = _tables()
    a, b = _fold(a), _fold(b)
    key = (ord(a) << 21) | ord(b)
    got = bi.get(key)
    if got is not None:
        return got
    if script_of(a) in UNSPACED and script_of(b) in UNSPACED:
        # Chinese and Japanese are written without spaces, and wordfreq's lists hold words,
        # so a pair missing from them may simply straddle two words: back off to how common
        # the second character is (Thai has no list at all).  The long-vowel mark only ever
        # follows kana.
        if b == "\u30fc" and not ("\u3040" <= a <= "\u30ff"):
            return FLOOR
        return char_score(b) - 0.5
    return BIGRAM_FLOOR


@lru_cache(maxsize=1 << 16)
def edge_score(a: str, b: str) -> float:
    """Return log10 of ``b`` starting a word (a=' ') or ``a`` ending one (b=' ')."""
    _, bi = _tables()
    key = (ord(_fold(a)) << 21) | ord(_fold(b))
    got = bi.get(key)
    return got if got is not None else BIGRAM_FLOOR


Bloom = tuple[bytes, int, int]  # the bits, their number, the number of hashes


def load_bloom(name: str, magic: bytes) -> Bloom:
    """Read a Bloom filter written by ``scripts/build_tables.py`` from the data folder."""
    raw = data_file(name)
    found, size, hashes = struct.unpack_from("<4sQI", raw)
    if found != magic:
        raise RuntimeError(f"mojifix: {name} has an unknown format")
    return raw[struct.calcsize("<4sQI") :], size, hashes


def bloom_contains(bloom: Bloom, key: str) -> bool:
    """Bloom look-up; the hashing must match ``bloom_positions`` in the build script.

    A "no" is certain; a "yes" is wrong as often as the filter was built for (0.1%).
    """
    from hashlib import blake2b  # OpenSSL's start-up, paid only once a word is looked up

    bits, size, hashes = bloom
    digest = blake2b(key.encode("utf-8"), digest_size=16).digest()
    h1 = int.from_bytes(digest[:8], "little")
    h2 = int.from_bytes(digest[8:], "little") | 1
    for i in range(hashes):
        pos = (h1 + i * h2) % size
        if not bits[pos >> 3] & (1 << (pos & 7)):
            return False
    return True


@lru_cache(maxsize=1)
def _words() -> Bloom:
    return load_bloom("words.bin", b"MJW1")


# Characters Python's str.isprintable() refuses that text holds every day: the spaces of
# typography (no-break, narrow no-break, thin) and the joiners inside emoji and Indic words.
_INVISIBLE_OK = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200c\u200d]")


def printable(text: str) -> bool:
    """Whether ``text`` holds only characters a writer puts in text (no controls)."""
    return text.isprintable() or _INVISIBLE_OK.sub("", text).isprintable()


@lru_cache(maxsize=1 << 16)
def known_word(word: str) -> bool:
    """Whether ``word`` is among the 50,000 commonest words of a language wordfreq lists.

    A Bloom filter: a "yes" is wrong about once in a thousand, a "no" never.  The repair asks
    about thousands of candidate words per damaged line, so a filter that said "yes" once in
    a hundred let non-words like "цтемнеею" pass as known.
    """
    return bloom_contains(_words(), word.casefold())


# Typography and symbols that stand between words in correct text.
COMMON_MARKS = frozenset(
    "\u201c\u201d\u2018\u2019\u201e\u201a\u2014\u2013\u2026\u2022\u20ac\u00a3\u00a5"
    "\u00a9\u00ae\u2122\u00d7\u00f7\u00b2\u00b3\u00b0\u00b1\u00bd\u00bc\u00be\u00ab"
    "\u00bb\u00b7\u00a7\u00b6\u00bf\u00a1\u00a0\u2039\u203a\u2192\u202f\u2212"
)
_NEEDS_SEARCH = re.compile("[^\\x00-\\x7f" + "".join(sorted(COMMON_MARKS)) + "]|[^\\x00-\\x7f]{2}")


def needs_search(text: str) -> bool:
    """Whether any repair pass could find something in ``text``.

    Every kind of mojibake leaves either a character outside plain typography (``Ã``, ``鈥``,
    ``Ð``) or two non-ASCII characters side by side; text with neither — English with curly
    quotes and dashes, say — is settled by one regular-expression scan at C speed, for the
    whole text and then for each line.
    """
    return _NEEDS_SEARCH.search(text) is not None


_EDGE_MARKS = "".join(COMMON_MARKS) + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789"


# C1 controls (never in correct text; NEL even splits words), and a lead letter of
# Windows-1252 mojibake before a no-break space, where a lost A0 byte splits the word in two
# ("GÃ\xa0idhlig").
_NEVER_CLEAN = re.compile("[\x80-\x9f]|[\u00c2\u00c3\u00c5\u00ce\u00d0\u00d9\u00e0-\u00e3]\u00a0")


def looks_clean(line: str) -> bool:
    """Whether every non-ASCII word of ``line`` is a known word, and every other non-ASCII
    character common typography.

    Mojibake makes words no list holds ("rÃ©sumÃ©", "Ïðèâåò"), so a line that passes needs
    no candidate search at all: this is the fast path for correct text.  Lines in scripts
    written without spaces cannot be judged this way and are never called clean.
    """
    if _NEVER_CLEAN.search(line):
        return False
    for token in line.split():
        if token.isascii():
            continue
        word = token.strip(_EDGE_MARKS)
        if not word:
            continue
        if not word.isalpha():
            parts = [part for part in re.split("[\u2019-]", word) if part]
            if parts and all(p.isalpha() and known_word(p) for p in parts):
                continue
            return False
        if len(word) < 2 or any(script_of(ch) in UNSPACED for ch in word):
            return False  # one letter proves nothing ("Ã" before a lost no-break space)
        if not known_word(word):
            return False
    return True


LONGEST = 40  # letters in the longest word worth looking up
WORD_KNOWN = 2.5  # a repair that completes a known word
WORD_UNKNOWN = -1.0  # ... or leaves a whole word no list knows


def word_fit(
    text: str, left: str, right: str, *, left_open: bool = False, right_open: bool = False
) -> float:
    """Score how well ``text`` completes the word it sits in, given its neighbours.

    ``left_open``/``right_open`` say that the context is cut short on that side (the word
    may go on into text not yet known).  Only words whose both ends are visible count, and
    only in scripts written with spaces: Chinese, Japanese and Thai have no word boundaries
    to check.
    """
    if any(ch.isalpha() and script_of(ch) in UNSPACED for ch in text):
        return 0.0  # the word holds a letter of a script without spaces: nothing to check
    # Only the letters next to ``text`` matter, and no word list holds a word longer than
    # LONGEST: looking no further keeps a line that is one long run of letters linear.
    near_left = left[-LONGEST - 1 :]
    start = len(near_left)
    full = near_left + text + right[: LONGEST + 1]
    lo = start
    while lo > 0 and full[lo - 1].isalpha():
        lo -= 1
    hi = start + len(text)
    while hi < len(full) and full[hi].isalpha():
        hi += 1
    cut_left = lo == 0 and len(near_left) < len(left)
    cut_right = hi == len(full) and len(full) - start - len(text) < len(right)
    if cut_left or cut_right:
        return 0.0  # longer than any word: not one a list could know
    if (lo == 0 and left_open) or (hi == len(full) and right_open):
        return 0.0  # the word runs past the context we were given
    word = full[lo:hi]
    if len(word) < 2 or not word.isalpha() or any(script_of(c) in UNSPACED for c in word):
        return 0.0
    return WORD_KNOWN if known_word(word) else WORD_UNKNOWN


SCRIPT_SWITCH = -2.0  # a letter in a different script from the letter before it
ORPHAN_MARK = -4.0  # a combining mark with no letter to sit on
CASE_FLIP = -2.0  # an upper-case letter straight after a lower-case one: "вЕ", "тТ"


@lru_cache(maxsize=65536)
def script_of(ch: str) -> str:
    """Name the writing system of a letter coarsely (Han and kana count as one)."""
    if ch < "\u0250":
        return "Latin"
    cp = ord(ch)
    if 0x0370 <= cp < 0x0400:
        return "Greek"
    if 0x0400 <= cp < 0x0530:
        return "Cyrillic"
    if 0x0590 <= cp < 0x0600:
        return "Hebrew"
    if 0x0600 <= cp < 0x0700:
        return "Arabic"
    if 0x0E00 <= cp < 0x0E80:
        return "Thai"
    if 0x1E00 <= cp < 0x1F00:
        return "Latin"
    if 0x1100 <= cp < 0x1200 or 0x3130 <= cp < 0x3190 or 0xAC00 <= cp < 0xD7B0:
        return "Hangul"
    if 0x2E80 <= cp < 0xA000 or 0xF900 <= cp < 0xFB00 or 0xFF66 <= cp < 0xFFA0:
        return "CJK"
    return unicodedata.name(ch, "?").split(" ")[0]


@lru_cache(maxsize=1 << 18)
def _step(prev: str, ch: str) -> float:
    """Return log10 P(ch | prev) under the table's simple model of words.

    A word list knows how words start and end (``' '`` in the bigram table marks the edge),
    so a space after a letter costs only the chance that the word ends there: "voilà le"
    then beats "voilàle".
    """
    if ch.isalpha():
        uni = char_score(ch)
        if prev.isalpha():
            pair = pair_score(prev, ch)
            assert pair is not None
            # Blend in the unigram so that an impossible pair of common letters still
            # ranks above a pair of characters nobody writes.
            return 0.7 * pair + 0.3 * uni
        return 0.7 * edge_score(" ", ch) + 0.3 * uni
    if prev.isalpha() and (ch == " " or (ch.isascii() and not ch.isalnum())):
        end = edge_score(prev, " ")
        return end if ch == " " else end + char_score(ch)
    return char_score(ch)


def _mark_script(ch: str) -> str:
    """The script a combining mark belongs to (generic accents go with any letter)."""
    if "\u0300" <= ch < "\u0370":
        return script_of("a")
    return script_of(ch)


class _Table(dict[int, "str | None"]):
    """A ``str.translate`` table filled in on first sight of each character, so that every
    later lookup stays in C."""

    def __init__(self, rule: Callable[[str], str | None]) -> None:
        super().__init__()
        self._rule = rule

    def __missing__(self, cp: int) -> str | None:
        value = self._rule(chr(cp))
        self[cp] = value
        return value


_SCRIPT_CODES: dict[str, str] = {}


def _script_code(ch: str) -> str | None:
    if not ch.isalpha():
        return None  # only letters count; everything else is dropped
    return _SCRIPT_CODES.setdefault(script_of(ch), chr(0x21 + len(_SCRIPT_CODES)))


def _case_code(ch: str) -> str:
    return "l" if ch.islower() else "u" if ch.isupper() else "."


_SCRIPTS = _Table(_script_code)
_CASES = _Table(_case_code)


def letter_scripts(text: str) -> str:
    """One code character per letter of ``text`` naming its script (other characters
    dropped): the input of :func:`switches_in` and :func:`count_scripts`."""
    return text.translate(_SCRIPTS)


def switches_in(letters: str) -> int:
    """Count changes of script in the output of :func:`letter_scripts`."""
    return sum(1 for _ in groupby(letters)) - 1 if letters else 0


def count_scripts(letters: str, *names: str) -> int:
    """Count the letters of the named scripts in the output of :func:`letter_scripts`."""
    return sum(letters.count(_SCRIPT_CODES[name]) for name in names if name in _SCRIPT_CODES)


def script_switches(text: str) -> int:
    """Count changes of script between successive letters."""
    return switches_in(text.translate(_SCRIPTS))


def case_flips(text: str) -> int:
    """Count upper-case letters straight after lower-case ones ("уЖтА"): one page misread
    as another it shares letters with flips case inside words."""
    return text.translate(_CASES).count("lu")


def score(text: str, left: str = "", right: str = "") -> float:
    """Return the log10 plausibility of ``text`` given the characters around it.

    Letters inside a word are scored by the bigram table (so "Привет" beats "Ïðèâåò" even
    though every character of both is common somewhere); everything else by its own
    frequency; a letter in a different script from the one before costs extra.  ``left``
    and ``right`` supply context: how ``text`` joins them counts, they do not.
    """
    total = 0.0
    prev = left[-1:]
    script = ""
    for ch in reversed(left[-3:]):
        if ch.isalpha():
            script = script_of(ch)
            break
    term = _term
    for ch in text + right[:1]:
        total += term(prev, ch)
        if ch.isalpha():
            here = script_of(ch)
            if here != script:
                if script:
                    total += SCRIPT_SWITCH
                script = here
        prev = ch
    return total


def score_change(before: str, after: str, switches: tuple[int, int] | None = None) -> float:
    """Return ``score(after) - score(before)`` for two texts of the same length, looking only
    at the characters that differ and those right after them.

    A re-reading of a line changes a few of its characters; scoring only those (and the
    change in script switches, counted at C speed) costs a fraction of scoring it all.
    ``switches`` gives the script switches of both texts when the caller has them.
    """
    if len(before) != len(after):
        return score(after) - score(before)
    if switches is None:
        switches = (script_switches(before), script_switches(after))
    change = SCRIPT_SWITCH * (switches[1] - switches[0])
    term = _term
    touched: set[int] = set()
    # The places that differ are picked out in C (half the time of a loop over them all),
    # and the set gets them in the loop's order, so it is summed in the same order below.
    for i in compress(range(len(before)), map(ne, before, after)):
        touched.add(i)
        touched.add(i + 1)
    for i in touched:
        if i >= len(after):
            continue
        prev_a = after[i - 1] if i else ""
        prev_b = before[i - 1] if i else ""
        change += term(prev_a, after[i]) - term(prev_b, before[i])
    return change


@lru_cache(maxsize=1 << 18)
def _term(prev: str, ch: str) -> float:
    """What :func:`score` adds for ``ch`` after ``prev``, but for a change of script (which
    depends on the last letter, however far back): worked out once per pair of characters."""
    total = _step(prev, ch)
    if ch.isalpha():
        if ch.isupper() and prev.islower():
            total += CASE_FLIP
    elif unicodedata.category(ch) == "Mn" and (
        not prev.isalpha() or script_of(prev) != _mark_script(ch)
    ):
        total += ORPHAN_MARK
    if prev in FINAL_FORMS and ch.isalpha():
        total += MISPLACED_FINAL  # "ς" or "ם" inside a word
    elif prev in _MEDIAL_FORMS and not ch.isalpha():
        total += MISPLACED_FINAL  # "σ" or "מ" ending one
    return total
