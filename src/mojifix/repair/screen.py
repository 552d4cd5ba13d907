"""Which lines could hold damage at all, found by one regular-expression scan at C speed.

Most text a repair tool reads is correct, and the repair passes cost microseconds per
character.  Every kind of damage the passes undo leaves a mark a single compiled pattern
can find, so the engine scans the whole text once and sends only the lines with a mark
through the passes; a clean text costs one scan.

The marks, one per pass, each a necessary condition for that pass to change anything:

* **UTF-8 read as a single-byte page**: a character the page gives a UTF-8 lead byte,
  followed by the characters it gives continuation bytes (``Ã©``, ``Ð¿``, ``â€œ``), where the
  character they spell is one a repair may write.  A pair of lower-case letters of one script
  ("ре" is a three-byte lead and a continuation in CP866) also needs a third character that
  is not one, since clean Russian read through CP866's table spells such pairs in every word.
* **UTF-8 read as a double-byte page**: an ideograph, kana, hangul or private-use character
  that such a misreading produces *and* that real text almost never uses (``鈥``, ``縺``);
  any half-width katakana; and a common one (``聽``, ``眉``) alone among ASCII or glued to a
  Latin letter (``M眉nchen``).
* **Legacy text shown in Windows-1252 or Latin-1**: two upper-half letters of those pages on
  a line made only of characters they have, unless every non-ASCII word on it is a known word.
* **ftfy's special cases and unrecoverable damage**: U+FFFD, C1 controls, ``锟斤拷``,
  ``烫烫``, question marks inside a word or in long runs, and the lead letters after which
  ftfy restores a no-break space lost as a plain space (``Ã ``).

A mark is not a verdict: the passes still decide, with everything they know, whether the
line is damaged.  Working out the marks takes seconds (every character of every page, scored),
so :func:`build` runs once, in ``scripts/build_screen.py``, and the result ships as
``data/screen.json``; a test checks that the file matches what the code would build.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from typing import Any, NamedTuple

from mojifix.repair import lexicon
from mojifix.repair.codepages import (
    DOUBLE_BYTE,
    SINGLE_BYTE,
    char_class,
    producible,
    shown_as,
    sloppy_encode,
    sloppy_table,
)

# A character rarer than this (log10 frequency) is one only mojibake would put there.
RARE_CJK = -5.0
# A block of Unicode that holds a character at least this common is a plausible repair.
PLAUSIBLE = -5.5
# A pair of letters that reads naturally in its own script ("дё" in KOI8-R) only counts when
# it would be a Latin-1 character or a common Latin letter: "цё" is "ã", "ยฝ" is "½".
COMMON = -3.0
_SHOWN_AS = ("cp1252", "latin-1")
# Ideographs, kana, hangul and the half-width forms a double-byte decoder produces.
_CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xE000, 0xF8FF),  # Windows code page 932 gives the F0-F9 lead bytes to private use
    (0xF900, 0xFAFF),
    (0xFF01, 0xFFEF),
)


def _plausible(ch: str) -> bool:
    """Whether a repair may produce ``ch``: the single-byte pass's own limit on rarity, or a
    character of a middle layer of mojibake (which is itself some page's upper half)."""
    if "\x80" <= ch <= "\x9f" or ch == "\ufffd" or ch in producible():
        return True  # "ï¿½" is U+FFFD read as Windows-1252, which ftfy puts back
    return unicodedata.category(ch) != "Mn" and lexicon.char_score(ch) >= PLAUSIBLE


def _plausible_block(lead: int, cont: int) -> bool:
    """Whether a three-byte UTF-8 character starting ``lead cont`` could be real text."""
    try:
        first = bytes([lead, cont, 0x80]).decode("utf-8")
    except UnicodeDecodeError:
        return False  # E0 80, ED A0 and friends: overlong or surrogate, never valid
    base = ord(first)
    return any(_plausible(chr(cp)) for cp in range(base, base + 64))


def _common_latin(ch: str) -> bool:
    """Latin-1's symbols and letters, or another common Latin letter."""
    return "\xa0" <= ch <= "\xff" or (
        lexicon.script_of(ch) == "Latin" and lexicon.char_score(ch) >= COMMON
    )


def _natural(a: str, b: str) -> bool:
    """Whether ``a`` then ``b`` is an everyday pair of letters in one script ("ре", "รก").

    CP866 gives Russian's own lower-case letters to lead and continuation bytes alike, so
    clean Russian read through its table spells UTF-8 shapes in every word; mojibake from
    such a page shows a capital, a box-drawing piece or a symbol within three characters.
    """
    return (
        a.isalpha()
        and b.isalpha()
        and not a.isupper()
        and not b.isupper()
        and lexicon.script_of(a) == lexicon.script_of(b)
    )


Follower = tuple[frozenset[str], ...]  # what may follow a lead: one set per character
# Lower-case three-byte leads of a script get patterns of their own when at least this many
# continuations are lower-case letters of that script (Cyrillic in CP866 and Windows-1251,
# Thai in Windows-874).
NATURAL_GROUP = 8


def _single_byte_marks() -> tuple[list[str], dict[str, set[Follower]]]:
    """Each page's UTF-8 shapes: a lead byte's character and the continuations after it.

    Returns coarse patterns (one of a page's leads, then a character that may come right
    after one), and for each lead character the sequences of characters that may follow it.
    A three-byte lead that is a lower-case letter is grouped with the others of its script:
    after one of them, a lower-case letter of that script (a "natural" pair, as "ре" is in
    CP866) only counts before a character that is not one, and the coarse pattern looks
    ahead for that too, or every other pair of letters in a Russian word would be a hit to
    confirm one by one.
    """
    follow: dict[str, set[Follower]] = defaultdict(set)
    coarse: list[str] = []
    for codec in SINGLE_BYTE:
        firsts: dict[str, set[str]] = defaultdict(set)
        # Per script: its lower-case three-byte leads, what may follow one, and the natural
        # followers among those.
        lower: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
        table = sloppy_table(codec)
        conts = [table[b] for b in range(0x80, 0xC0)]
        any_cont = frozenset(conts)
        for lead in range(0xC2, 0xF5):
            shown = table[lead]
            if shown < "\x80":
                continue
            if lead < 0xE0:
                after = {
                    table[c]
                    for c in range(0x80, 0xC0)
                    if _plausible(bytes([lead, c]).decode())
                    and (not _natural(shown, table[c]) or _common_latin(bytes([lead, c]).decode()))
                }
                if after:
                    follow[shown].add((frozenset(after),))
                    firsts[shown].update(after)
            elif lead < 0xF0:
                plain = {table[c] for c in range(0x80, 0xC0) if _plausible_block(lead, c)}
                natural = {c for c in plain if _natural(shown, c)}
                odd = any_cont - {c for c in conts if _natural(shown, c)}
                if plain - natural:
                    follow[shown].add((frozenset(plain - natural), any_cont))
                if natural:
                    follow[shown].add((frozenset(natural), odd))
                if plain and shown.isalpha() and not shown.isupper():
                    group = lower.setdefault(lexicon.script_of(shown), ({}, set()))
                    group[0][shown] = plain
                    group[1].update(c for c in conts if _natural(shown, c))
                else:
                    firsts[shown].update(plain)
            elif lead == 0xF0:
                # Emoji (U+1F300 on); other planes hold nothing a repair may produce.
                follow[shown].add((frozenset({table[0x9F]}), any_cont, any_cont))
                firsts[shown].add(table[0x9F])
        for script, (plains, natural) in sorted(lower.items()):
            if len(natural) < NATURAL_GROUP:
                # Few natural followers (Latin pages: "š", "œ"): such pairs are rare, and a
                # group of its own would only cost compiling.
                for shown, plain in plains.items():
                    firsts[shown].update(plain)
                del lower[script]
        # Each branch opens with the class of its follower, so that the regular-expression
        # engine skips a branch after one test of the character, and only then looks back
        # at the lead.
        after_any = set().union(*firsts.values())
        if after_any:
            coarse.append(f"{char_class(after_any)}(?<={char_class(set(firsts))}.)")
        for _, (plains, natural) in sorted(lower.items()):
            leads, plain = set(plains), set().union(*plains.values())
            if plain - natural:
                coarse.append(f"{char_class(plain - natural)}(?<={char_class(leads)}.)")
            if plain & natural:
                ahead = char_class(any_cont - natural)
                coarse.append(f"{char_class(plain & natural)}(?<={char_class(leads)}.)(?={ahead})")
    return coarse, follow


def _cjk_marks() -> dict[str, tuple[str, str]]:
    """Characters a double-byte misreading of UTF-8 makes that real text hardly uses; and
    any such character alone among ASCII or glued to a Latin letter (``M眉nchen``: ``眉`` is
    common Chinese, but not inside a German word)."""
    rare: set[str] = set()
    made: set[str] = set()
    for lo, hi in _CJK_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if 0xFF61 <= cp <= 0xFF9F:
                rare.add(ch)  # half-width katakana: Shift-JIS's single bytes A1-DF
                continue
            for codec in DOUBLE_BYTE:
                try:
                    data = ch.encode(codec)
                except UnicodeEncodeError:
                    continue
                if len(data) >= 2 and min(data) >= 0x80 and any(b < 0xC0 for b in data):
                    made.add(ch)
                    if lexicon.char_score(ch) <= RARE_CJK:
                        rare.add(ch)
                    break
    latin = "A-Za-z\u00c0-\u024f"
    near = char_class(made - rare)
    # A one-syllable Korean word between spaces is everyday Korean; a lone syllable only
    # counts with Latin text or figures right after it ("2쩍 hours", "Volume 쩍 of").
    lone = char_class({ch for ch in made - rare if not "\uac00" <= ch <= "\ud7af"})
    syllable = char_class({ch for ch in made - rare if "\uac00" <= ch <= "\ud7af"})
    ascii_around = "(?![^\\x00-\\x7f])(?<![^\\x00-\\x7f].)"
    return {
        "cjk-rare": (char_class(rare), ""),
        "cjk-alone": (lone, ascii_around),  # "Volume 陆 of", "3陆%"
        "cjk-korean": (syllable, "(?= ?[A-Za-z0-9%.,;:)])(?<![^\\x00-\\x7f].)"),
        "cjk-latin": (near, f"(?:(?<=[{latin}].)|[{latin}])"),  # "M眉nchen"
    }


def _legacy_marks() -> tuple[str, str]:
    """Two upper-half letters or symbols of Windows-1252/Latin-1 on one line (the legacy
    pass needs at least two characters other than typography to re-read a line)."""
    from mojifix.repair.legacy import TYPOGRAPHY

    shown: set[str] = set()
    for codec in _SHOWN_AS:
        shown.update(sloppy_table(codec)[0x80:])
    letters = char_class(shown - set(TYPOGRAPHY))
    return letters, f"[^\\n]*?{letters}"


def build() -> dict[str, Any]:
    """Work out every mark from the code page tables and the character frequencies.

    Each mark is a pair: the class of characters it starts with, and the pattern that must
    follow.  The last, ``utf8-pair``, is coarse (a page's lead, then a character that may
    come right after one of them); a hit is confirmed with the lead's own ``suffixes`` entry:
    sequences of indices into ``classes``, each class the characters that may stand at that
    place.  Sets, not patterns: checking a hit is a few look-ups, and a run that meets
    hundreds of different leads does not compile hundreds of patterns.
    """
    coarse, follow = _single_byte_marks()
    classes = sorted(
        {"".join(sorted(chars)) for alts in follow.values() for a in alts for chars in a}
    )
    index = {chars: i for i, chars in enumerate(classes)}
    suffixes = {
        lead: sorted([index["".join(sorted(chars))] for chars in alt] for alt in alts)
        for lead, alts in follow.items()
    }
    leads = set(follow)
    # Per page, so that a lead of one page and a continuation of another do not pair up.
    pairs = "|".join(coarse)
    cp1252 = sloppy_table("cp1252")
    conts = char_class({cp1252[b] for b in range(0x80, 0xC0)})
    any_cont = shown_as(0x80, 0xBF)
    scans = {
        "single": ("[\\ufffd\\x80-\\x9f]", ""),  # U+FFFD, C1 controls
        # A lost A0 turned into a space after the leads ftfy restores it behind ("Ã ").
        "a0": (char_class({cp1252[b] for b in (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9)}), " "),
        "a0-3": (char_class({cp1252[b] for b in range(0xE0, 0xE4)}), f"(?: {conts}|{conts} )"),
        "question": ("\\?", "(?:(?<=[^\\W\\d_]\\?)\\?*[^\\W\\d_]|\\?{3})"),
        "fill": ("[锟烫屯]", "(?<=锟)斤|(?<=烫)烫|(?<=屯)屯"),
        **_cjk_marks(),
        "legacy": _legacy_marks(),
        # One test of the character after the lead against every page's continuations
        # first: most text fails it and skips the branches.
        "utf8-pair": (char_class(leads), f"(?={char_class(any_cont)})(?:{pairs})"),
    }
    return {
        "scans": {name: list(pair) for name, pair in scans.items()},
        "classes": classes,
        "suffixes": dict(sorted(suffixes.items())),
    }


DATA = "screen.json"


class _Scan(NamedTuple):
    fused: re.Pattern[str]
    pair: int  # group numbers in ``fused``
    legacy: int
    question: int
    suffixes: dict[str, list[list[int]]]
    classes: list[str]


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(lexicon.data_file(DATA).decode("utf-8"))
    return data


def _fuse(marks: list[tuple[str, str]]) -> re.Pattern[str]:
    """One pattern for several marks, opening with the class of every first character.

    The opening class lets the engine skip clean text at C speed (a pattern per mark would
    scan the text a dozen times); each branch then checks its own first character by
    looking behind, and is a group, so that ``lastindex`` names the mark that matched.
    """
    firsts = "".join(first[1:-1] if first.startswith("[") else first for first, _ in marks)
    branches = "|".join(f"(?<={first})({rest})" for first, rest in marks)
    return re.compile(f"[{firsts}](?:{branches})")


@cache
def _data() -> _Scan:
    """The marks of text in alphabets: everything but the East Asian ones."""
    raw = _raw()
    marks = {name: (first, rest) for name, (first, rest) in raw["scans"].items()}
    alphabetic = {name: mark for name, mark in marks.items() if not name.startswith("cjk-")}
    names = list(alphabetic)
    fused = _fuse(list(alphabetic.values()))
    legacy = names.index("legacy") + 1
    pair = names.index("utf8-pair") + 1
    question = names.index("question") + 1
    return _Scan(fused, pair, legacy, question, raw["suffixes"], raw["classes"])


@cache
def _without_legacy() -> re.Pattern[str]:
    """The alphabetic marks but the legacy one, for the rest of a line it was refused on."""
    marks = _raw()["scans"]
    return _fuse(
        [(f, r) for name, (f, r) in marks.items() if name[:4] != "cjk-" and name != "legacy"]
    )


@cache
def _cjk() -> re.Pattern[str]:
    """The East Asian marks, compiled only for text that holds such characters (their
    classes are large, and compiling them costs more than most files take to scan)."""
    marks = [(first, rest) for name, (first, rest) in _raw()["scans"].items() if name[:4] == "cjk-"]
    return _fuse(marks)


@cache
def _east_asian() -> re.Pattern[str]:
    """Ideographs, hangul, private use and full-width forms (compiled on first use: its
    ranges take milliseconds to compile, which text without them need not pay)."""
    return re.compile("[\u2e80-\u9fff\uac00-\ud7af\ue000-\ufaff\uff00-\uffef]")


@cache
def _suffix(lead: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The sequences that may follow ``lead`` (none when it leads nothing)."""
    scan = _data()
    return tuple(tuple(_chars(i) for i in alt) for alt in scan.suffixes.get(lead, ()))


@cache
def _chars(i: int) -> frozenset[str]:
    return frozenset(_data().classes[i])


def suspect_lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line that holds a mark, ``end`` after its ``\\n``.

    Lines are in order and do not overlap; clean text costs one scan.
    """
    from mojifix.repair.lexicon import needs_search

    if text.isascii() or not needs_search(text):
        # Only typography beside ASCII: the one mark left is question marks in words.
        return _lines(text, _question_marks(text)) if "?" in text else []
    found = _alphabetic_marks(text)
    # The East Asian ranges start at U+2E80: text whose largest character is below that (one
    # C-speed pass) cannot hold any, and need not compile their pattern (4 ms).
    if max(text) >= "\u2e80" and _east_asian().search(text):
        found.extend(m.start() for m in _cjk().finditer(text))
        found.sort()
    return _lines(text, found)


def _question_marks(text: str) -> list[int]:
    """Line starts of the lines on which ``damage``'s question-mark pattern matches.

    That pattern opens with a look-behind, so the engine tries it at every position of the
    text (20 MB/s on English); ``str.find`` walks from one ``?`` to the next at memory
    speed.  A match is a run of ``?`` with a letter on both sides, or four in a row, and
    never crosses a line break, so a run with neither shape is passed over, and the pattern
    itself only decides lines that hold a run which has it.
    """
    from mojifix.repair.damage import PATTERNS

    question = PATTERNS[-1][0]
    found: list[int] = []
    n = len(text)
    at = text.find("?")
    while at >= 0:
        run = at + 1
        while run < n and text[run] == "?":
            run += 1
        # The pattern's letters ([^\W\d_]) are a subset of what str.isalnum() accepts.
        if run - at >= 4 or (at and run < n and text[at - 1].isalnum() and text[run].isalnum()):
            start, end = _line_at(text, at)
            if question.search(text, start, end):
                found.append(start)
                at = text.find("?", end)
                continue
        at = text.find("?", run)
    return found


def _lines(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The line around each position (in order), each line once."""
    spans: list[tuple[int, int]] = []
    end = 0
    for at in positions:
        if at >= end:
            start, end = _line_at(text, at)
            spans.append((start, end))
    return spans


def _line_at(text: str, at: int) -> tuple[int, int]:
    """``(start, end)`` of the line holding ``text[at]``, ``end`` after its ``\\n``."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end + 1


def _alphabetic_marks(text: str) -> list[int]:
    """Positions of confirmed marks, at most one per line.

    A legacy mark on a line whose every non-ASCII word is a known word, and every other
    non-ASCII character typography, is no mark: the legacy and single-byte passes leave such
    a line alone (``lexicon.looks_clean``), and ftfy's fixes need one of the other marks.
    """
    from mojifix.repair.damage import PATTERNS
    from mojifix.repair.lexicon import looks_clean, needs_search

    scan = _data()
    found: list[int] = []
    pos = 0
    search = scan.fused.search
    while True:
        match = search(text, pos)
        if match is None:
            break
        at = match.start()
        start, end = _line_at(text, at)
        kind = match.lastindex
        if kind == scan.pair and not _pair_fits(text, at):
            pos = at + 1
            continue
        if (
            kind == scan.question
            and not needs_search(text[start:end])
            and not PATTERNS[-1][0].search(text, start, end)
        ):
            # Only the question mark on a line no pass looks at (``needs_search``): what
            # matters is whether it is reported as damage ("M?nchen", not "items?page=2").
            pos = end
            continue
        if kind == scan.legacy and (
            not _shown_as_legacy(text[start:end]) or looks_clean(text[start:end].rstrip("\r\n"))
        ):
            # The line cannot be re-read, or holds only known words; look along the rest of
            # it for any other mark.
            pair = scan.pair - (scan.pair > scan.legacy)
            if not _other_mark_in(text, at, end) or not any(
                other.lastindex != pair or _pair_fits(text, other.start())
                for other in _without_legacy().finditer(text, at, end)
            ):
                pos = end
                continue
        found.append(at)
        pos = end
    return found


def _other_mark_in(text: str, start: int, end: int) -> bool:
    """Whether a mark but the legacy one could start anywhere in ``text[start:end]``.

    A necessary condition for the pattern without the legacy mark to find one there, worked
    out without compiling that pattern (as large as the fused one): a line of known words
    ("crème brûlée"), what a pre-commit run of one file mostly meets, needs only this.
    """
    if _small_marks().search(text, start, end):
        return True
    if next(_ASKED) < WALK_FIRST:
        leads = _leads()
        return any(_pair_fits(text, at) for at in range(start, end) if text[at] in leads)
    return any(_pair_fits(text, m.start()) for m in _lead_then_cont().finditer(text, start, end))


# The first lines are walked character by character; after that a pattern, whose compiling
# costs as much as walking some hundred lines, pays for itself.
WALK_FIRST = 64
_ASKED = itertools.count()


@cache
def _leads() -> frozenset[str]:
    return frozenset(_data().suffixes)


@cache
def _small_marks() -> re.Pattern[str]:
    """The alphabetic marks but the legacy and UTF-8 pair ones: small, quick to compile."""
    marks = _raw()["scans"]
    return _fuse(
        [
            (f, r)
            for name, (f, r) in marks.items()
            if name[:4] != "cjk-" and name not in ("legacy", "utf8-pair")
        ]
    )


@cache
def _lead_then_cont() -> re.Pattern[str]:
    """A character that leads a UTF-8 shape before one any page has for a continuation
    byte: where a UTF-8 pair mark could start."""
    return re.compile(f"{char_class(set(_data().suffixes))}(?={char_class(shown_as(0x80, 0xBF))})")


def _pair_fits(text: str, at: int) -> bool:
    """Whether a sequence that may follow the lead ``text[at]`` follows it."""
    nxt = text[at + 1 : at + 2]
    if not nxt or nxt not in _first_followers(text[at]):
        return False  # every sequence starts with one of these (a lead has up to 16 of them)
    for alt in _suffix(text[at]):
        if nxt in alt[0]:
            after = text[at + 2 : at + 1 + len(alt)]
            if len(after) == len(alt) - 1 and all(ch in chars for ch, chars in zip(after, alt[1:])):
                return True
    return False


@cache
def _first_followers(lead: str) -> frozenset[str]:
    """The characters any sequence that may follow ``lead`` starts with."""
    return frozenset().union(*(alt[0] for alt in _suffix(lead)))


def _shown_as_legacy(line: str) -> bool:
    """Whether a line is made of characters Windows-1252 or Latin-1 have: a re-reading starts
    by encoding the whole line in one of them."""
    line = line.rstrip("\n").replace("\ufffd", "")
    return any(sloppy_encode(line, codec) is not None for codec in _SHOWN_AS)
