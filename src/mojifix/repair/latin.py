"""UTF-8 read as a single-byte code page (``rÃ©sumÃ©``, ``Ð¿Ñ€Ð¸Ð²ÐµÑ‚``, ``â€œ``).

How it happens: UTF-8 bytes are decoded one byte per character with a legacy page —
Windows-1252 in most of the world, but also Windows-1251 on Russian machines, CP437/CP850
in a DOS console, Mac Roman, KOI8-R — and the result is saved as UTF-8.  Each non-ASCII
character becomes two to four characters, and this can happen again to the damaged text.

How it is undone: for each code page, re-encode each run of characters the page can
represent and decode, as UTF-8, only the byte sequences that form complete UTF-8 characters;
everything else stays as it is, so a damaged phrase inside a correct line is repaired alone.
A byte that Python's strict decoder replaced with U+FFFD (``â€�``) is restored from the
few bytes that page leaves undefined, by plausibility.  The page whose repair is most
plausible wins; ties go to the commoner page.  Layers are peeled one at a time.

Why it is safe: a cluster is only replaced when the repaired characters are more plausible
as writing, in their context, than the characters the user has; "NÃO" in Portuguese or
"Å" in Swedish never form a complete UTF-8 sequence, so they are never candidates.  ftfy's
encoding fixer then runs for the special cases it knows (a lost byte A0 turned into a
space, Java's modified UTF-8, C1 controls), with its own safeguards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from mojifix.model import Kind
from mojifix.repair import lexicon, segment
from mojifix.repair.codepages import (
    NAMES,
    SINGLE_BYTE,
    char_class,
    producible,
    shown_as,
    sloppy_encode,
    sloppy_encode_lossy,
    sloppy_table,
    undefined_bytes,
)
from mojifix.repair.edits import Edit, split_lines

LOST = -1
OTHER = -2  # a character this code page cannot produce
MAX_LAYERS = 3
# How much likelier a misreading by this page is than by any other, in log10 plausibility:
# Windows-1252 and Latin-1 are the readers of most mojibake in the wild.
PAGE_PRIOR = {"cp1252": 1.0, "latin-1": 0.5}
MIN_GAIN = 1.0  # log10 plausibility a cluster must gain to be replaced
STRONG = 3.0  # gain of each of several clusters that needs no further evidence
FOREIGN_GAIN = 2.0  # gain enough when the cluster is an island of another script
RARE = -5.5  # a repair must not produce characters rarer than this
MAX_FILLS = 625  # combinations of restored bytes tried per cluster

# The pages ftfy's badness heuristics were tuned on; for the others a line needs more than
# one repaired character before it is believed.
FTFY_PAGES = frozenset(
    {
        "cp1252",
        "latin-1",
        "cp1251",
        "cp1250",
        "iso8859-2",
        "cp1253",
        "cp1254",
        "cp1257",
        "mac_roman",
        "cp437",
    }
)


@dataclass(frozen=True)
class Cluster:
    start: int
    end: int
    replacement: str
    data: bytes
    restored: tuple[int, ...]  # bytes restored in place of U+FFFD


def _seq_len(b: int) -> int:
    if 0xC2 <= b <= 0xDF:
        return 2
    if 0xE0 <= b <= 0xEF:
        return 3
    if 0xF0 <= b <= 0xF4:
        return 4
    return 0


def find_edits(text: str) -> list[Edit]:
    """Return edits that undo single-byte mojibake, line by line, layer by layer."""
    edits: list[Edit] = []
    pos = 0
    for line in split_lines(text):
        body = line.rstrip("\r\n")
        if lexicon.needs_search(body) and _utf8_inside(body) and not lexicon.looks_clean(body):
            edits.extend(
                Edit(e.start + pos, e.end + pos, e.replacement, e.kind, e.explanation)
                for e in repair_line(body)
            )
        pos += len(line)
    return edits


def repair_line(body: str) -> list[Edit]:
    """Peel up to three layers of single-byte mojibake off ``body`` (a line
    :func:`find_edits` found to hold UTF-8 under some page)."""
    whole = _whole_line(body)
    if whole is not None:
        return whole
    layered = _layers(body)
    if layered is not None:
        return [layered]
    current = body
    stories: list[str] = []
    first_layer: list[Edit] = []
    for _ in range(MAX_LAYERS):
        best: tuple[float, str, list[Cluster]] | None = None
        bad = _looks_bad(current)
        for codec in SINGLE_BYTE:
            weak: list[tuple[float, Cluster]] = []
            clusters = _clusters(current, codec, weak)
            if not clusters or not _believable(current, codec, clusters, bad, weak):
                continue
            gain = sum(g for g, _ in clusters) + PAGE_PRIOR.get(codec, 0.0)
            if best is None or gain > best[0] + 1e-9:
                # The page is believed: its weak clusters ("┬á" for a no-break space beside
                # "Geb├╝hren") are the same damage, and are undone with the rest.
                chosen = sorted((c for _, c in clusters + weak), key=lambda c: c.start)
                best = (gain, codec, chosen)
        if best is None:
            break
        _, codec, chosen = best
        if not stories:
            first_layer = [_cluster_edit(codec, c) for c in chosen]
        pieces = []
        prev = 0
        for c in chosen:
            pieces.append(current[prev : c.start])
            pieces.append(c.replacement)
            prev = c.end
        pieces.append(current[prev:])
        current = "".join(pieces)
        stories.append(_story(codec, chosen))
    if current == body:
        return []
    if len(stories) == 1:
        return first_layer
    start, end, replacement = _trim(body, current)
    kind = Kind.LOST_BYTE if any("restored" in s for s in stories) else Kind.MOJIBAKE
    return [Edit(start, end, replacement, kind, "; then ".join(stories))]


def _utf8_inside(body: str) -> bool:
    """Whether some page's bytes for ``body`` hold a complete multi-byte UTF-8 sequence.

    Every repair below starts from one: a whole-line reading decodes all of a page's bytes,
    and a cluster is a run of such sequences (characters the page lacks break a run, as the
    ``?`` that stands for them here does).  Accented words, Cyrillic or Arabic in their own
    right rarely spell one in any page, so correct lines leave after one encode and one
    decode per page, at C speed.  A U+FFFD may stand for any lost byte: such a line always
    goes to the search.
    """
    if "\ufffd" in body:
        return True
    if not _lead_then_continuation().search(body):
        # No page could give two neighbours of the line a lead and a continuation byte
        # (Chinese, Japanese, emoji, a lone "ñ" among ASCII): no encoding below holds a
        # sequence, found without making one.
        return False
    return _utf8_in_some_page(body)


def _utf8_in_some_page(body: str) -> bool:
    """Whether some page's bytes for ``body`` (``?`` for what it lacks) hold a complete
    multi-byte UTF-8 sequence."""
    for codec in SINGLE_BYTE:
        data = sloppy_encode_lossy(body, codec)
        # A decoder skips what is not UTF-8 and keeps every complete sequence (a lead byte
        # never belongs to a broken one before it).
        if not data.decode("utf-8", "ignore").isascii():
            return True
    return False


@cache
def _lead_then_continuation() -> re.Pattern[str]:
    """A character some single-byte page encodes as a UTF-8 lead byte (C2-F4), then one
    some page encodes as a continuation byte (80-BF).

    Every multi-byte sequence starts with such a pair, one byte per character, and a
    character a page lacks becomes ``?``, which belongs to no sequence: a line without such
    a pair holds no UTF-8 under any page.
    """
    return re.compile(char_class(shown_as(0xC2, 0xF4)) + char_class(shown_as(0x80, 0xBF)))


def _whole_line(body: str) -> list[Edit] | None:
    """Undo one layer over the whole line when no other reading exists: the fast path.

    Most damaged lines are damaged throughout, by one page.  When every page that turns the
    line into valid UTF-8 gives the same text, no page can explain the line differently,
    and a page whose bytes are not valid UTF-8 leaves a damaged character outside every
    cluster, which the search would not believe.  What remains to decide is whether the line
    was damaged at all, and for that this asks more than the search: ftfy must find it bad,
    the reading must not, and the reading must be more plausible, with no rare character.
    Anything less certain goes to the search.
    """
    if "\ufffd" in body:
        return None  # a lost byte is for the search to restore, from its context
    readings = _readings(body)
    if len(readings) != 1:
        return None
    [(fixed, (codec, data))] = readings.items()
    if (
        fixed == body
        or _readings(fixed)  # one more layer under this one: the layered search's case
        or not lexicon.printable(fixed)
        or any(lexicon.char_score(ch) < RARE for ch in fixed if not ch.isascii())
        or not _looks_bad(body)
        or _still_damaged(fixed)
        or lexicon.score(fixed) < lexicon.score(body) + MIN_GAIN
    ):
        return None
    # The decode succeeded, so every run of high bytes is a run of complete sequences: a
    # cluster, at the same offsets in the line (one character per byte).
    return [
        _cluster_edit(codec, Cluster(i, j, data[i:j].decode("utf-8"), data[i:j], ()))
        for i, j in (m.span() for m in _HIGH_RUN.finditer(data))
    ]


def _readings(text: str) -> dict[str, tuple[str, bytes]]:
    """Each different text that re-encoding all of ``text`` with a page and decoding it as
    UTF-8 gives, with the first page (commonest first) and the bytes; at most two."""
    readings: dict[str, tuple[str, bytes]] = {}
    chars = set(text)
    for codec in SINGLE_BYTE:
        if not chars <= _page_chars(codec):
            continue  # one set comparison instead of a failed encoding
        data = sloppy_encode(text, codec)
        if data is None or data.isascii():
            continue
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        readings.setdefault(decoded, (codec, data))
        if len(readings) > 1:
            break
    return readings


_HIGH_RUN = re.compile(b"[\x80-\xff]+")


@cache
def _page_chars(codec: str) -> frozenset[str]:
    """The characters ``codec`` has a byte for."""
    return frozenset(sloppy_table(codec))


def _layers(body: str) -> Edit | None:
    """Undo two or three whole-line layers at once, when the whole line allows it.

    Mojibake of mojibake ("HР“В©tv" for "Hétv") has rare characters in its middle layer
    ("Г©"), which the cluster search would refuse; decoding the whole line layer by layer
    and judging each step avoids that.  Each layer may come from a different page (Latin-1
    under Windows-1252 is common), so every page is tried at every step and the most
    plausible reading kept; a step is only taken while the text still looks damaged.
    """
    text, pages = body, list[str]()
    while len(pages) < MAX_LAYERS:
        if pages and not _still_damaged(text):
            break  # "NICIODATĂ\xa0" is Romanian, not one more layer
        best: tuple[float, str, str] | None = None
        for codec in SINGLE_BYTE:
            data = sloppy_encode(text, codec)
            if data is None:
                continue
            try:
                decoded = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            value = lexicon.score(decoded)
            if decoded != text and (best is None or value > best[0]):
                best = (value, decoded, codec)
        if best is None or best[0] <= lexicon.score(text):
            break
        text = best[1]
        pages.append(best[2])
    if len(pages) < 2 or not lexicon.printable(text):
        return None
    if any(lexicon.char_score(ch) < RARE for ch in text if not ch.isascii()):
        return None
    start, end, replacement = _trim(body, text)
    story = "UTF-8 → " + " → ".join(f"read as {NAMES[page]}" for page in reversed(pages))
    return Edit(start, end, replacement, Kind.MOJIBAKE, story)


# A letter, non-ASCII symbols that no word contains (apostrophes and middle dots do), and a
# letter again.
_SYMBOL_IN_WORD = re.compile("[^\\W\\d_][^\\w\\s\x00-\x7f\u2019\u00b7\u2010\u2011]+[^\\W\\d_]")


def _still_damaged(text: str) -> bool:
    """Whether an intermediate layer still looks like mojibake rather than writing."""
    if _looks_bad(text):
        return True
    # A word's switches are among the line's: a line with none needs no word looked at.
    if lexicon.script_switches(text) and any(
        lexicon.script_switches(word) for word in text.split()
    ):
        return True  # "HГ©tvГ©gГ©n": Cyrillic inside a Latin word
    if _SYMBOL_IN_WORD.search(text):
        return True  # "ОЈО±П‚": symbols wedged between letters
    return any("\x80" <= ch <= "\x9f" for ch in text)


def _looks_bad(text: str) -> bool:
    from ftfy.badness import is_bad

    return bool(is_bad(text))


def _believable(
    line: str,
    codec: str,
    found: list[tuple[float, Cluster]],
    bad: bool,
    weak: Sequence[tuple[float, Cluster]] = (),
) -> bool:
    """Decide whether the clusters are evidence enough that ``line`` went through ``codec``.

    Every non-ASCII character the page can produce must belong to a cluster: a line where
    some such characters are left over is more likely correct text that happens to contain
    a lookalike (``DrÃ¥ber`` beside an en dash).  On the pages ftfy knows, the line must
    also look bad to ftfy; on the others, one lone repaired character is not enough.
    """
    anywhere = producible()
    covered = sum(1 for _, c in [*found, *weak] for ch in line[c.start : c.end] if not ch.isascii())
    damaged = sum(1 for ch in line if not ch.isascii() and (ch in anywhere or ch == "\ufffd"))
    if covered < damaged:
        return False
    if len(found) >= 2 and all(gain >= STRONG for gain, _ in found):
        return True
    if all(_mends_script(line, c) for _, c in found):
        return True
    if codec in FTFY_PAGES:
        if bad:
            return True
        sure = [
            _inside_word(line, gain, c)
            or _foreign(line, gain, c)
            or _lone_symbol(line, gain, c)
            or _mends_script(line, c)
            for gain, c in found
        ]
        # Two clusters that speak for themselves vouch for a weaker one of the same page
        # ("5В\xa0%" beside "relaГ§ГЈo").
        return all(sure) or (sum(sure) >= 2 and sum(sure) * 2 > len(sure))
    return all(
        len(c.replacement) >= 2 or _fits_words(line, gain, c) or _foreign(line, gain, c)
        for gain, c in found
    )


def _foreign(line: str, gain: float, cluster: Cluster) -> bool:
    """Whether the cluster is an island of another script that the repair removes.

    "Itโ€\x99s raining" holds a Thai letter inside an English word, "Geb├╝hren" a DOS
    box-drawing character: a page's letters or line-drawing symbols appearing among words
    of another script, and vanishing once re-read, is what mojibake from that page looks
    like.
    """
    if gain < FOREIGN_GAIN:
        return False
    outside = {
        lexicon.script_of(ch) for ch in line[: cluster.start] + line[cluster.end :] if ch.isalpha()
    }
    inside = line[cluster.start : cluster.end]
    alien = any(
        (ch.isalpha() and lexicon.script_of(ch) not in outside) or "\u2500" <= ch <= "\u259f"
        for ch in inside
    )
    after = {lexicon.script_of(ch) for ch in cluster.replacement if ch.isalpha()}
    return bool(outside) and alien and after <= outside


def _fits_words(line: str, gain: float, cluster: Cluster) -> bool:
    """Whether a lone repaired letter belongs to the script of the words around it.

    On pages ftfy does not know (a DOS console's CP866, KOI8-R), "pistacchio ├и il" has no
    badness score to lean on; an "è" among Italian words is evidence enough.
    """
    if gain < STRONG or not cluster.replacement.isalpha():
        return False
    around = [ch for ch in line[: cluster.start] + line[cluster.end :] if ch.isalpha()]
    scripts = {lexicon.script_of(ch) for ch in around}
    return bool(scripts) and {lexicon.script_of(ch) for ch in cluster.replacement} <= scripts


def _mends_script(line: str, cluster: Cluster) -> bool:
    """Whether the repair removes a change of script inside a word: "Г„pfel" → "Äpfel"."""
    start = cluster.start
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    end = cluster.end
    while end < len(line) and line[end].isalpha():
        end += 1
    before = line[start:end]
    after = line[start : cluster.start] + cluster.replacement + line[cluster.end : end]
    return lexicon.script_switches(after) < lexicon.script_switches(before) and after.isalpha()


def _lone_symbol(line: str, gain: float, cluster: Cluster) -> bool:
    """Whether three or four characters turn into one common symbol ("PixelProâ„¢" → "™").

    No writer puts a lead letter and two continuation symbols together; the sequence that
    results is a character people type every day.
    """
    replacement = cluster.replacement
    return (
        gain >= STRONG * 2
        and cluster.end - cluster.start >= 3
        and len(replacement) == 1
        and unicodedata.category(replacement)[0] in "PS"
        and lexicon.char_score(replacement) >= -5.0
    )


def _inside_word(line: str, gain: float, cluster: Cluster) -> bool:
    """Whether a repair turns a cluster glued to a word into one more letter of it.

    ``pi√π presto`` looks like mathematics to ftfy, but a letter in the middle of an Italian
    word, in the same script as the letters before it, is the likelier reading.
    """
    before = line[cluster.start - 1 : cluster.start]
    after = line[cluster.end : cluster.end + 3]
    if (
        gain >= STRONG
        and not before.isalpha()
        and len(after) == 3
        and after.isalpha()
        and len(cluster.replacement) == 1
        and cluster.replacement.isalpha()
    ):
        # The first letter of a word ("Åžemsiyemi" → "Şemsiyemi"), the rest in its script.
        return all(lexicon.script_of(ch) == lexicon.script_of(cluster.replacement) for ch in after)
    if gain < 4.0 or not before.isalpha() or not cluster.replacement.isalpha():
        return False
    if line[cluster.start - 2 : cluster.start].isupper() and cluster.replacement.islower():
        return False  # "AHÅ™" is a capitalised name, not "AHř"
    script = lexicon.script_of(before)
    return all(lexicon.script_of(ch) == script for ch in cluster.replacement)


def _cluster_edit(codec: str, cluster: Cluster) -> Edit:
    """One repaired cluster, with the bytes it was and the page they were read with."""
    data = cluster.data.hex(" ").upper()
    story = f"UTF-8 → read as {NAMES[codec]}: bytes {data}"
    kind = Kind.MOJIBAKE
    if cluster.restored:
        lost = ", ".join(f"0x{b:02X}" for b in cluster.restored)
        story += f"; byte {lost} had become U+FFFD, restored from context"
        kind = Kind.LOST_BYTE
    return Edit(cluster.start, cluster.end, cluster.replacement, kind, story)


def _story(codec: str, clusters: list[Cluster]) -> str:
    sample = clusters[0]
    data = " ".join(f"{b:02X}" for b in sample.data)
    more = f" (and {len(clusters) - 1} more)" if len(clusters) > 1 else ""
    story = f"UTF-8 → read as {NAMES[codec]} (bytes {data}{more})"
    restored = [b for c in clusters for b in c.restored]
    if restored:
        story += (
            f", byte {', '.join(f'0x{b:02X}' for b in restored)} replaced by U+FFFD; "
            "restored from context"
        )
    return story


@cache
def _signature(codec: str) -> re.Pattern[str]:
    """Match what UTF-8 in ``codec`` clothing must contain: a lead byte's character followed
    by a continuation byte's (or U+FFFD, or a space standing for a lost A0)."""
    table = sloppy_table(codec)
    leads = "".join(re.escape(table[b]) for b in range(0xC2, 0xF5))
    conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
    return re.compile(f"[{leads}][{conts}\ufffd]")


def _clusters(
    line: str, codec: str, weak: list[tuple[float, Cluster]] | None = None
) -> list[tuple[float, Cluster]]:
    """Find the runs of ``line`` that are UTF-8 in ``codec`` clothing, with their gains.

    Runs that decode to printable, not rare characters but gain too little to stand on their
    own go to ``weak``: they count only once the page is believed for the line.
    """
    if not _signature(codec).search(line):
        return []
    units = tuple(
        u if u < 0x100 else LOST if u == 0xFFFD else OTHER
        for u in map(ord, line.translate(_unit_table(codec)))
    )
    missing = tuple(b for b in undefined_bytes(codec) if 0x80 <= b < 0xC0)
    # Pages that give the line's characters the same bytes find the same clusters (Windows-
    # 1252, Latin-1, ISO-8859-15 and Windows-1254 on most Western mojibake): work it out once.
    found, weak_found = _clusters_of_units(line, units, missing)
    if weak is not None:
        weak.extend(weak_found)
    return list(found)


@cache
def _unit_table(codec: str) -> dict[int, int]:
    """A ``str.translate`` table turning each character into the byte ``codec`` gives it;
    characters below 0x100 the page lacks become 0x100 (anything above is not a byte)."""
    table = {cp: 0x100 for cp in range(0x80, 0x100)}
    table.update({ord(ch): b for b, ch in enumerate(sloppy_table(codec))})
    return table


@lru_cache(maxsize=64)
def _clusters_of_units(
    line: str, units: tuple[int, ...], missing: tuple[int, ...]
) -> tuple[tuple[tuple[float, Cluster], ...], tuple[tuple[float, Cluster], ...]]:
    found: list[tuple[float, Cluster]] = []
    weak: list[tuple[float, Cluster]] = []
    i = 0
    n = len(units)
    while i < n:
        need = _seq_len(units[i])
        if not need or i + need > n:
            i += 1
            continue
        j = i
        decoded: list[str] = []
        data = bytearray()
        holes: list[tuple[int, list[int]]] = []  # (offset in data, bytes that fit)
        # Gather consecutive complete sequences into one cluster.
        while j < n:
            need = _seq_len(units[j])
            if not need or j + need > n:
                break
            tail = units[j + 1 : j + need]
            if not all(0x80 <= u < 0xC0 or u == LOST for u in tail):
                break
            if tail.count(LOST) > 1 or (LOST in tail and not missing):
                break
            seq = bytes([units[j]]) + bytes(u if u >= 0 else 0x80 for u in tail)
            if LOST in tail:
                at = 1 + tail.index(LOST)
                fills = _fills(seq, at, missing)
                if not fills:
                    break
                holes.append((len(data) + at, fills))
                seq = seq[:at] + bytes([fills[0]]) + seq[at + 1 :]
            try:
                ch = seq.decode("utf-8")
            except UnicodeDecodeError:
                break
            decoded.append(ch)
            data.extend(seq)
            j += need
        if j == i:
            i += 1
            continue
        restored: tuple[int, ...] = ()
        if holes:
            data, restored = _restore(data, holes, line[:i], line[j:])
        replacement = data.decode("utf-8")
        original = line[i:j]
        left, right = line[max(0, i - 3) : i], line[j : j + 3]
        gain = lexicon.score(replacement, left, right) - lexicon.score(original, left, right)
        gain += lexicon.word_fit(replacement, line[:i], line[j:]) - lexicon.word_fit(
            original, line[:i], line[j:]
        )
        if lexicon.printable(replacement) and all(
            lexicon.char_score(ch) >= RARE for ch in replacement
        ):
            cluster = Cluster(i, j, replacement, bytes(data), restored)
            if gain >= MIN_GAIN:
                found.append((gain, cluster))
            else:
                weak.append((gain, cluster))
        i = j
    return tuple(found), tuple(weak)


def _fills(seq: bytes, at: int, missing: Sequence[int]) -> list[int]:
    """List the undefined bytes that make ``seq`` a printable character at ``at``."""
    out = []
    for b in missing:
        try:
            ch = (seq[:at] + bytes([b]) + seq[at + 1 :]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if ch.isprintable():
            out.append(b)
    return out


def _restore(
    data: bytearray, holes: list[tuple[int, list[int]]], before: str, after: str
) -> tuple[bytearray, tuple[int, ...]]:
    """Choose the bytes U+FFFD replaced in a cluster, jointly, by plausibility in context.

    Python's strict decoders turn each byte a page leaves undefined into U+FFFD; for
    Windows-1252 only five bytes qualify, so every combination can be tried.
    """
    opens = before.count("\u201c") - before.count("\u201d")

    def value_of(fill: tuple[int, ...]) -> tuple[float, bytearray]:
        trial = bytearray(data)
        for (offset, _), b in zip(holes, fill):
            trial[offset] = b
        return _fill_value(trial.decode("utf-8"), before, after, opens), trial

    combos = 1
    for _, options in holes:
        combos *= len(options)
    if combos > MAX_FILLS:
        # Too many holes to try every combination ("末班地铁在午夜前不久开出" read as
        # Windows-1252 loses five bytes): choose one hole at a time, the others held, until
        # no single change helps.
        fill = tuple(options[0] for _, options in holes)
        score, trial = value_of(fill)
        for _ in range(3):
            moved = False
            for k, (_, options) in enumerate(holes):
                for b in options:
                    if b == fill[k]:
                        continue
                    other = (*fill[:k], b, *fill[k + 1 :])
                    got, made = value_of(other)
                    if got > score:
                        fill, score, trial, moved = other, got, made, True
            if not moved:
                break
        return trial, fill
    best: tuple[float, bytearray, tuple[int, ...]] | None = None
    for fill in product(*(f for _, f in holes)):
        value, trial = value_of(fill)
        if best is None or value > best[0]:
            best = (value, trial, fill)
    assert best is not None
    return best[1], best[2]


def _fill_value(text: str, before: str, after: str, opens: int) -> float:
    """How plausible a cluster with its lost bytes filled in is, between its neighbours."""
    if segment.UNSPACED_CHAR.search(text):
        # Chinese, Japanese and Korean: the likeliest split into known words judges the
        # lost byte across word boundaries ("末班地铁", not "末灭地铁").
        value = segment.score(text)
        seen = before + text
        if "\u300d" in text and seen.count("\u300c") >= seen.count("\u300d"):
            value += 1.0  # a corner bracket closes the one opened before it
    else:
        value = lexicon.score(text, before[-3:], after[:3])
    value += lexicon.word_fit(text, before, after)
    if "\u201d" in text and opens > 0:
        value += 1.0
    return value


def _trim(before: str, after: str) -> tuple[int, int, str]:
    """Return the smallest span of ``before`` that changed, and what replaced it."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]:
        tail += 1
    return head, len(before) - tail, after[head : len(after) - tail]
