"""Judge how plausible a decoded text is as something a person wrote.

A wrong code page does not fail to decode: every byte of a single-byte code page maps to
*something*.  What it produces instead is text no one writes:

* C1 control characters (U+0080–U+009F) from ISO-8859 pages where the writer used a Windows page;
* letters from no single alphabet (``Ø`` among Estonian ``õ`` and ``ä``; Cyrillic ``Ђ`` in
  Russian), because the code pages of one script differ only in their accented letters;
* symbols wedged between letters (``caf¨``, ``ÄŒeskÃ½``), the classic look of mojibake;
* case flipped inside words (``пРИВЕТ``): KOI8-R and cp1251 put the two cases of Cyrillic in
  opposite halves, so reading one as the other swaps them;
* rare ideographs, half-width katakana and scripts that do not mix (hangul among kana) when a
  double-byte code page is read as another.

Each such event adds to a penalty, in rough log-odds units: one C1 control is damning, one odd
symbol is a hint.  The caller compares penalties between candidate decodes of the same bytes,
so only differences matter.  The weights are set by reasoning about how often each event occurs
in real text, not fitted to any test corpus.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from mojifix.detect.alphabets import ALPHABETS, BLOCKS, block_language

# Penalty for each occurrence of an event, in rough log-odds units.
CONTROL = 10.0  # C1 controls, unassigned and private-use code points
OUT_OF_ALPHABET = 2.0  # a letter that the best-fitting language does not use
RARE_SYMBOL = 1.5  # ‡ ¶ ½ ÷ and friends: legal, but rare in prose
ODD_SYMBOL = 3.0  # ¤ ¦ ¨ ¯ ´ ¸ ¬: nearly never typed; the tell of a Latin-1 page misread
STRAY_MARK = 3.0  # a combining mark with no letter to sit on
SYMBOL_IN_WORD = 3.0  # a rare symbol with a letter on both sides
GLUED_SYMBOL = 1.5  # a symbol that keeps to digits or spaces, touching an ASCII letter
CASE_FLIP = 2.0  # lower case then upper case inside a word, with a non-ASCII letter
LANGUAGE_SWITCH = 1  # letters' worth of doubt in a statistical model's language
NO_VOWELS = 2.0  # each vowel short of what text in an alphabet with vowels holds
CAPITALS = 0.05  # per capital beyond a third of the letters: whole texts are not in capitals
RARE_HAN = 0.7  # an ideograph outside the common sets of GB2312, Big5 and JIS X 0208
RARE_HANGUL = 0.7  # a hangul syllable outside the 2,350 of KS X 1001 (EUC-KR)
HALF_WIDTH_KANA = 0.1  # legal in Shift-JIS (and used), but also what EUC-JP misread gives
MIXED_SCRIPT = 1.0  # an ASCII letter touching a Greek, Cyrillic, Thai… letter: no space
EAST_ASIAN_TOUCH = 0.3  # an ASCII letter touching an ideograph, kana or hangul (T恤 exists)
BOX_DRAWING = 0.2  # DOS code pages draw tables with these; mostly harmless
# Geometric shapes (■ □ ▲ ○ ● ◎ ◇ ▤ ▥ ▨ ▩) are in every East Asian double-byte set (KS X 1001,
# JIS X 0208, GB2312): bullets and DOS-era art there, weighed like box drawing.
FTFY_BADNESS = 1.0  # each mojibake pattern ftfy's badness() finds
# Every language that writes č (Czech, Slovak, Slovene, Croatian, Bosnian, Lithuanian,
# Latvian, Sorbian) writes š and ž as often or more: several č and not one š or ž is a text
# whose š and ž sit on bytes this page reads as other letters (ISO-8859-2 read as cp1250
# gives ą and ľ).  Each č past the first counts as a letter outside the alphabet.
CARON_C = frozenset("čČ")
CARON_SZ = frozenset("šŠžŽ")
# Romanian is written with ș and ț (comma below); ş and ţ (cedilla) are the stand-ins of
# code pages that lack them (cp1250, ISO-8859-2).  The bytes are the same in those pages and
# ISO-8859-16, so when nothing else tells them apart the reading that spells Romanian
# correctly is preferred: one unit for the whole text (it breaks a tie, it outweighs no
# evidence: a single C1 control or rare symbol counts for more).
CEDILLA_FOR_COMMA = frozenset("şţŞŢ")
ROMANIAN_STAND_IN = 1.0
# Latin-1 and cp1252 differ from ISO-8859-9 and cp1254 only on six bytes: Icelandic and
# Faroese ð þ ý (Ð Þ Ý) there, Turkish ğ ş ı (Ğ Ş İ) here.  Turkish has some two hundred times
# as many writers, and ı is its most frequent accented letter.  So a text whose letters fit
# only Icelandic or Faroese, and hold none of their letters that a Turkish page reads the
# same way (á é í ó ú æ), is more often Turkish read in the wrong page (``adım`` read as
# cp1252 ``adým``): half a unit, a tie-breaker that no foreign letter or symbol outweighs.
SMALL_LANGUAGES = frozenset({"is", "fo"})
ON_TURKISH_BYTES = frozenset("ðþýÐÞÝöÖ")
SMALL_LANGUAGE = 0.5

# Non-ASCII characters that are not letters but are common in real text of any language.
COMMON_SYMBOLS = frozenset(
    "\xa0\xad«»°§©®™€£¥¢–—‘’“”„‚…•·×±¿¡‹›′″¹²³ªºµ№‰"
    "\u2009\u200a\u200b\u200c\u200d\u200e\u200f\u202f\u2212\ufeff"
)
# Symbols that exist in Latin-1 for completeness rather than use.
ODD_SYMBOLS = frozenset("¤¦¨¯´¸¬")
# Non-letters that do sit between two letters in real text: apostrophes, hyphens, dashes,
# the Catalan middle dot, the ellipsis.  Any other symbol between letters is suspect.
IN_WORD = frozenset("’ʼ·\xad‐‑–—―…/\u2212")
# Non-letters that touch a word on one side in real text: quotation marks open and close on
# it, ``™ ® ©`` and superscripts follow it, ``°C``, ``¿Qué``, ``µm``, an ellipsis or a dash.
# The other symbols (``± × § € £ † • ½ ¤ ¦``, box drawing) keep to digits and spaces: one
# glued to a letter (``p† bolden``, ``któr±``) is where another page reads a letter.
TOUCHING = frozenset("'‘’“”„‚«»‹›ʼ′″–—―‐‑…™®©¹²³ªº°·¿¡µ\xa0\xad\u2009\u200a\u202f")


# Tokens standing for whole classes of East Asian characters in the language fit.
HAN, KANA, HALF_KANA, HANGUL = "<han>", "<kana>", "<half-kana>", "<hangul>"
_EAST_ASIAN_TOKENS = frozenset({HAN, KANA, HALF_KANA, HANGUL})
_EAST_ASIAN: dict[str, frozenset[str]] = {
    "zh": frozenset({HAN}),
    "ja": frozenset({HAN, KANA, HALF_KANA}),
    "ko": frozenset({HANGUL, HAN}),
}


@dataclass(frozen=True)
class Plausibility:
    """The verdict on one decode: its penalty and the language its letters fit best."""

    penalty: float
    non_ascii: int
    language: str | None


@cache
def common_han() -> frozenset[str]:
    """Return the ideographs of the first (frequent-character) levels of the CJK standards.

    GB2312 level 1 (3,755 hanzi), Big5 level 1 (5,401 常用字) and JIS X 0208 level 1
    (2,965 kanji) were each chosen by frequency of use.  Their union is a list of common
    ideographs for simplified Chinese, traditional Chinese and Japanese, built from the codecs
    themselves so no table has to ship.
    """
    chars: set[str] = set()
    spans = (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF))),
        ("shift_jis", range(0x88, 0x99), (*range(0x40, 0x7F), *range(0x80, 0xFD))),
    )
    for codec, leads, trails in spans:
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


@cache
def common_hangul() -> frozenset[str]:
    """Return the 2,350 precomposed hangul syllables of KS X 1001 (EUC-KR).

    They were chosen as the syllables in actual use; the other 8,822 that Unicode, cp949
    and Johab can spell are mostly never written, so a decode full of them is a misreading.
    """
    found = set()
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes((lead, trail)).decode("euc_kr"))
            except UnicodeDecodeError:
                continue
    return frozenset(found)


@cache
def _token(ch: str) -> str | None:
    """Name the class of an East Asian or block-script character, or None for others."""
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return HAN
    if 0x3040 <= cp <= 0x30FF:
        return KANA
    if 0xFF61 <= cp <= 0xFF9F:
        return HALF_KANA
    if 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return HANGUL
    block = block_language(ch)
    return f"<{block}>" if block else None


def _is_cjk_punctuation(ch: str) -> bool:
    """CJK text has no spaces: its punctuation sits between ideographs as a matter of course."""
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF60


def _is_punctuation_block(ch: str) -> bool:
    """CJK punctuation, full-width forms and general punctuation are everyday characters."""
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF60 or 0x2000 <= cp <= 0x206F


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Map each letter (or class token) to the languages whose alphabet holds it."""
    index: dict[str, list[str]] = {}
    alphabets = {**ALPHABETS, **_EAST_ASIAN}
    for code, alphabet in alphabets.items():
        for ch in alphabet:
            index.setdefault(ch, []).append(code)
    return {ch: tuple(codes) for ch, codes in index.items()}


def _fit(
    letters: Mapping[str, int],
    language: str | None,
    expected: str | None = None,
    near: Collection[str] = (),
) -> tuple[int, str | None]:
    """Return (letters outside the best language's alphabet, that language).

    Block scripts (Greek, Hebrew…) are each their own language, named by their token.
    ``expected`` is the language a statistical model read the text as: another language
    may fit better, but choosing it costs LANGUAGE_SWITCH letters (Finnish ``ä`` read as
    ``ð`` fits Faroese perfectly, and Faroese it is not), unless it is among ``near``, the
    languages the model ranks next to it (Ukrainian read by the model as Belarusian).
    """
    if not letters:
        return 0, None
    codes, slots, columns = _fit_tables()
    packed = 0
    for ch, n in letters.items():
        column = columns.get(ch)
        if column is not None:
            packed += column * n
    inside = memoryview(packed.to_bytes(4 * len(codes), sys.byteorder)).cast("I").tolist()
    total = sum(letters.values())
    if language is not None:
        slot = slots.get(language)
        return total - (inside[slot] if slot is not None else 0), language
    n = max(inside)
    if not n:
        return total, None
    code = codes[inside.index(n)]
    if expected is not None and expected != code and expected in slots:
        for other in near:
            if other in slots and inside[slots[other]] == n:
                return total - n, other
        kept = total - inside[slots[expected]]
        if kept <= total - n + LANGUAGE_SWITCH:
            return kept, expected
        return total - n + LANGUAGE_SWITCH, code
    return total - n, code


# The fit counts every language's letters at once: each letter's column packs a one into
# the field of every language whose alphabet holds it (fields wide enough for any sample).
_FIT_FIELD = 32  # read back as unsigned 32-bit integers


@cache
def _fit_tables() -> tuple[tuple[str, ...], dict[str, int], dict[str, int]]:
    """Languages in order, their slots, and each letter's (or class token's) column."""
    codes = tuple(dict.fromkeys([*ALPHABETS, *_EAST_ASIAN, *BLOCKS]))
    slots = {code: slot for slot, code in enumerate(codes)}
    columns: dict[str, int] = {}
    for ch, holders in _index().items():
        columns[ch] = sum(1 << (_FIT_FIELD * slots[code]) for code in holders)
    for code in BLOCKS:
        columns[f"<{code}>"] = 1 << (_FIT_FIELD * slots[code])
    return codes, slots, columns


@cache
def _alphabet_codes() -> frozenset[str]:
    return frozenset(ALPHABETS)


# A letter, not a digit or underscore.
_LETTER = r"[^\W\d_]"
# A non-ASCII character that is neither a letter, digit, space nor combining mark, nor one
# of the characters that belong inside words (IN_WORD) or between ideographs.
_MARK_RANGES = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0900-\u0903\u093a-\u094f"
)
_SYMBOL = re.compile(
    f"[^\\w\\s\x00-\x7f{_MARK_RANGES}"
    + re.escape("".join(sorted(IN_WORD)))
    + "\u3000-\u303f\uff00-\uff60]"
)
_MARKS = re.compile(f"[{_MARK_RANGES}]+")
# A word holding a non-ASCII character (the lookahead runs once per word, not per letter).
_NON_ASCII_WORD = re.compile(r"\b(?=\w*[^\x00-\x7f])\w+")
# A low opening quote glued to the end of a word (``d‚ `` is cp437's ``dé`` read as cp1252):
# „ and ‚ open quotations and follow a space, never a letter.
_GLUED_OPENER = re.compile(r"[^\W\d_][„‚](?![^\W\d_])")
_FOREIGN_TOUCH = re.compile(
    "[A-Za-z](?=[\u0370-\u0fff\u10a0-\u10ff])|[\u0370-\u0fff\u10a0-\u10ff](?=[A-Za-z])"
)
_EAST_TOUCH = re.compile(
    "[A-Za-z](?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3])"
    "|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3](?=[A-Za-z])"
)
# Where a capital letter belongs, another page may read a quotation mark or a symbol: Mac
# Cyrillic puts А–Я on the bytes where cp1251 has ‚ „ … † ‘ ’ “ ” • – —, so Mac Cyrillic
# read as cp1251 begins its sentences ``’ег`` (Тег), ``”илипче`` (Филипче) and ``‚ гимназии``
# (В гимназии).  Closing marks and symbols that keep away from letters never begin a word of
# small Cyrillic or Greek letters, and a quotation mark never stands alone between spaces:
# it opens or closes something.  (Openers before small letters, ``„слово“``, are fine; so
# are Latin words after ’, as in ``’tis``, and after ”, the Swedish opener.)
_LOST_CAPITAL = re.compile(
    "|".join(
        (
            r"(?<![^\W_])[’”›‹†‡€‰•™](?=[\u03ac-\u03ce\u0430-\u045f])",  # before small letters
            r"(?<!\S)[‚„‘’“”](?=[ \t])",  # alone between spaces
        )
    )
)
_LOST_CAPITAL_MARKS = re.compile("[’”›‹†‡€‰•™‚„‘“]")
# A no-break space binds two words in place of a space.  Glued to a word on one side with a
# space (or nothing) on the other it binds nothing: it is the letter another page reads on
# that byte (cp850 ``está`` read as cp1252 ``est\xa0``, its á being 0xA0).
_IDLE_NBSP = re.compile(
    r"[^\W\d_]\xa0(?=[ \t\r\n]|\Z)|(?:^|(?<=[ \t\r\n]))\xa0(?=[^\W\d_])", re.MULTILINE
)
# ® and ™ follow a name (``Windows®``, ``iPhone™``), which is capitalised or styled; after a
# word in small letters (``zapowied®``) they are the letter another page has on that byte
# (ISO-8859-16 ź, ISO-8859-2 Ž, read as cp1250 ®).
_MARKED_WORD = re.compile(r"([^\W\d_]+)[®™]")
# The micro sign prefixes a unit (``µm``, ``5 µg``); after a letter (``Kráµ``) it is the
# letter another page has on that byte (ISO-8859-2 ľ, cp1257 ĩ…).
_MICRO_AFTER_LETTER = re.compile(r"[^\W\d_]µ")
# ftfy's badness() is the slowest check; mojibake shows in the first few thousand characters.
BADNESS_SPAN = 2048


def _symbols_in_words(text: str) -> int:
    """Count symbols with a letter on each side (``caf¨s``), marks excepted."""
    found = 0
    end = len(text) - 1
    for match in _SYMBOL.finditer(text):
        at = match.start()
        if 0 < at < end and text[at - 1].isalpha() and text[at + 1].isalpha():
            found += unicodedata.category(text[at])[0] != "M"
    return found


def _stray_middle_dots(text: str) -> int:
    """Count middle dots between two letters other than Catalan's ``l·l`` (``econ·miques``).

    The middle dot belongs inside a word only in Catalan's geminated l (``col·lecció``);
    elsewhere between letters it is a letter of another page (HP Roman-8 reads cp1252 ``ò``
    as ``·``).
    """
    found = 0
    at = text.find("·", 1)
    while at != -1 and at < len(text) - 1:
        before, after = text[at - 1], text[at + 1]
        if before.isalpha() and after.isalpha() and not (before in "lL" and after in "lL"):
            found += 1
        at = text.find("·", at + 1)
    return found


def _glued_symbols(text: str) -> int:
    """Count symbols outside TOUCHING with an ASCII letter on one side only (``p† ``).

    A symbol with letters on both sides is counted by :func:`_symbols_in_words`.
    """
    found = 0
    end = len(text) - 1
    for match in _SYMBOL.finditer(text):
        ch = match.group()
        if ch in TOUCHING:
            continue
        at = match.start()
        before = at > 0 and text[at - 1] in _ASCII_LETTERS
        after = at < end and text[at + 1] in _ASCII_LETTERS
        found += before != after
    return found


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _stand_ins(text: str) -> int:
    """Count the symbols and spaces that stand where a letter belongs, as another page reads
    it: ``Kráµ``, ``’ег``, ``est\xa0``, ``zapowied®``.

    Each pattern scans the text position by position; a plain search for the characters it
    is about (C speed) spares that scan in the many texts without them.
    """
    found = 0
    if "µ" in text:
        found += len(_MICRO_AFTER_LETTER.findall(text))
    if _LOST_CAPITAL_MARKS.search(text):
        found += len(_LOST_CAPITAL.findall(text))
    if "\xa0" in text:
        found += len(_IDLE_NBSP.findall(text))
    if "®" in text or "™" in text:
        found += sum(1 for word in _MARKED_WORD.findall(text) if word.islower())
    return found


def _stray_marks(text: str) -> int:
    """Count the combining marks of runs that follow no letter.

    Every mark of such a run counts: a line of forty Arabic marks after a space (Johab box
    drawing read as UTF-8) is forty marks with nothing to sit on, not one oddity.
    """
    return sum(
        m.end() - m.start()
        for m in _MARKS.finditer(text)
        if m.start() == 0 or not text[m.start() - 1].isalpha()
    )


def _case_flips(text: str) -> int:
    """Count words with a non-ASCII letter whose case is mixed other than Title-style.

    Words in scripts without case (Hangul, Han, Arabic) equal their own lower and upper case
    and are never counted.  A one-letter word in capitals right after a lower-case word
    counts too: Italian ``e è un`` read in the wrong page is ``e Š un``, and no language
    writes a lone capital mid-sentence.
    """
    flips = 0
    for match in _NON_ASCII_WORD.finditer(text):
        word = match.group()
        if len(word) == 1:
            at = match.start()
            if word.isupper() and at > 1 and text[at - 1] == " " and text[at - 2].islower():
                flips += 1
        elif word != word.lower() and word != word.upper() and not word.istitle():
            flips += 1
    return flips


def assess(text: str, language: str | None = None) -> Plausibility:
    """Score ``text`` (lower penalty is more plausible) and name the language it fits best.

    ``language`` (an ISO 639-1 code) restricts the alphabet fit to that language, for callers
    who know what language the text is in.
    """
    quick = assess_characters(text, language)
    return Plausibility(
        penalty=quick.penalty + assess_context(text),
        non_ascii=quick.non_ascii,
        language=quick.language,
    )


def count_non_ascii(text: str) -> Counter[str]:
    """Count the non-ASCII characters of ``text``."""
    return Counter(_ASCII_RUN.sub("", text))


# str.translate looks each character up in a mapping; a regular expression deletes runs.
_ASCII_RUN = re.compile("[\x00-\x7f]+")


@cache
def _east_asian_classes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns for kana, common ideographs and common hangul syllables (built once).

    A large character class compiles to a bitmap, so removing a class with ``subn`` is one
    C-speed pass that also counts.
    """

    def pattern(chars: Iterable[str]) -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")

    kana = pattern(chr(cp) for cp in range(0x3040, 0x3100))
    han = pattern(ch for ch in common_han() if _token(ch) == HAN)
    return kana, han, pattern(common_hangul())


# Stand-ins for whole classes in a count: a kana, a common ideograph, a common hangul
# syllable.
_STAND_INS = ("の", "的", "한")


def count_east_asian(text: str) -> Counter[str]:
    """Count the non-ASCII characters of ``text`` the way :func:`assess_characters` needs
    them, cheaply for East Asian text.

    Common ideographs, kana and hangul syllables carry no penalty on their own; only how
    many there are of each class matters (for the language fit).  So each class is counted
    in one C-speed pass and stands in the count as a single representative character, and
    only the rest (rare ideographs, symbols, controls) is counted one by one.
    """
    rest = _ASCII_RUN.sub("", text)
    classes: list[tuple[str, int]] = []
    for stand_in, pattern in zip(_STAND_INS, _east_asian_classes()):
        rest, found = pattern.subn("", rest)
        if found:
            classes.append((stand_in, found))
    counts = Counter(rest)
    for stand_in, n in classes:
        counts[stand_in] += n
    return counts


def assess_characters(
    text: str,
    language: str | None = None,
    counts: Mapping[str, int] | None = None,
    expected: str | None = None,
    near: Collection[str] = (),
) -> Plausibility:
    """Score the characters of ``text`` one by one, ignoring their order (the cheap part).

    ``counts`` (from :func:`count_non_ascii`) may be given when the caller has them cheaper,
    as the legacy guesser does for single-byte code pages by mapping byte counts.
    ``expected`` names the language a statistical model sees, ``near`` the ones it ranks
    next (see :func:`_fit`).
    """
    if counts is None:
        counts = count_non_ascii(text)
    if not counts:
        return Plausibility(penalty=0.0, non_ascii=0, language=None)
    penalty = 0.0
    letters: dict[str, int] = {}
    capitals = small = 0
    vowel_letters: dict[str, int] = {}
    vowels: dict[str, int] = {}
    for ch, n in counts.items():
        cost, letter, case, script, vowel = _character(ch)
        penalty += cost * n
        if letter is not None:
            letters[letter] = letters.get(letter, 0) + n
            if case > 0:
                small += n
            elif case < 0:
                capitals += n
        if script is not None:
            vowel_letters[script] = vowel_letters.get(script, 0) + n
            if vowel:
                vowels[script] = vowels.get(script, 0) + n
    out, fitted = _fit(letters, language, expected, near)
    penalty += OUT_OF_ALPHABET * out
    caron_c = sum(letters.get(ch, 0) for ch in CARON_C)
    if caron_c > 1 and not any(ch in letters for ch in CARON_SZ):
        penalty += OUT_OF_ALPHABET * (caron_c - 1)
    if fitted == "ro" and any(ch in letters for ch in CEDILLA_FOR_COMMA):
        penalty += ROMANIAN_STAND_IN
    if fitted in SMALL_LANGUAGES and all(ch in ON_TURKISH_BYTES for ch in letters):
        penalty += SMALL_LANGUAGE
    penalty += CAPITALS * max(0.0, capitals - (capitals + small) / 3)
    if vowel_letters:
        penalty += NO_VOWELS * _short_of_vowels(vowel_letters, vowels)
    return Plausibility(penalty=penalty, non_ascii=sum(counts.values()), language=fitted)


# The vowels of the alphabets that write them and lie wholly above ASCII, where a wrong
# code page gives letter soup: Cyrillic, Greek (with tonos and dialytika) and Thai.
_VOWELS = frozenset(
    "аеёиоуыэюяіїєўәөүұ"
    "АЕЁИОУЫЭЮЯІЇЄЎӘӨҮҰ"
    "αεηιουωάέήίόύώϊϋΐΰ"
    "ΑΕΗΙΟΥΩΆΈΉΊΌΎΏΪΫ"
    + "".join(map(chr, range(0x0E30, 0x0E3A)))
    + "".join(map(chr, range(0x0E40, 0x0E46)))
    + "\u0e47"
)
# In real text a fifth of these scripts' letters or more are vowels (Thai: of its
# consonants and vowels); a decode with far fewer is another script misread.
VOWEL_SHARE = 0.2
VOWEL_EVIDENCE = 12  # letters of one script before the share is judged


def _vowel_script(ch: str) -> str | None:
    """The script whose vowel share :func:`_short_of_vowels` judges ``ch`` in, if any."""
    cp = ord(ch)
    if 0x0400 <= cp < 0x0530:
        kind = "Cyrillic"
    elif 0x0370 <= cp < 0x0400:
        kind = "Greek"
    elif 0x0E01 <= cp <= 0x0E47 and not 0x0E3A < cp < 0x0E40:
        kind = "Thai"
    else:
        return None
    if not ch.isalpha() and kind != "Thai":
        return None
    return kind


def _short_of_vowels(letters: Mapping[str, int], vowels: Mapping[str, int]) -> float:
    """How many vowels short of VOWEL_SHARE the Cyrillic, Greek or Thai letters fall."""
    missing = 0.0
    for kind, n in letters.items():
        if n >= VOWEL_EVIDENCE:
            missing += max(0.0, VOWEL_SHARE * n - vowels.get(kind, 0))
    return missing


@lru_cache(maxsize=1 << 16)
def _character(ch: str) -> tuple[float, str | None, int, str | None, bool]:
    """What one non-ASCII character tells on its own, worked out once per character.

    Returns the penalty per occurrence; the letter (or class token) it counts as in the
    alphabet fit, if any; its case (1 small, -1 capital, 0 neither); the script whose
    vowel share it counts in, if any, and whether it is one of that script's vowels.
    The same characters recur in every decode of every text, and this is the loop the
    reading of each candidate spends its time in.
    """
    script, vowel = _vowel_script(ch), ch in _VOWELS
    cat = unicodedata.category(ch)
    if "\x80" <= ch <= "\x9f" or cat in ("Cc", "Co", "Cn", "Cs"):
        return CONTROL, None, 0, script, vowel
    token = _token(ch)
    if token is not None:
        cost = 0.0
        if token == HAN and ch not in common_han():
            cost = RARE_HAN
        elif token == HANGUL and "\uac00" <= ch <= "\ud7a3" and ch not in common_hangul():
            cost = RARE_HANGUL
        elif token == HALF_KANA:
            cost = HALF_WIDTH_KANA
        return cost, token, 0, script, vowel
    if cat[0] in "LM" and ch not in COMMON_SYMBOLS:  # µ ª º are symbols in practice
        case = 1 if cat == "Ll" else -1 if cat == "Lu" else 0
        return 0.0, ch, case, script, vowel
    if ch in COMMON_SYMBOLS or _is_punctuation_block(ch) or cat == "Zs":
        return 0.0, None, 0, script, vowel
    if 0x2500 <= ord(ch) <= 0x25FF:
        return BOX_DRAWING, None, 0, script, vowel
    return (ODD_SYMBOL if ch in ODD_SYMBOLS else RARE_SYMBOL), None, 0, script, vowel


def assess_context(text: str, *, screened: bool = False) -> float:
    """Score what characters do next to each other (the costly part): return a penalty.

    ``screened=True`` is for single-byte decodes that went through the code-page screen
    (:mod:`mojifix.detect.screen`): it counted letters of two scripts touching already, and
    ftfy's patterns (UTF-8 read as a legacy page) do not tell legacy pages apart.
    """
    if text.isascii():
        return 0.0
    openers = len(_GLUED_OPENER.findall(text)) if "„" in text or "‚" in text else 0
    penalty = SYMBOL_IN_WORD * (_symbols_in_words(text) + openers + _stray_middle_dots(text))
    penalty += GLUED_SYMBOL * (_glued_symbols(text) + _stand_ins(text))
    penalty += STRAY_MARK * _stray_marks(text)
    penalty += CASE_FLIP * _case_flips(text)
    if screened:
        return penalty
    penalty += MIXED_SCRIPT * len(_FOREIGN_TOUCH.findall(text))
    penalty += EAST_ASIAN_TOUCH * len(_EAST_TOUCH.findall(text))
    from ftfy.badness import badness

    return penalty + FTFY_BADNESS * badness(text[:BADNESS_SPAN])
