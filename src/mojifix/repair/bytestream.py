"""Read the UTF-8 that hides under mojibake, noting every place a byte went missing.

A wrong decoder does not always keep every byte.  Re-encoding its output gives back the UTF-8
stream with holes, and each hole has a recognisable shape:

* a byte replaced by U+FFFD — the position is known, the value is not;
* a byte silently dropped — a multi-byte sequence ends one byte short, or continuation bytes
  appear with no lead byte;
* a lead byte and the byte after it collapsed into one default character (``?``, ``・``) —
  a sequence one byte short, followed by the default character, and one more byte gone with it.

:func:`walk` splits the stream into decoded characters and these *sites*; the repair passes
then choose what each site held, and every choice is verified by replaying the damage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

LOST = -1  # a byte replaced by U+FFFD
SPACES = frozenset("\u00a0\u202f\u2009\u2007\u3000")  # no-break, narrow, thin, figure, CJK
# The zero-width joiner that holds family, flag and profession emoji together ("🤷‍♂️").
JOINER = "\u200d"
DEFAULT_CHAR = -2  # a byte pair collapsed into the decoder's default character

CONTINUATIONS = tuple(range(0x80, 0xC0))

# What a character whose every byte was replaced most likely was, by UTF-8 length: Latin
# letters (Latin-1, Latin Extended-A, Romanian ș ț, Vietnamese ơ ư), the no-break space and
# symbols (two bytes), general punctuation and common symbols (three).
COMMON_BY_LENGTH = {
    2: "\u00a0"
    + "".join(chr(c) for c in range(0xA1, 0x180) if chr(c).isprintable())
    + "\u01a0\u01a1\u01af\u01b0\u0218\u0219\u021a\u021b",
    3: "".join(chr(c) for c in range(0x2010, 0x205F) if chr(c).isprintable())
    + "\u20ac\u2122\u2190\u2191\u2192\u2193\u2212\u2264\u2265\u3001\u3002",
}


@dataclass
class Piece:
    """A stretch of the stream: decoded text, or a site whose content must be chosen.

    ``first`` and ``last`` are indexes of units (bytes or markers) in the stream.  For a site,
    ``known`` holds the bytes that survived, ``holes`` the positions within the sequence that
    are unknown (each one byte), and ``swallowed`` whether one more character after the
    sequence went with a collapsed default character.
    """

    first: int
    last: int
    text: str = ""
    site: str = ""  # "", "replaced", "obliterated", "dropped", "collapsed" or "lead-lost"
    known: bytes = b""
    holes: tuple[tuple[int, ...], ...] = ()
    swallowed: bool = False
    tail: bytes = b""
    paired: bool = False  # one of two characters read from a run of four U+FFFD
    # The default character ends the text: it swallowed the sentence's closing mark, or
    # nothing (a lead byte with no byte after it is collapsed alone).
    at_end: bool = False
    prose: bool = False  # ... on a line that reads as a sentence (set by the repair pass)
    choices: list[tuple[str, bytes]] = field(default_factory=list)


def _seq_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _is_cont(unit: int) -> bool:
    return 0x80 <= unit <= 0xBF


def walk(units: list[int], collapse_byte: int | None) -> list[Piece] | None:
    """Split ``units`` into decoded text and damage sites; ``None`` if they are not UTF-8.

    ``collapse_byte`` is the byte value of the default character when it is a single ASCII
    byte (``?``), so that a short sequence followed by it can be read as a collapsed pair.
    """
    pieces: list[Piece] = []
    n = len(units)
    i = 0
    text_start = 0
    buf = bytearray()

    def flush(upto: int) -> bool:
        nonlocal buf, text_start
        if buf:
            try:
                pieces.append(Piece(text_start, upto - 1, text=buf.decode("utf-8")))
            except UnicodeDecodeError:
                return False
            buf = bytearray()
        return True

    while i < n:
        u = units[i]
        if 0 <= u < 0x80:
            if not buf:
                text_start = i
            buf.append(u)
            i += 1
            continue
        need = _seq_len(u) if u >= 0 else 0
        if need:
            got = [u]
            holes: list[int] = []
            j = i + 1
            while len(got) < need and j < n and (_is_cont(units[j]) or units[j] == LOST):
                if units[j] == LOST:
                    holes.append(len(got))
                    got.append(0)
                else:
                    got.append(units[j])
                j += 1
            if len(got) == need and not holes:
                if not buf:
                    text_start = i
                buf.extend(got)
                i = j
                continue
            if not flush(i):
                return None
            known = bytes(b for k, b in enumerate(got) if k not in holes)
            if holes and len(got) == need:
                if len(holes) > 2:
                    return None
                pieces.append(Piece(i, j - 1, site="replaced", known=known, holes=(tuple(holes),)))
                i = j
                continue
            short = need - len(got)
            nxt = units[j] if j < n else None
            if holes or short > 2:
                return None
            if nxt == DEFAULT_CHAR or (collapse_byte is not None and nxt == collapse_byte):
                # The default character stands for two bytes: the rest of this sequence,
                # or its last byte and one byte after it.
                k = j + 1
                if short == 2:
                    holes_here: tuple[int, ...] = (len(got), len(got) + 1)
                    pieces.append(Piece(i, j, site="collapsed", known=known, holes=(holes_here,)))
                    i = k
                    continue
                tail_end = k
                while tail_end < n and tail_end - k < 3 and _is_cont(units[tail_end]):
                    tail_end += 1
                pieces.append(
                    Piece(
                        i,
                        tail_end - 1,
                        site="collapsed",
                        known=known,
                        holes=((len(got),),),
                        swallowed=tail_end == k,
                        tail=bytes(units[k:tail_end]),
                        at_end=k == n,
                    )
                )
                i = tail_end
                continue
            if short == 2:
                # The two bytes after what survived: a three-byte character's lead alone, or a
                # four-byte one's first two (GBK drops an emoji's "A4 9E" as one bad pair).
                positions: tuple[tuple[int, ...], ...] = ((len(got), len(got) + 1),)
            else:
                positions = tuple((p,) for p in range(1, len(got) + 1))
            pieces.append(Piece(i, j - 1, site="dropped", known=known, holes=positions))
            i = j
            continue
        if u == LOST:
            # A lead byte replaced by U+FFFD (perhaps with the byte after it), the rest of
            # its continuation bytes intact.
            k = i
            while k < n and k - i < 2 and units[k] == LOST:
                k += 1
            j = k
            while j < n and j - i < 4 and _is_cont(units[j]):
                j += 1
            if j == k:
                # Every byte of the character replaced: only what it stood among can tell
                # what it was, so only the commonest characters of that length are tried.
                run = k
                while run < n and units[run] == LOST:
                    run += 1
                if not flush(i):
                    return None
                if run - i == 4 and (run == n or not _is_cont(units[run])):
                    # Four in a row: two two-byte letters ("CONVOCA\ufffd\ufffd\ufffd\ufffdO"),
                    # believed only where they complete a known word.
                    for at in (i, i + 2):
                        site = Piece(at, at + 1, site="obliterated", holes=((0, 1),), paired=True)
                        pieces.append(site)
                    i = run
                    continue
                while k < n and units[k] == LOST and k - i < 3:
                    k += 1
                if k - i < 2:
                    return None
                pieces.append(Piece(i, k - 1, site="obliterated", holes=(tuple(range(k - i)),)))
                i = k
                continue
            if not flush(i):
                return None
            known = bytes(units[k:j])
            holes_at = tuple(range(k - i))
            pieces.append(Piece(i, j - 1, site="replaced", known=known, holes=(holes_at,)))
            i = j
            continue
        if u == DEFAULT_CHAR:
            # A lead byte and the continuation after it collapsed into the default character
            # with the rest of the sequence intact behind it (Shift-JIS reads "어", EC 96 B4,
            # as "・ｴ"): the hole is the sequence's first two bytes.
            j = i + 1
            while j < n and j - i < 3 and _is_cont(units[j]):
                j += 1
            if j == i + 1 or not flush(i):
                return None
            pieces.append(
                Piece(i, j - 1, site="collapsed", known=bytes(units[i + 1 : j]), holes=((0, 1),))
            )
            i = j
            continue
        if _is_cont(u):
            # Continuation bytes with no lead: the lead byte was dropped.  A longer run is
            # several such characters; they are split in twos (three-byte characters, the
            # whole Basic Multilingual Plane beyond U+07FF) unless the run is three long,
            # a four-byte character: a decoder that drops every lead byte it cannot pair
            # leaves "어제는" as six continuation bytes in a row.
            run = i
            while run < n and _is_cont(units[run]):
                run += 1
            j = i + (min(run - i, 3) if run - i <= 3 else 2)
            if not flush(i):
                return None
            pieces.append(Piece(i, j - 1, site="lead-lost", known=bytes(units[i:j]), holes=((0,),)))
            i = j
            continue
        return None
    if not flush(n):
        return None
    return pieces


def candidates(piece: Piece, letters: str = "") -> list[tuple[str, bytes]]:
    """List every character a site could have held, with its full byte sequence.

    ``letters`` are further characters a wholly replaced character may have been: the
    letters of the scripts the rest of the line is written in.
    """
    # The same damage recurs across a text (every "鈥" of a page of GBK mojibake), so the
    # lists are worked out once per shape of site.
    return list(_candidates(piece.site, piece.known, piece.holes, piece.tail, letters))


@lru_cache(maxsize=4096)
def _candidates(
    site: str, known: bytes, holes: tuple[tuple[int, ...], ...], tail: bytes, letters: str
) -> tuple[tuple[str, bytes], ...]:
    found: dict[str, bytes] = {}
    if site == "obliterated":
        size = len(holes[0])
        for ch in COMMON_BY_LENGTH.get(size, "") + letters:
            encoded = ch.encode("utf-8")
            if len(encoded) == size:
                found.setdefault(ch, encoded)
        return tuple(found.items())
    if site == "lead-lost":
        _fill_lead(found, known)
        if len(known) < 3:
            # The byte after the lead may have gone with it, or (an emoji in Shift-JIS,
            # whose F0 and 80 both fail to pair) the sequence's last byte.
            for cont in CONTINUATIONS:
                _fill_lead(found, bytes([cont]) + known)
                if len(known) == 2:
                    for lead in range(0xF0, 0xF5):
                        _add(found, bytes([lead]) + known + bytes([cont]))
        return tuple(found.items())
    for positions in holes:
        pools = [CONTINUATIONS if pos else range(0xC2, 0xF5) for pos in positions]
        for fill in product(*pools):
            seq = bytearray(known)
            for pos, b in zip(positions, fill):
                seq.insert(pos, b)
            _add(found, bytes(seq))
    if tail:
        # The collapsed pair took the lead byte of the next character too.
        nexts: dict[str, bytes] = {}
        _fill_lead(nexts, tail)
        return tuple((a + b, sa + sb) for a, sa in found.items() for b, sb in nexts.items())
    return tuple(found.items())


def _fill_lead(found: dict[str, bytes], conts: bytes) -> None:
    leads = {1: range(0xC2, 0xE0), 2: range(0xE0, 0xF0), 3: range(0xF0, 0xF5)}[len(conts)]
    for lead in leads:
        _add(found, bytes([lead]) + conts)


def _add(found: dict[str, bytes], seq: bytes) -> None:
    try:
        ch = seq.decode("utf-8")
    except UnicodeDecodeError:
        return
    # Spaces other than " " are not "printable" to Python, but the no-break spaces are what
    # French puts before "?" and what "8 %" holds; nor is the joiner inside emoji.
    if len(ch) == 1 and (ch.isprintable() or ch in SPACES or ch == JOINER) and ch not in found:
        found[ch] = seq
