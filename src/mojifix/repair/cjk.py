"""UTF-8 read as an East Asian double-byte code page (``鈥``, ``聽``, ``縺ゅ``).

How it happens: a UTF-8 file is opened by software that assumes the machine's legacy code
page — GBK on a Chinese-locale Windows, Shift-JIS on a Japanese one — and saved again.  Every
pair of UTF-8 bytes becomes one ideograph: the em dash ``E2 80 94`` turns into ``鈥`` (E2 80)
plus a stray ``94``, and the no-break space ``C2 A0`` into ``聽``.  The stray byte is where
the damage varies: pairing with the next byte it is usually invalid, and the decoder drops
it, replaces it with U+FFFD, or (Windows) collapses it and the next byte into ``?``/``・``.

How it is undone: re-encode the line with the code page, walk the bytes as UTF-8
(:mod:`~mojifix.repair.bytestream`), and at every hole choose, among the few characters
whose UTF-8 fits the surviving bytes, the most plausible in context: ``鈥 `` is ``—``
between words but ``”`` after an opening ``“``.

Why it is safe: the whole line must read as UTF-8 with few holes, replaying the damage on the
repaired line (UTF-8 encode, decode with the same code page and error handling) must give back
exactly the user's line, and the repaired line must be clearly more plausible as writing than
the line as it is.  Real Chinese, Japanese or Korean text fails the first test almost at once:
``監聽`` is not UTF-8 in any code page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from mojifix.model import Kind
from mojifix.repair import language, lexicon, segment, wordrank
from mojifix.repair.bytestream import DEFAULT_CHAR, LOST, SPACES, Piece, candidates, walk
from mojifix.repair.codepages import DOUBLE_BYTE, NAMES, mangle, misdecode
from mojifix.repair.edits import Edit, split_lines

# Characters a double-byte decoder produces from UTF-8: ideographs, kana, hangul, and the
# half-width katakana Shift-JIS gives single bytes A1-DF.  A line without any is not looked at.
SUSPECT = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff61-\uff9f\ufffd]")

# Characters that a collapsed default character may have swallowed, with a prior (log10).
SWALLOWABLE = {
    " ": 0.0,
    ",": -0.8,
    ".": -0.8,
    "\n": -2.0,
    ";": -1.8,
    ":": -1.6,
    "!": -1.8,
    "?": -1.8,
    ")": -1.6,
    "(": -2.0,
    '"': -2.0,
    "'": -2.0,
    "-": -2.0,
    "/": -2.2,
    "0": -2.7,  # seldom a number's first digit
    "1": -2.3,  # the commonest first digit
    "2": -2.4,
    "3": -2.5,
    "4": -2.5,
    "5": -2.5,
    "6": -2.5,
    "7": -2.5,
    "8": -2.5,
    "9": -2.5,
    "\t": -3.0,
    "&": -3.0,
    "*": -3.0,
    "%": -3.0,
}
# A letter goes with the default character only behind a byte no pair starts with (Shift-JIS
# rows 85-87, GBK 80): "sąsiada" becomes "s\uff84\u30fbiada".  Word fit then decides.
# A swallowed letter is believed only when it completes a known word, and then it is worth
# what the letters of that word cost the bigram score beyond a space.
SWALLOWABLE.update({ch: 2.0 for ch in "abcdefghijklmnopqrstuvwxyz"})
SWALLOWABLE.update({ch: 0.5 for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})

# What a default character at the very end of a line swallowed: nothing, or the mark that
# closes the sentence ("다." is EB 8B A4 2E, and GBK collapses A4 2E into "?").
# Prose ends its sentences with a full stop, a title or a label with nothing, so the stop
# wins only on a line of several words (PROSE_WORDS spaces, or PROSE_UNSPACED Hangul
# syllables).
AT_END = {"": 0.0, ".": -1.0, "?": -1.8, "!": -1.8}
PROSE_STOP = 0.3
PROSE_WORDS = 3
PROSE_UNSPACED = 10
AFTER_MARK = -3.0

MARGIN = 1.5  # how much more plausible (log10) a repaired line must be than the line as is
COPYRIGHT_YEAR = 3.0
_COPYRIGHT = re.compile("\u00a9 ?(?:1[89]|20)[0-9]{2}")


@dataclass
class LineRepair:
    text: str
    codec: str
    mode: str
    edits: list[Edit]
    gain: float


def find_edits(text: str) -> list[Edit]:
    """Return the edits that undo double-byte mojibake in ``text``, line by line."""
    edits: list[Edit] = []
    pos = 0
    for line in split_lines(text):
        body = line.rstrip("\r\n")
        if SUSPECT.search(body):
            fixed = repair_line(body)
            if fixed is not None:
                edits.extend(
                    Edit(e.start + pos, e.end + pos, e.replacement, e.kind, e.explanation)
                    for e in fixed.edits
                )
        pos += len(line)
    return edits


def repair_line(body: str) -> LineRepair | None:
    """Find the code page and error mode that best explain ``body`` as damaged UTF-8."""
    best: LineRepair | None = None
    base: float | None = None
    probe = body.replace("\ufffd", "?").replace("\u30fb", "?")
    wide = sum(1 for ch in body if ch > "\x7f")
    for codec, default in DOUBLE_BYTE.items():
        try:
            data = probe.encode(codec)
        except UnicodeEncodeError:
            continue  # a character this page cannot have produced
        if not _mostly_utf8(data, wide, codec):
            continue
        units = _units(body, codec, default)
        if units is None:
            continue
        collapse_options: tuple[int | None, ...] = (0x3F, None) if default == "?" else (None,)
        if base is None:
            base = lexicon.score(body)
        for collapse in collapse_options:
            found = _try(body, units, codec, collapse, base)
            if found is not None:
                if best is None or found.gain > best.gain + 1e-9:
                    best = found
                break
    return best


def _units(body: str, codec: str, default: str) -> list[tuple[int, int]] | None:
    """Encode ``body`` back to bytes, one (unit, owning character index) per byte."""
    out: list[tuple[int, int]] = []
    for ci, ch in enumerate(body):
        if ch == "\ufffd":
            out.append((LOST, ci))
            continue
        if ch == default and default != "?":
            out.append((DEFAULT_CHAR, ci))
            continue
        if ch < "\x80":
            out.append((ord(ch), ci))
            continue
        try:
            data = ch.encode(codec)
        except UnicodeEncodeError:
            return None
        out.extend((b, ci) for b in data)
    return out


RARE_OUTSIDE = -5.5  # the rarest letter a repair may write outside CJK and Hangul
RARE = -6.5  # log10 frequency of a character that real text almost never holds
SHORT = 4  # lines with this few non-ASCII characters may have lost a byte behind each
MAX_SITES = 40  # damaged places in one line worth searching; beyond, the line is left alone


# Where a character may start: after ASCII, after a complete two-, three- or four-byte
# sequence, or after a pair of continuation bytes (a previous lead-less character).
_AFTER_COMPLETE = (
    rb"(?<=[\x00-\x7f])|(?<=[\xc2-\xdf][\x80-\xbf])|(?<=[\xe0-\xef][\x80-\xbf]{2})"
    rb"|(?<=[\xf0-\xf4][\x80-\xbf]{3})|(?<=[\x80-\xbf]{2})"
)
# Two continuation bytes there and no third: a three-byte character whose lead alone was
# dropped.
_LEAD_LOST = re.compile(rb"(?:" + _AFTER_COMPLETE + rb")[\x80-\xbf]{2}(?![\x80-\xbf])")
# Windows-949 pairs any two continuation bytes (its trail bytes run from 81), so after a
# dropped lead the next syllable's lead goes too, and whole runs of syllables, from the start
# of the line on, are continuation bytes in twos.
_LEADS_LOST = re.compile(rb"(?:^|" + _AFTER_COMPLETE + rb")[\x80-\xbf]{2}")


def _mostly_utf8(data: bytes, wide: int, codec: str) -> bool:
    """Cheaply reject lines whose bytes are far from UTF-8 (correct CJK text, mostly).

    Python's own decoder counts the errors at C speed; damage leaves about one error per
    lost byte, a fraction of the ``wide`` (non-ASCII) characters the wrong decoder made,
    while correct CJK text re-encoded errs on nearly every character.
    """
    decoded = data.decode("utf-8", errors="replace")
    errors = decoded.count("\ufffd")
    if errors * 3 > wide * 2 + 1:
        # A decoder that drops every lead byte it cannot pair (cp949 after E0: "어제는"
        # loses each EC) errs once per character, yet leaves each character's two
        # continuation bytes behind a complete one: holes the walk can fill.
        errors -= len((_LEADS_LOST if codec == "cp949" else _LEAD_LOST).findall(data))
    if wide <= SHORT:
        if errors > wide + 1:  # "one 鈥 two 鈥 three": a lost byte per character
            return False
    elif errors * 3 > wide * 2 + 1:
        return False
    # Python's decoder reports a run of stray bytes as one error, so correct Big5 or
    # Shift-JIS text can pass the count above; what its bytes spell where they happen to be
    # valid UTF-8 gives it away: combining marks, obsolete letters, scripts nobody mixes.
    # Real mojibake decodes to characters people write.
    found = [ch for ch in decoded if ch > "\x7f" and ch != "\ufffd"]
    rare = sum(1 for ch in found if lexicon.char_score(ch) <= RARE)
    return rare * 10 <= len(found) * 3


def _mode(pieces: list[Piece]) -> str | None:
    kinds = {p.site for p in pieces if p.site}
    if kinds & {"replaced", "obliterated"}:
        return "replace" if kinds <= {"replaced", "obliterated"} else None
    if "collapsed" in kinds:
        return "windows" if kinds == {"collapsed"} else None
    return "ignore"


def _try(
    body: str, units: list[tuple[int, int]], codec: str, collapse: int | None, base: float
) -> LineRepair | None:
    raw = [u for u, _ in units]
    pieces = walk(raw, collapse)
    if pieces is None:
        return None
    sites = [p for p in pieces if p.site]
    if len(sites) > MAX_SITES:
        return None
    if not sites and all(p.text.isascii() for p in pieces):
        return None
    mode = _mode(pieces)
    if mode is None:
        return None
    if pieces[-1].at_end:
        pieces[-1].prose = _prose(pieces)
    # Nothing but runs of U+FFFD: only three in a row, a whole three-byte character, is
    # specific enough to be read as damage by this page rather than by anything else.
    only_runs = all(p.site == "obliterated" for p in sites) and all(
        p.text.isascii() for p in pieces
    )
    # Two in a row (a two-byte letter) are believed only where they complete a known word.
    short_runs = only_runs and any(len(p.holes[0]) != 3 for p in sites)
    if not _pairs_among_letters(pieces):
        return None
    # A dropped byte could have been anywhere; a replaced or collapsed one sits at a known
    # place.  Many of the former leave too much freedom for the replay to confirm.
    out_chars = sum(len(p.text) for p in pieces) + len(sites)
    # A lead byte lost before two continuation bytes sits at a known place, like a replaced
    # one: only its value is open.
    loose = sum(
        1 for p in sites if p.site == "dropped" or (p.site == "lead-lost" and len(p.known) < 2)
    )
    if loose * 2 > max(2, out_chars):
        return None
    owners = [ci for _, ci in units]
    if not _resolve(pieces, owners, raw, body, codec, mode):
        return None
    fixed = "".join(_output(p) for p in pieces)
    if fixed == body or mangle(fixed, codec, mode) != body:
        return None
    if (short_runs or any(p.paired for p in sites)) and not _runs_in_words(pieces, short_runs):
        return None
    if lexicon.script_switches(fixed) > lexicon.script_switches(body) + 2:
        return None  # a jumble of scripts is not what anyone wrote
    gain = lexicon.score(fixed) - base
    if fixed.endswith(("\u3002", "\uff01", "\uff1f")):
        gain += 1.5  # as in _context_bonus: a sentence ends the line
    # A copyright sign before a year is every footer's; an ideograph there is no one's.
    gain += COPYRIGHT_YEAR * (len(_COPYRIGHT.findall(fixed)) - len(_COPYRIGHT.findall(body)))
    if gain < MARGIN:
        return None
    edits = _edits(pieces, owners, raw, body, codec, mode)
    if not _enough_evidence(edits, body):
        return None
    if any(
        ch.isalpha()
        and lexicon.char_score(ch) < RARE_OUTSIDE
        and lexicon.script_of(ch) not in ("CJK", "Hangul")
        for e in edits
        for ch in e.replacement
    ):
        # "It\ufffd¢\ufffd\ufffds" is no Big5 reading of "ItȢFÖs": outside the ideographs
        # (where rare characters are names), a repair writes letters people use.
        return None
    if all(ch.isascii() or "\uff61" <= ch <= "\uff9f" for ch in body) and not all(
        _latin_in_word(e, fixed, body) for e in _joined(edits)
    ):
        # Half-width katakana among ASCII is Japanese as written (receipts, tickets) unless
        # it turns into letters of the Latin word it sits in ("Cafﾃｩ" for "Café").
        return None
    return LineRepair(fixed, codec, mode, edits, gain)


def _pairs_among_letters(pieces: list[Piece]) -> bool:
    """Whether every run of four U+FFFD read as two letters has a Latin letter beside it.

    The reading is for Latin words ("CONVOCA\ufffd\ufffd\ufffd\ufffdO"); in a line of
    another script the known-word check refuses it anyway, after a costly search.
    """
    for idx, piece in enumerate(pieces):
        if not piece.paired or (idx and pieces[idx - 1].paired):
            continue
        before = pieces[idx - 1].text[-1:] if idx else ""
        after = pieces[idx + 2].text[:1] if idx + 2 < len(pieces) else ""
        if not any(ch.isascii() and ch.isalpha() for ch in before + after):
            return False
    return True


def _runs_in_words(pieces: list[Piece], every: bool) -> bool:
    """Whether the two-byte characters restored from U+FFFD alone complete known words.

    Checked for every such character (``every``), or only for those read from a run of four.

    "Dzi\ufffd\ufffdkuj\ufffd\ufffd" could be any two-byte letter twice over; "Dziękuję" is
    the one reading a word list confirms.  A no-break space needs a number before it.
    """
    for idx, piece in enumerate(pieces):
        if piece.site != "obliterated" or len(piece.holes[0]) == 3:
            continue
        if not (every or piece.paired):
            continue
        left = "".join(_output(p) for p in pieces[:idx])
        right = "".join(_output(p) for p in pieces[idx + 1 :])
        ch = _output(piece)
        if ch == "\u00a0":
            if not left[-1:].isdigit():
                return False
        elif not ch.isalpha() or lexicon.word_fit(ch, left, right) != lexicon.WORD_KNOWN:
            return False
    return True


# Symbols a lone mojibake character most often stands for in otherwise clean text.
LONE_SYMBOLS = frozenset(
    "\u00a0\u2014\u2013\u201c\u201d\u2018\u2019\u201e\u2026\u2022\u00b7\u00b0\u00a9"
    "\u00ae\u2122\u20ac\u00a3\u00a5\u00ab\u00bb\u00bd\u00bc\u00be\u00b1\u00d7\u00a7"
    "\u00bf\u00a1\u2192"
)


def _enough_evidence(edits: list[Edit], body: str) -> bool:
    """Refuse to read a single ideograph as mojibake unless everything around agrees.

    One character is weak evidence: ``聽`` is C2 A0 (a no-break space) in GBK, but it is
    also "listen" in Traditional Chinese.  Accept it only when it becomes a character that
    mojibake typically hides — a Latin letter inside a Latin word, or common punctuation —
    sitting in Latin text.
    """
    if len(edits) != 1 or edits[0].end - edits[0].start != 1:
        return True
    edit = edits[0]
    before = body[edit.start - 1 : edit.start]
    after = body[edit.end : edit.end + 1]
    neighbours = before + after
    if not neighbours or not neighbours.isascii():
        return False
    new = edit.replacement
    if len(new) == 1 and new.isalpha() and lexicon.script_of(new) == "Latin":
        # A letter belongs to a word beside it ("pu貌" → "può", "脺ber" → "Über"); before a
        # digit ("page聽12") it is the no-break space's lookalike, not a letter.  Alone, it
        # is a word of the language the line is in ("Venezia 猫 famosa"), and the only
        # character of the line outside ASCII (a line quoting Chinese quotes more of it).
        if before == after == " ":
            alone = sum(1 for ch in body if ch > "\x7f") == 1
            return alone and _one_letter_word(edit, body) and language.one_letter_word(new, body)
        return (before.isalpha() or after.isalpha()) and not after.isdigit()
    if new == "\u00a0":
        # Between two words or numbers, or between a number and its unit ("8 %", "4 €").
        return len(neighbours) == 2 and before.isalnum() and (after.isalnum() or after in "%‰°")
    if _pictograph(new[:1]) and lexicon.char_score(body[edit.start]) <= RARE:
        # An emoji's first bytes read as an ideograph nobody writes ("鉁" for "✨").
        return True
    return new in LONE_SYMBOLS


def _one_letter_word(edit: Edit, body: str) -> bool:
    """Whether an edit makes a one-letter word standing between two ASCII words.

    Believed as it is where two half-width katakana make it ("ﾃｨ" for "è"); a lone ideograph
    between English words is as likely written so ("the word 猫"), so there the language of
    the line must agree too.
    """
    if edit.replacement not in language.ONE_LETTER_WORDS:
        return False
    if body[edit.start - 1 : edit.start] != " " or body[edit.end : edit.end + 1] != " ":
        return False
    before = body[: edit.start].split()[-1:]
    after = body[edit.end :].split()[:1]
    return (
        all(w and w[-1].isascii() and w[-1].isalpha() for w in before)
        and all(w and w[0].isascii() and w[0].isalpha() for w in after)
        and bool(before and after)
    )


def _joined(edits: list[Edit]) -> list[Edit]:
    """Edits that touch merged into one: "ﾃｧﾃ｣" is two edits ("ç", "ã") but one stretch of a
    word ("maçã"), and only the stretch as a whole is glued to an ASCII letter."""
    joined: list[Edit] = []
    for edit in edits:
        if joined and joined[-1].end == edit.start:
            last = joined[-1]
            edit = Edit(last.start, edit.end, last.replacement + edit.replacement, last.kind, "")
            joined[-1] = edit
        else:
            joined.append(edit)
    return joined


def _latin_in_word(edit: Edit, fixed: str, body: str) -> bool:
    """Whether an edit makes Latin letters joined to an ASCII letter of the same word."""
    if _one_letter_word(edit, body):
        return True
    beside = body[edit.start - 1 : edit.start] + body[edit.end : edit.end + 1]
    if edit.replacement in LONE_SYMBOLS:
        return bool(beside) and beside.isascii()
    return (
        any(ch.isascii() and ch.isalpha() for ch in beside)
        and edit.replacement.isalpha()
        and all(lexicon.script_of(ch) == "Latin" for ch in edit.replacement)
    )


def _output(piece: Piece) -> str:
    if not piece.site:
        return piece.text
    return piece.choices[0][0] if piece.choices else ""


BEAM = 6  # partial readings kept while choosing sites left to right
MAX_OPTIONS = 120  # candidates kept per site, the commonest characters
WIDE_BEAM = 200  # kept when a site cannot be checked until the next one is chosen


def _resolve(
    pieces: list[Piece], owners: list[int], raw: list[int], body: str, codec: str, mode: str
) -> bool:
    """Choose the content of every site, verifying each choice by replaying the damage.

    Each candidate is first replayed locally (from the start of the damaged character to the
    end of the text after the site), which leaves a handful out of up to 4,096.  Neighbouring
    sites still constrain each other, so a small beam of readings is kept, and the winner
    must survive a replay of the whole line.
    """
    beams: list[tuple[float, dict[int, tuple[str, bytes]]]] = [(0.0, {})]
    open_ended = False  # the previous site had nothing after it to check against
    pool: dict[int, list[tuple[str, bytes]]] = {}
    letters = _lost_whole_letters(pieces)
    for idx, piece in enumerate(pieces):
        if not piece.site:
            continue
        nxt = pieces[idx + 1] if idx + 1 < len(pieces) else None
        right = nxt.text if nxt is not None and not nxt.site else ""
        options, checked_to = _consistent(
            piece,
            nxt,
            owners,
            raw,
            body,
            codec,
            mode,
            letters if piece.site == "obliterated" else "",
        )
        if not options:
            return False
        if len(options) > MAX_OPTIONS:
            # A hole where a whole lead byte is gone fits hundreds of ideographs and
            # syllables; the rarest are never the answer, and every one kept is scored once
            # per reading in the beam.  Other characters are few enough to keep.
            # (Thai has too few letters to need it, and no frequencies to rank them by.)
            wide = [o for o in options if _IDEOGRAPHIC.match(o[0][0])]
            if len(wide) > MAX_OPTIONS:
                wide.sort(key=lambda o: -lexicon.char_score(o[0][0]))
                keep = {o[0] for o in wide[:MAX_OPTIONS]}
                options = [o for o in options if not _IDEOGRAPHIC.match(o[0][0]) or o[0] in keep]
        pool[idx] = options
        expected, exact = _expected(body, owners, 0, checked_to)
        right_open = nxt is not None and (nxt.site != "" or idx + 2 < len(pieces))
        grown: list[tuple[float, dict[int, tuple[str, bytes]]]] = []
        for total, chosen in beams:
            left = "".join(chosen[k][0] if p.site else p.text for k, p in enumerate(pieces[:idx]))
            for option in options:
                if open_ended:
                    # Only now can the previous choice be checked: replay both together.
                    replay = mangle(left + option[0] + right, codec, mode)
                    if not (replay == expected if exact else replay.startswith(expected)):
                        continue
                value = _site_value(piece, option[0], left, right, right_open=right_open)
                if value != -math.inf:
                    grown.append((total + value, {**chosen, idx: option}))
        if not grown:
            return False
        grown.sort(key=lambda b: -b[0])
        open_ended = checked_to == piece.last and nxt is not None
        beams = grown[: WIDE_BEAM if open_ended else BEAM]
    for _, chosen in beams:
        for idx, option in chosen.items():
            pieces[idx].choices = [option]
        if mangle("".join(_output(p) for p in pieces), codec, mode) == body:
            _refine(pieces, pool, body, codec, mode)
            return True
    return False


def _lost_whole_letters(pieces: list[Piece]) -> str:
    """The script letters to offer for wholly lost characters, worked out only for a line
    that has some, and not too many."""
    lost = [p for p in pieces if p.site == "obliterated"]
    if not lost or sum(1 for p in lost if len(p.holes[0]) == 3) > MAX_LOST_WHOLE:
        return ""
    return _line_letters("".join(p.text for p in pieces if not p.site))


def _line_letters(text: str) -> str:
    """The letters a wholly replaced character may have been, from the scripts of the line.

    A character whose every byte became U+FFFD left only its length; in a Korean line it
    was most likely a Hangul syllable ("비가 ���서" is "비가 와서"), in a Russian one a
    Cyrillic letter.  Only the letters of scripts the surviving text is written in are
    offered; the replay and the word split choose among them.
    """
    found = {lexicon.script_of(ch) for ch in text if ch.isalpha() and ch > "\x7f"}
    return "".join(_SCRIPT_LETTERS[name]() for name in sorted(found) if name in _SCRIPT_LETTERS)


@cache
def _hangul() -> str:
    """The commonest Hangul syllables (about 900 of the 11,172 write nearly all Korean)."""
    return "".join(
        chr(cp) for cp in range(0xAC00, 0xD7A4) if lexicon.char_score(chr(cp)) > COMMON_SYLLABLE
    )


@cache
def _ideographs() -> str:
    """Kana and the commonest ideographs (about 2,300)."""
    kana = [chr(cp) for cp in range(0x3041, 0x3097)] + [chr(cp) for cp in range(0x30A1, 0x30FB)]
    common = [
        chr(cp) for cp in range(0x4E00, 0x9FA6) if lexicon.char_score(chr(cp)) > COMMON_IDEOGRAPH
    ]
    return "".join([*kana, "\u30fc", *common])


# log10 frequencies above which a character is offered for a wholly lost one: every offer
# costs a replay at every such site, and a rarer character is seldom the right guess.
COMMON_IDEOGRAPH = -4.5
COMMON_SYLLABLE = -4.5
# Wholly lost three-byte characters in one line beyond which no script letters are offered:
# with more, too much is gone for the line to come back exactly, and the search would cost
# seconds.
MAX_LOST_WHOLE = 4

_SCRIPT_LETTERS = {
    "Hangul": _hangul,
    "CJK": _ideographs,
    "Cyrillic": cache(lambda: "".join(chr(cp) for cp in range(0x0400, 0x0460)) + "\u0490\u0491"),
    "Greek": cache(lambda: "".join(chr(cp) for cp in range(0x0386, 0x03CF) if chr(cp).isalpha())),
    "Hebrew": cache(lambda: "".join(chr(cp) for cp in range(0x05D0, 0x05EB))),
    "Arabic": cache(
        lambda: "".join(chr(cp) for cp in range(0x0621, 0x064B)) + "\u067e\u0686\u0698\u06af"
    ),
}


SWALLOW_BASES = 24  # restored characters tried before a swallowed one, the commonest
COMMON_WORD_LETTERS = 0.5  # weight of the letter pairs in a restored word of a common band
REFINE_SWEEPS = 3  # passes over the sites; each keeps only changes that raise the line's score
REFINE_PAIRS = 6  # options per site tried jointly for two sites in one word
REFINE_OPTIONS = 16  # options per site tried alone, the best scoring in the current line
REFINE_REACH = 6  # pieces each side whose score a change can move
REFINE_PREFILTER = 24  # options per site scored in context, the commonest characters first


def _refine(
    pieces: list[Piece],
    pool: dict[int, list[tuple[str, bytes]]],
    body: str,
    codec: str,
    mode: str,
) -> None:
    """Revisit every site once the whole line is chosen, now that both sides are known.

    The beam chooses left to right, so a site followed by another site was judged without
    what follows it: "цтемнеею" left the last letters open when "ц" was picked, and in
    Chinese the character after a hole decides between "我們" and "我契".  Here each site (and
    each pair of sites in one word, which only make a known word together) is tried again
    with every option the replay allowed, scored with full context on both sides, and a
    change is kept only if the whole line still replays to exactly what the user has.
    """
    sites = [idx for idx in pool if len(pool[idx]) > 1]
    if not sites:
        return
    outputs = [_output(p) for p in pieces]
    order = sorted(pool)

    def near(changed: tuple[int, ...]) -> list[int]:
        """The sites whose score a change at ``changed`` can move: those a few pieces away
        (a word, or the word split's window, spans no more)."""
        return [i for i in order if any(abs(i - c) <= REFINE_REACH for c in changed)]

    def partial(outs: list[str], among: list[int]) -> float:
        value = 0.0
        # A mark the line's last site may close with is judged by that site alone (the
        # beam chose it so): as context it would cost its neighbours its rarity.
        around = [o[:1] if pieces[i].at_end else o for i, o in enumerate(outs)]
        for idx in among:
            left = "".join(around[max(0, idx - REFINE_REACH) : idx])
            right = "".join(around[idx + 1 : idx + 1 + REFINE_REACH])
            value += _site_value(pieces[idx], outs[idx], left, right)
        return value

    def replays(outs: list[str]) -> bool:
        return mangle("".join(outs), codec, mode) == body

    def attempt(changes: dict[int, tuple[str, bytes]]) -> bool:
        nonlocal outputs
        among = near(tuple(changes))
        trial = [*outputs]
        for idx, option in changes.items():
            trial[idx] = option[0]
        if partial(trial, among) > partial(outputs, among) + 1e-9 and replays(trial):
            outputs = trial
            for idx, option in changes.items():
                pieces[idx].choices = [option]
            return True
        return False

    for _ in range(REFINE_SWEEPS):
        improved = False
        for idx in sites:
            for option in _top(pool[idx], pieces[idx], outputs, idx, REFINE_OPTIONS):
                if option[0] != outputs[idx] and attempt({idx: option}):
                    improved = True
        for a, b in pairwise(sites):
            if not _same_word(outputs, a, b):
                continue
            for oa in _top(pool[a], pieces[a], outputs, a, REFINE_PAIRS):
                for ob in _top(pool[b], pieces[b], outputs, b, REFINE_PAIRS):
                    if oa[0] == outputs[a] or ob[0] == outputs[b]:
                        continue
                    if attempt({a: oa, b: ob}):
                        improved = True
        if not improved:
            break


def _same_word(outputs: list[str], a: int, b: int) -> bool:
    """Whether sites ``a`` and ``b`` sit in one run of letters (only letters between)."""
    between = "".join(outputs[a + 1 : b])
    return len(between) <= 12 and (not between or between.isalpha())


def _top(
    options: list[tuple[str, bytes]], piece: Piece, outputs: list[str], idx: int, count: int
) -> list[tuple[str, bytes]]:
    """The options of one site that score best alone in the current line."""
    if len(options) <= 1:
        return options
    if len(options) > REFINE_PREFILTER:
        # Scoring an option in context costs a word look-up and a word split; the commonest
        # characters are the only ones that can win, so only they are scored.
        options = sorted(options, key=lambda o: -lexicon.char_score(o[0][0]))[:REFINE_PREFILTER]
    left = "".join(outputs[max(0, idx - REFINE_REACH) : idx])
    right = "".join(outputs[idx + 1 : idx + 1 + REFINE_REACH])
    ranked = sorted(options, key=lambda o: -_site_value(piece, o[0], left, right))
    return ranked[:count]


def _site_value(
    piece: Piece, text: str, left: str, right: str, *, right_open: bool = False
) -> float:
    """What a site's content is worth between the text around it (``right_open``: more may
    follow ``right`` that is not chosen yet); minus infinity where it cannot be.
    """
    if not text:
        return 0.0
    opens = left.count("\u201c") - left.count("\u201d")
    if piece.swallowed:
        # The swallowed character belongs to what follows: "toat" + "ă" + " ".
        restored, after = text[0], text[1:] + right
    else:
        restored, after = text, right
    fit = lexicon.word_fit(restored, left, after, right_open=right_open)
    if piece.swallowed and text[1:].isalpha() and fit != lexicon.WORD_KNOWN:
        return -math.inf  # a swallowed letter is believed only where it completes a word
    letters = 1.0
    # After a swallowed space the next word stands alone ("są iada" or "sąsiada").
    apart = (
        lexicon.word_fit("", " ", right, right_open=right_open)
        if piece.swallowed and not text[1:].isalpha() and not piece.at_end
        else 0.0
    )
    if fit == lexicon.WORD_KNOWN and apart >= 0 and not (piece.swallowed and text[1:].isalpha()):
        # Of two known words the damage leaves open, the commoner is likelier.  Not where a
        # swallowed character splits words differently: "să iada" holds a commoner word
        # than "sąsiada" but leaves a stray "iada".
        common = wordrank.common_bonus(wordrank.word_around(restored, left, after))
        fit += common
        if common:
            # How often the word is written says more than how often its letters meet:
            # "לחם" (bread) against "לחי" (cheek), whose letter pairs are commoner.
            letters = COMMON_WORD_LETTERS
    if piece.at_end:
        # The mark, if any, closes the line: only whether it is prose says if one is there.
        mark = text[1:]
        if mark and not text[0].isalnum():
            prior = AT_END[mark] + AFTER_MARK  # "。." or "”.": the sentence was closed
        elif mark == "." and piece.prose and not _NO_STOP.match(text):
            prior = PROSE_STOP
        else:
            prior = AT_END[mark]
        return fit + _value(text[0], left, right, opens, False) + prior
    return fit + _value(text, left, right, opens, piece.swallowed, letters) + apart


def _consistent(
    piece: Piece,
    nxt: Piece | None,
    owners: list[int],
    raw: list[int],
    body: str,
    codec: str,
    mode: str,
    letters: str = "",
) -> tuple[list[tuple[str, bytes]], int]:
    """Keep the candidates whose replay reproduces the damaged text around the site.

    The replay runs from the start of the damaged character through whatever follows that
    is known: the next stretch of text, or the surviving leading bytes of the next site.
    Returns the candidates and the last unit the check covered.
    """
    options = candidates(piece, letters)
    if piece.swallowed:
        # The default character stands for the sequence's last byte and the swallowed one,
        # so that pair must be one the page cannot decode.  Every option pairs with some
        # thirty characters, so only the commonest restored characters are paired: "鈥?"
        # is one of the usual quotes and dashes, not "‗" or "‱".  (At the line's end there
        # are only four things to pair with; Thai letters tie on frequency.)
        thai = bool(options) and segment.THAI_CHAR.match(options[0][0]) is not None
        if len(options) > SWALLOW_BASES and not piece.at_end and not thai:
            # After a small letter, a capital is rarer than any small one ("Nguyễn").  What
            # goes with the default character is most often a space, so the letter before it
            # ends a word, where Hebrew writes its final forms (rarer overall than the rest).
            at = owners[piece.first]
            small = body[at - 1 : at].islower()
            options = sorted(
                options,
                key=lambda o: (
                    -lexicon.char_score(o[0][0])
                    + (small and o[0][0].isupper())
                    - (o[0][0] in lexicon.FINAL_FORMS)
                ),
            )
            options = options[:SWALLOW_BASES]
        options = [
            (ch + sw, seq + sw.encode())
            for ch, seq in options
            for sw in _swallowable(codec, seq[-1], piece.at_end)
        ]
    u0 = piece.first
    while u0 > 0 and owners[u0 - 1] == owners[piece.first]:
        u0 -= 1
    prefix_units = raw[u0 : piece.first]
    if any(u < 0 for u in prefix_units):
        return options, piece.last
    end_unit = piece.last
    suffix = b""
    if nxt is not None and not nxt.site:
        suffix = nxt.text.encode("utf-8")
        end_unit = nxt.last
    elif nxt is not None:
        known = []
        for u in raw[nxt.first : nxt.last + 1]:
            if u < 0:
                break
            known.append(u)
        suffix = bytes(known)
        end_unit = nxt.first + len(known) - 1 if known else piece.last
    prefix = bytes(prefix_units)
    expected, exact = _expected(body, owners, owners[u0], end_unit)
    kept = []
    for option in options:
        replay = misdecode(prefix + option[1] + suffix, codec, mode)
        if replay == expected if exact else replay.startswith(expected):
            kept.append(option)
    return kept, end_unit


@cache
def _swallowable(codec: str, lead: int, at_end: bool = False) -> tuple[str, ...]:
    """The characters a default character may have swallowed behind the byte ``lead``:
    those ``codec`` cannot read as the second byte of a pair starting with it (at the end of
    the line, also nothing at all)."""
    found = [""] if at_end else []
    for ch in AT_END if at_end else SWALLOWABLE:
        if not ch:
            continue
        try:
            (bytes([lead]) + ch.encode()).decode(codec)
        except UnicodeDecodeError:
            found.append(ch)
    return tuple(found)


def _expected(body: str, owners: list[int], start: int, end_unit: int) -> tuple[str, bool]:
    """Return the text a replay through ``end_unit`` must give, and whether exactly.

    When the character owning ``end_unit`` also owns the next byte, the replay cannot
    produce it, so only what comes before it is required.
    """
    last = owners[end_unit]
    if end_unit + 1 < len(owners) and owners[end_unit + 1] == last:
        return body[start:last], False
    return body[start : last + 1], True


SEG_CONTEXT = 4  # characters each side of a site that the word split looks at
THAI_CONTEXT = 10  # ... in Thai, whose words run to more characters
VARIANT_CLASH = -2.5  # a Simplified character among Traditional ones, or the reverse


def _prose(pieces: list[Piece]) -> bool:
    """Whether the text of a line, as far as it survived, reads as a sentence rather than a
    title or a label."""
    text = "".join(p.text for p in pieces)
    # A collapsed pair most often swallowed a space: in Hebrew read as cp932 every space
    # between words went so.
    swallowed = sum(1 for p in pieces if p.swallowed and not p.at_end)
    if text.count(" ") + swallowed >= PROSE_WORDS:
        return True
    return sum(1 for ch in text if "\uac00" <= ch <= "\ud7af") >= PROSE_UNSPACED


# Ideographs, kana and Hangul: the scripts of thousands of characters.
_IDEOGRAPHIC = re.compile(f"[{segment.KANA_HAN}{segment.HANGUL}]")


# Scripts whose sentences do not end with ".": Thai, and Chinese and Japanese (which use "。").
_NO_STOP = re.compile(f"[{segment.THAI}{segment.KANA_HAN}]")


def _value(
    text: str, left: str, right: str, opens: int, swallowed: bool, letters: float = 1.0
) -> float:
    """What ``text`` is worth as a site's content by its characters and their neighbours
    (the letter pairs weighed by ``letters``)."""
    # A swallowed character is part of what follows the restored one: "鈥?open" is "— open".
    after = text[1:] + right if swallowed else right
    value = _context_bonus(text[0], left, after, opens)
    near = left[-2:] + right[:2]
    if segment.UNSPACED_CHAR.search(near):
        # Chinese, Japanese and Korean put no spaces between words: the likeliest split into
        # known words around the site judges what the hole held across word boundaries,
        # where pairs of characters inside words cannot.
        # What the site adds to the split of its window, as the bigram score below adds:
        # the whole window's score would make a site beside CJK text cost several
        # characters' worth and one beside other letters one, so a beam could escape into
        # Yi or Myanmar syllables ("笑いၪ၌" for "笑いなが") just by leaving CJK context.
        reach = THAI_CONTEXT if segment.THAI_CHAR.search(near) else SEG_CONTEXT
        before, after = left[-reach:], right[:reach]
        value += segment.score(before + text + after) - segment.score(before)
        value -= segment.score(after)
        if segment.variant_clash(text[0], left[-20:] + right[:20]):
            value += VARIANT_CLASH
    else:
        value += letters * lexicon.score(text, left[-3:], right[:3])
    if swallowed:
        value += SWALLOWABLE[text[1:]]
        if text[1:] == " " and (right[:1] == " " or text[0] in SPACES):
            value -= 2.0  # a swallowed space beside another: nobody typed two
        if (
            text[1:].isdigit()
            and unicodedata.category(text[0]) == "Sc"
            and left[-1:] in ("", " ", "(")
            and not right[:1].isalpha()
        ):
            value += 4.0  # "€?2" is far likelier "€12" than "€ 2"
        elif text[1:] == " " and right[:1] in (".", ",", ";", ":", "!", "?", ")"):
            value -= 2.0  # "€ ." or "word ," is seldom typed; "€8." is
        elif text[0] in SPACES and (text[1:].isalnum() or text[1:] == "%"):
            # A no-break space glues two things together ("3\u00a0%", "№\u00a04521",
            # "M.\u00a0Dupont"): what it swallowed is what it was glued to, and after a
            # number most often its unit.
            value += 3.5 if text[1:] == "%" and left[-1:].isdigit() else 2.5
    return value


def _context_bonus(ch: str, left: str, right: str, opens: int) -> float:
    """Adjust for what surrounds a restored punctuation mark.

    A closing quote follows a word, not a space; an opening quote precedes one; and a
    closing double quote is far likelier when an opening one is still unmatched.
    """
    bonus = 0.0
    before = left[-1:]
    after = right[:1]
    if ch in "\u201d\u2019\u2026" and (not before or before.isspace()):
        bonus -= 2.0
    if ch == "\u2019" and after.isspace() and before != "s":
        # "students’ books" is the one common place a word ends with an apostrophe.
        bonus -= 1.5
    if ch in "\u201c\u2018" and (not after or after.isspace()):
        bonus -= 2.0
    if ch == "\u201d":
        bonus += 1.5 if opens > 0 else -1.0
    elif ch == "\u201c" and opens > 0:
        bonus -= 1.5
    if "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff65":
        near = left.rstrip()[-1:] + right.lstrip()[:1]
        if near and near.isascii():
            return bonus - 3.0  # ideographic punctuation belongs beside ideographs
    if not right and ch in "\u3002\uff01\uff1f":
        bonus += 2.5  # a sentence ends the line
    if ch.isalpha() and ch.lower() != ch.upper():
        # Case follows the text around: a capital opens a sentence ("Ți-am", "Řekl") and
        # stands among capitals ("SÃO"), a small letter among small ones.
        opening = not left.strip() or left.rstrip()[-1] in ".!?"
        capitals = before.isupper() and (
            after.isupper() or (not after.isalpha() and left[-2:-1].isupper())
        )
        if (opening and not before.isalpha()) or capitals:
            bonus += 1.0 if ch.isupper() else -1.0
    if ch == "\u202f" and (after[:1] in (":", ";", "!", "?", "\u00bb") or before == "\u00ab"):
        bonus += 2.5  # French sets a narrow no-break space inside « » and before : ; ! ?
    if ch == "\u2212" and after[:1].isdigit() and not before.isalnum():
        bonus += 3.5  # a minus sign opens a number ("−3 °C")
    if ch == "\u2013" and before.isdigit() and after[:1].isdigit():
        bonus += 2.5  # an en dash joins the ends of a range ("10:00–12:00")
    if before.isalpha() and (not after or after[:1] in " .,"):
        # A word ends with an ellipsis ("Wait… no"); a dash at a word's end is spaced or
        # closed up on both sides, seldom one.
        if ch == "\u2026":
            bonus += 1.0
        elif ch == "\u2014" and after[:1] == " ":
            bonus -= 1.0
    if ch in "\u200d\ufe0f" and _pictograph(before) and (ch == "\ufe0f" or _pictograph(after[:1])):
        # A zero-width joiner between two pictographs makes one emoji (a family, a flag);
        # the presentation selector follows a symbol that has a text form too ("♻️").
        bonus += 3.0
    elif ch == "\u200d":
        bonus -= 3.0  # anywhere else an invisible joiner is no one's writing
    if ch == "\u2019" and before.isalpha() and not after[:1].isalpha():
        # A single quotation closes after a word when one was opened ("‘maybe’, not"); an
        # apostrophe sits inside a word or after its "s".
        opened = left.rfind("\u2018")
        if opened >= 0 and not _closed_single(left[opened:]):
            bonus += 1.5  # as a closing double quote after an opening one
    for opener, closer in ("\u300c\u300d", "\u300e\u300f"):
        # Japanese and Traditional Chinese quote with corner brackets, always in pairs.
        closes_later = ch == opener and right.count(closer) > right.count(opener)
        if closes_later or (ch == closer and left.count(opener) > left.count(closer)):
            bonus += 2.0
    if (
        ch == "\u201c"
        and left.count("\u201e") > left.count("\u201c")
        and before
        and not before.isspace()
    ):
        bonus += 2.0  # German and Czech quotes open with „ and close with “ after a word
    return bonus


def _closed_single(text: str) -> bool:
    """Whether a "’" in ``text`` closes a quotation: one not followed by a letter."""
    return any(ch == "\u2019" and not text[i + 1 : i + 2].isalpha() for i, ch in enumerate(text))


def _pictograph(ch: str) -> bool:
    """Whether ``ch`` is an emoji or a pictographic symbol (☔, ✅, 👨)."""
    return bool(ch) and (ch >= "\U0001f000" or "\u2600" <= ch <= "\u27bf")


def _edits(
    pieces: list[Piece], owners: list[int], raw: list[int], body: str, codec: str, mode: str
) -> list[Edit]:
    """Turn the decoded pieces into the smallest edits of ``body``, each with its story."""
    atoms: list[tuple[int, int, str, Piece | None]] = []  # first unit, last unit, text, site
    for piece in pieces:
        if piece.site:
            atoms.append((piece.first, piece.last, _output(piece), piece))
            continue
        unit = piece.first
        for ch in piece.text:
            size = len(ch.encode("utf-8"))
            atoms.append((unit, unit + size - 1, ch, None))
            unit += size
    edits: list[Edit] = []
    group: list[tuple[int, int, str, Piece | None]] = []
    g_start = g_end = -1

    def close() -> None:
        if not group:
            return
        replacement = "".join(a[2] for a in group)
        original = body[g_start:g_end]
        if replacement != original:
            edits.append(_edit(g_start, g_end, replacement, group, raw, codec, mode))

    for atom in atoms:
        c_start, c_end = owners[atom[0]], owners[atom[1]] + 1
        if group and c_start < g_end:
            group.append(atom)
            g_end = max(g_end, c_end)
        else:
            close()
            group = [atom]
            g_start, g_end = c_start, c_end
    close()
    return edits


def _edit(
    start: int,
    end: int,
    replacement: str,
    group: list[tuple[int, int, str, Piece | None]],
    raw: list[int],
    codec: str,
    mode: str,
) -> Edit:
    name = NAMES[codec]
    sites = [a[3] for a in group if a[3] is not None]
    if not sites:
        data = " ".join(f"{b:02X}" for b in raw[group[0][0] : group[-1][1] + 1] if b >= 0)
        return Edit(start, end, replacement, Kind.MOJIBAKE, f"UTF-8 → read as {name}: bytes {data}")
    stories = []
    for site in sites:
        ch, seq = site.choices[0]
        lost = _lost_bytes(site, seq[: len(seq) - len(ch[1:].encode())] if site.swallowed else seq)
        how = {
            "replaced": "replaced by U+FFFD",
            "obliterated": "all replaced by U+FFFD",
            "dropped": "dropped",
            "lead-lost": "dropped",
            "collapsed": f"collapsed with the next character into {DOUBLE_BYTE[codec]!r}",
        }[site.site]
        restored = ch[0]
        story = (
            f"UTF-8 → read as {name}, byte {lost} {how}; "
            f"restored as {restored} (U+{ord(restored):04X}) from context"
        )
        if site.swallowed and ch[1:]:
            story += f", and the swallowed {ch[1:]!r}"
        stories.append(story)
    return Edit(start, end, replacement, Kind.LOST_BYTE, "; ".join(stories))


def _lost_bytes(site: Piece, seq: bytes) -> str:
    """Name the byte(s) the decoder lost, given the sequence chosen for the site (without
    what it swallowed)."""
    known = list(site.known)
    lost = []
    for b in seq:
        if known and known[0] == b:
            known.pop(0)
        else:
            lost.append(f"0x{b:02X}")
    return ", ".join(lost) if lost else "?"
