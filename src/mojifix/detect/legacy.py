"""Guess the legacy code page of bytes that are not Unicode, combining several witnesses.

Three steps, each costlier than the one before and each run on fewer candidates:

1. **Screen** (:mod:`.screen`): every single-byte code page is judged at once from byte
   counts (C1 controls, rare symbols, letters of a foreign script, symbols inside words,
   letters of two scripts glued together), and the double-byte code pages are decoded.
   Candidates that decode to the same text (for the bytes present) are one hypothesis.
   The few hypotheses close to the best go on.
2. **Language model**: chardet 7 scores the survivors with its bigram models, on a bounded
   sample of the lines that carry the evidence.  Its confidence (a cosine similarity) is
   weighed by how much evidence there is: with a handful of accented letters the ratio
   between two models' scores is noise, with a thousand it is decisive.
3. **Text checks** (:mod:`.score`): the front runners are decoded and read: letters from no
   single alphabet, case flipped inside words, ftfy's mojibake patterns.

A declared charset (XML prolog, ``<meta>``) and the caller's hints add weight.  The result
is a probability per distinct text; the narrowest code page of a superset chain that
decodes everything speaks for it.
"""

from __future__ import annotations

import codecs
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice
from operator import itemgetter, mul

from mojifix.detect.declared import declared_charset
from mojifix.detect.pages import CHAIN, LANGUAGE_PAGES, PRIOR
from mojifix.detect.score import (
    LANGUAGE_SWITCH,
    OUT_OF_ALPHABET,
    Plausibility,
    assess_characters,
    assess_context,
    count_east_asian,
)
from mojifix.detect.screen import IMPOSSIBLE, SINGLE_BYTE, Stats, page, screen, stats

# The text checks and chardet read this many bytes of the lines that carry evidence: plenty
# to judge, and it bounds the work on large files.
SCORED = 4096
EXAMINED = 1024  # of which chardet reads the first this many …
SCREENED = 1024  # … and the screen this many
HEAD_EVIDENCE = 256  # chardet stops at the line where this many bytes above 0x7F are in

SCREEN_MARGIN = 20.0  # hypotheses this far behind the best screen score are dropped …
SCREEN_SHARE = 1.0  # … plus this share of the best's penalty
SHORTLIST = 12  # at most this many are scored by chardet,
NAMES_ASKED = 2  # each under this many of its code pages (the most common ones) …
NAMES_RANKS = 4  # … for the first few, under one for the rest
LANGUAGES_KEPT = 2  # models of this many languages per page once a script's language is known
FINALISTS = 3  # and at most this many are read in full …
READ_WINDOW = 4.0  # … those this close to the leader,
MAX_READ = 6  # and more, up to this many, while an unread one could still lead
SETTLED = 5.0  # a finalist this far behind on its characters alone is not read in context
READ = 512  # bytes of context read per double-byte finalist
WORDS = 32  # words read per single-byte finalist
QUICK = 512  # characters of a double-byte decode judged by the screen …
READ_QUICK = 1024  # … and when read in full
CLEAN_CHARS = 16  # a double-byte decode with this many characters …
CLEAN_RATE = 0.05  # … and at most this penalty per character rules out Latin pages …
CLEAN_NEAR = 0.1  # … when at most this share of the bytes above 0x7F touch an ASCII letter
RUNS = 0.5  # Latin pages are not screened when this share of those bytes sit inside runs …
LATIN_NEAR = 0.9  # … nor other scripts' when this share touch ASCII letters and none is in a run
LATIN_EVIDENCE = 8  # (or, with fewer such bytes, when no two of them are neighbours)
SCATTERED = 3  # this many bytes above 0x7F, no two side by side: no other script's words

# Where chardet reads two pages of one script as different languages, the gap between its
# scores is the evidence of the whole text's words, not of the bytes above 0x7F alone: it
# weighs like one such byte per this many bytes of text, if that is more.
BYTES_PER_UNIT = 16
DECISIVE = 10.0  # a screen lead this wide needs no language model (see guess)
CHARDET_WEIGHT = 1.0  # per unit of ln(confidence / best confidence), per √(high bytes)
# Added to chardet's confidences before taking ratios: cosines near zero mean "no idea",
# and a tenth of the best is within the noise of a short or ASCII-heavy sample.
CHARDET_SMOOTHING = 0.01
CHARDET_RELATIVE_SMOOTHING = 0.1
HINT = 2.0  # --assume-legacy, or a page of the --language hint
DECLARED = 12.0  # the charset the file declares (browsers obey it outright) …
CLEAN_READING = 0.1  # … and it wins when its text has at most this penalty per character
LANGUAGE_EVIDENCE = 4  # bytes above 0x7F before chardet's language constrains the alphabet

# Double-byte code pages, each chain from narrowest to widest.  A wider member decodes all
# that a narrower one does, nearly always to the same text.
MULTI_BYTE: tuple[tuple[str, ...], ...] = (
    ("gb2312", "gbk", "gb18030"),
    ("big5", "cp950", "big5hkscs"),
    ("shift_jis", "cp932"),
    ("shift_jis_2004",),
    ("euc_jp", "euc_jis_2004"),
    ("euc_kr", "cp949"),
    ("johab",),
)
# The names chardet knows them by (it folds a chain into its widest member).
_CHARDET_NAMES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "shift_jis": "cp932",
    "euc_jp": "euc_jis_2004",
    "iso8859-11": "tis-620",
}
_KNOWN_TO_CHARDET = frozenset(SINGLE_BYTE) | {n for chain in MULTI_BYTE for n in chain[-1:]}
_ASCII = bytes(range(0x80))


@dataclass(eq=False, slots=True)
class Hypothesis:
    """One decoded text and the code pages that produce it, with the evidence for it."""

    names: list[str]
    script: str = "Latin"
    multibyte: bool = False
    text: str | None = None  # decoded sample, filled lazily for single-byte pages
    screen: float = 0.0
    chardet: float = 0.0
    chardet_language: str | None = None
    chardet_languages: frozenset[str] = frozenset()  # the script's best languages by chardet
    preferred: set[str] = field(default_factory=set)
    bonus: float = 0.0
    declared: bool = False
    quick: Plausibility | None = None  # the characters of a double-byte decode
    plausibility: Plausibility | None = None
    score: float = 0.0
    _named: tuple[tuple[int, int], str] | None = None  # (sizes it was chosen at, name)

    @property
    def name(self) -> str:
        """The most common (or narrowest) code page among those that give this text."""
        if len(self.names) == 1:
            return self.names[0]
        if self._named is None or self._named[0] != (len(self.names), len(self.preferred)):
            name = max(
                self.names,
                key=lambda n: (n in self.preferred, PRIOR.get(n, 0.0), -self.names.index(n)),
            )
            self._named = ((len(self.names), len(self.preferred)), name)
        return self._named[1]


@dataclass(frozen=True)
class Guess:
    """The outcome: ranked (code page, probability) pairs and the winner's language."""

    ranked: tuple[tuple[str, float], ...]
    language: str | None
    penalty_rate: float
    evidence: int = 0


def decode_cut(data: bytes, codec: str) -> str | None:
    """Decode strictly, forgiving only a multibyte character cut at the very end."""
    try:
        return codecs.decode(data, codec)
    except UnicodeDecodeError as err:
        if err.start < len(data) - 3:
            return None
        try:
            return codecs.decode(data[: err.start], codec)
        except UnicodeDecodeError:
            return None
    except LookupError:
        return None


def guess(
    data: bytes,
    *,
    assume_legacy: str | None = None,
    language: str | None = None,
) -> Guess:
    """Rank the legacy code pages that could have produced ``data``."""
    sample = evidence(data, SCORED)
    hinted: set[str] = set()
    if assume_legacy:
        hinted.add(assume_legacy)
    if language:
        hinted.update(LANGUAGE_PAGES.get(language, ()))
    declared = declared_charset(data)
    extra = hinted | ({declared} if declared else set())
    head = _head(sample)
    screened = sample[:SCREENED]
    sample_stats = stats(screened)
    paired = _PAIR.search(screened) is not None
    latin_like = _latin_like(sample_stats, paired)
    hypotheses = _multi_byte(head, language, extra, only_asked=latin_like, sample=sample)
    # Words of another alphabet are written wholly in bytes above 0x7F: when no two of them
    # are neighbours, the text holds accents or symbols, not Cyrillic, Greek or Hebrew words
    # (``Home » Review » …`` read in cp866 is ``Home п Review п …``).
    latin_only = latin_like or (not paired and sample_stats.total >= SCATTERED)
    plausible = frozenset(
        k for k in _scripts() if _plausible_script(k, sample_stats, hypotheses, latin_only)
    )
    names = [*_pages_of(plausible), *extra]
    # A single-byte reading DECISIVE units behind a double-byte one will not be asked about.
    ceiling = min((h.screen for h in hypotheses), default=math.inf) + DECISIVE + 1.0
    hypotheses = _single_byte(data, sample_stats, names, extra, ceiling) + hypotheses
    if not hypotheses:
        return Guess(ranked=(), language=None, penalty_rate=1.0)
    for hyp in hypotheses:
        for name in hyp.names if hinted else ():
            if name in hinted:
                hyp.preferred.add(name)
                hyp.bonus = max(hyp.bonus, HINT)
        if declared and any(_same_chain(declared, n) for n in hyp.names):
            hyp.preferred.add(declared)
            hyp.bonus += DECLARED
            hyp.declared = True
        hyp.score = hyp.bonus + PRIOR.get(hyp.name, 0.0) - hyp.screen
    shortlist = _shortlist(hypotheses)
    if len(shortlist) > 1 and shortlist[0].score - shortlist[1].score >= DECISIVE:
        # The text alone rules out every other reading; chardet only names the language.
        _ask_chardet(head, shortlist[:1], sample_stats.total)
    elif len(shortlist) > 1:
        # Readings DECISIVE units behind on the text alone are not put to the models either:
        # with no score they rank behind every reading that has one.
        floor = shortlist[0].score - DECISIVE
        _ask_chardet(head, [h for h in shortlist if h.score >= floor], sample_stats.total)
        top_conf = max(h.chardet for h in shortlist)
        smoothing = CHARDET_SMOOTHING + CHARDET_RELATIVE_SMOOTHING * top_conf
        weight = CHARDET_WEIGHT * math.sqrt(max(sample_stats.total, 1))
        read_best = max(shortlist, key=lambda h: h.chardet)
        words = CHARDET_WEIGHT * math.sqrt(len(head) / BYTES_PER_UNIT)
        for hyp in shortlist:
            share = (hyp.chardet + smoothing) / (top_conf + smoothing)
            other = (
                hyp.script == read_best.script
                and hyp.chardet_language != read_best.chardet_language
            )
            hyp.score += (max(weight, words) if other else weight) * math.log(share)
        shortlist.sort(key=lambda h: h.score, reverse=True)
    # The screen counted the bytes of the whole sample when it saw all of it.
    counts = sample_stats.counts if len(sample) <= SCREENED else None
    finalists = _read_best(shortlist, sample, language, counts)
    best = max(h.score for h in finalists)
    for hyp in finalists:
        if hyp.declared and _reads_cleanly(hyp):
            # What the file says it is, when that reads as clean text, is what it is: the
            # statistics only have to be unsure (short, all-capitals or odd text) to mislead.
            hyp.score = max(hyp.score, best + DECLARED)
    ranked = sorted(finalists, key=lambda h: h.score, reverse=True)
    floor = ranked[-1].score - READ_WINDOW
    for hyp in shortlist:
        if hyp not in finalists:
            # Not read in full: ranked behind every finalist, in the order the evidence gave.
            hyp.score = min(hyp.score, floor)
            ranked.append(hyp)
    for at, hyp in enumerate(ranked):
        if _decodes(data, hyp):
            ranked.insert(0, ranked.pop(at))
            break
    _narrowest_first(ranked, data)
    top = ranked[0].score
    weights = [math.exp(max(min(h.score - top, 0.0), -700.0)) for h in ranked]
    total = sum(weights)
    winner = ranked[0]
    if winner.plausibility is None:
        _Reader(sample, language, [winner]).read(winner, context=False)
    assert winner.plausibility is not None
    lang = winner.chardet_language or winner.plausibility.language
    rate = winner.plausibility.penalty / max(winner.plausibility.non_ascii, 1)
    return Guess(
        ranked=tuple((h.name, w / total) for h, w in zip(ranked, weights)),
        language=lang,
        penalty_rate=rate,
        evidence=winner.plausibility.non_ascii,
    )


def _shortlist(hypotheses: list[Hypothesis]) -> list[Hypothesis]:
    """Choose the hypotheses worth a language model's time.

    The screen is good at telling apart pages of one script (their decodes differ in
    symbols, controls and accented letters) and poor at telling scripts apart (Hebrew read
    as Cyrillic is still letters), so the margin is wide: up to twice the best penalty.
    """
    hypotheses.sort(key=lambda h: h.score, reverse=True)
    best = hypotheses[0]
    floor = best.score - SCREEN_MARGIN - SCREEN_SHARE * best.screen
    shortlist = [h for h in hypotheses if h.score >= floor][:SHORTLIST]
    shortlist += [h for h in hypotheses if h.bonus > 0 and h not in shortlist]
    return shortlist


def _same_chain(a: str, b: str) -> bool:
    return a == b or (a in CHAIN and CHAIN.get(a) == CHAIN.get(b))


@cache
def _scripts() -> frozenset[str]:
    return frozenset(page(n).script for n in SINGLE_BYTE)


@cache
def _pages_of(scripts: frozenset[str]) -> tuple[str, ...]:
    """The single-byte pages of ``scripts``, in SINGLE_BYTE's order (a few sets recur)."""
    return tuple(n for n in SINGLE_BYTE if page(n).script in scripts)


def _plausible_script(
    script: str, sample_stats: Stats, double: list[Hypothesis], latin_only: bool
) -> bool:
    """Whether pages of ``script`` are worth screening, judged on where the bytes sit.

    European words hold one or two accented letters, so when half of the bytes above 0x7F
    sit between two others, or when the text decodes cleanly in a double-byte page and
    those bytes keep away from ASCII letters, the text is not in a Latin script.  Text in
    another script writes its words in bytes above 0x7F, so when nearly all of them touch
    an ASCII letter and none sits inside a run, it is Latin.  (The screen would rank the
    pages the same way; this only spares it the work.)
    """
    total = sample_stats.total
    if script == "Latin":
        if sample_stats.inner >= RUNS * total:
            return False
        return not (
            sample_stats.near_share <= CLEAN_NEAR and any(_clean_double_byte(h) for h in double)
        )
    return not latin_only


def _head(sample: bytes) -> bytes:
    """The part of the sample chardet and the double-byte decodes read: EXAMINED bytes, or
    fewer, whole lines, once HEAD_EVIDENCE bytes above 0x7F are in (text in a non-Latin
    script has that many in a few lines)."""
    head = sample[:EXAMINED]
    if len(head.translate(None, _ASCII)) <= HEAD_EVIDENCE:
        return head
    seen = 0
    end = 0
    for line in head.split(b"\n"):
        end += len(line) + 1
        seen += len(line.translate(None, _ASCII))
        if seen >= HEAD_EVIDENCE:
            return head[:end]
    return head


def _latin_like(sample_stats: Stats, paired: bool) -> bool:
    """Whether the bytes above 0x7F sit like accented letters: nearly all touch an ASCII
    letter and none sits inside a run (no other script, nor East Asian text, does that).

    A short text needs no more evidence than that, as long as no two of those bytes sit
    side by side (``paired``): a word of another script is written wholly in them, so its letters
    always have neighbours of their own, and one East Asian character is two such bytes
    in a row.  Three accented letters, each glued to ASCII letters and each alone, are a
    European text (``STÍLEANNA ... MEÁNACH``, which a Shift-JIS reading turns into an
    ideograph wedged between capitals).
    """
    return (
        sample_stats.total > 0
        and sample_stats.inner == 0
        and sample_stats.near_share >= LATIN_NEAR
        and (sample_stats.total >= LATIN_EVIDENCE or not paired)
    )


def _clean_double_byte(hyp: Hypothesis) -> bool:
    """Whether a double-byte decode is long and clean enough to rule out single-byte text."""
    quick = hyp.quick
    return (
        quick is not None
        and quick.non_ascii >= CLEAN_CHARS
        and quick.penalty <= CLEAN_RATE * quick.non_ascii
    )


def _single_byte(
    data: bytes,
    sample_stats: Stats,
    names: Iterable[str],
    keep: set[str],
    ceiling: float = math.inf,
) -> list[Hypothesis]:
    """Screen the single-byte pages and group those worth keeping by the text they give.

    The screen costs the same for every page at once; the pages far behind the best (all
    but those in ``keep``) are dropped before any grouping.  Pages are grouped by how they
    decode every byte value above 0x7F present in ``data``, so each group decodes all of it.
    Pages with a penalty above ``ceiling`` (far behind a double-byte reading) are dropped too.
    """
    names = [n for n in dict.fromkeys(names) if _single(n)]
    if not names:
        return []
    penalties = screen(sample_stats, names)
    best = min(penalties.values())
    # A superset of what chardet is asked about (priors are worth less than a unit): pages
    # further behind are never scored nor read, only ranked last.
    limit = min(best + DECISIVE + SCREEN_SHARE * best + 1.0, ceiling)
    kept = [
        (name, penalty)
        for name, penalty in penalties.items()
        if penalty < IMPOSSIBLE and (penalty <= limit or name in keep)
    ]
    present = _present(data)
    groups: dict[str, Hypothesis] = {}
    for name, penalty in kept:
        table = page(name)
        try:
            key = table.decode(present)[0]
        except UnicodeDecodeError:
            continue
        hyp = groups.get(key)
        if hyp is None:
            groups[key] = Hypothesis(names=[name], script=table.script, screen=penalty)
        else:
            hyp.names.append(name)
            hyp.screen = min(hyp.screen, penalty)
    return list(groups.values())


def _present(data: bytes) -> bytes:
    """The byte values above 0x7F that occur in ``data``, once each, for grouping pages."""
    return bytes(sorted(set(data.translate(None, _ASCII))))


@cache
def _single(name: str) -> bool:
    try:
        return len(bytes(range(256)).decode(name, errors="replace")) == 256
    except LookupError:
        return False


def _multi_byte(
    head: bytes,
    language: str | None,
    extra: Iterable[str],
    *,
    only_asked: bool = False,
    sample: bytes = b"",
) -> list[Hypothesis]:
    """Decode the head with the widest member of each double-byte chain.

    The narrower members (gb2312 in gbk in gb18030) decode to nearly the same text; which of
    them names the result is settled at the end, by what decodes the whole input.  With
    ``only_asked``, only the chains of the double-byte pages in ``extra`` are tried.  A chain
    must also decode the longer ``sample``: a head of box drawing and symbols reads cleanly
    in several double-byte pages, and the page that fails on the text further on is out
    (Johab art read as EUC-KR).  Chains of one family that give the same text (Shift-JIS
    and Shift_JIS-2004 for text in JIS X 0208) are one hypothesis, judged once.
    """
    hypotheses: dict[tuple[str, str], Hypothesis] = {}
    chains = list(MULTI_BYTE)
    if only_asked:
        chains = [c for c in chains if set(c) & set(extra)]
    chained = {n for chain in chains for n in chain}
    chains += [(n,) for n in sorted(extra) if n not in chained and not _single(n)]
    longer = sample if len(sample) > len(head) else b""
    for chain in chains:
        text = decode_cut(head, chain[-1])
        if text is not None and (not longer or decode_cut(longer, chain[-1]) is not None):
            key = (CHAIN.get(chain[0], chain[0]), text)
            hyp = hypotheses.get(key)
            if hyp is None:
                hyp = hypotheses[key] = _double_byte(text, language)
            hyp.names += chain
    return list(hypotheses.values())


def _double_byte(text: str, language: str | None, quick_chars: int = 0) -> Hypothesis:
    """A hypothesis for a double-byte decode, judged on its characters (the first
    QUICK of them, the penalty scaled to the whole)."""
    head = text[: quick_chars or QUICK]
    quick = assess_characters(head, language, count_east_asian(head))
    if len(head) < len(text):
        quick = replace(quick, penalty=quick.penalty * len(text) / len(head))
    return Hypothesis(
        names=[], script="CJK", multibyte=True, text=text, screen=quick.penalty, quick=quick
    )


@cache
def _chardet_name(name: str) -> str | None:
    name = _CHARDET_NAMES.get(name, name)
    return name if name in _KNOWN_TO_CHARDET else None


def _ask_chardet(sample: bytes, shortlist: list[Hypothesis], high: int = 0) -> None:
    """Let chardet's language models score the code pages of each hypothesis (the best counts).

    chardet's bigram models are scored directly: one profile of the sample, then one dot
    product per model of each code page asked about.  chardet's public ``detect_all`` runs
    its whole pipeline (validity, structure, rank corrections, language fill) for every
    page, which costs ten times as much; it is the fallback should the models' interface
    change.

    Each hypothesis also learns the languages chardet ranks near the best of its script
    (:func:`_near_languages`, weighed by ``high``, the bytes above 0x7F): the text's letters
    may choose among those freely.
    """
    asked: dict[str, Hypothesis] = {}
    for rank, hyp in enumerate(shortlist):
        asked_here = NAMES_ASKED if rank < NAMES_RANKS else 1
        for name in [n for n in hyp.names if _chardet_name(n)][:asked_here]:
            known = _chardet_name(name)
            if known and known not in asked:
                asked[known] = hyp
    if not asked:
        return
    scripts = {name: hyp.script for name, hyp in asked.items()}
    languages: dict[str, set[str | None]] = {}
    ranked: dict[str, list[tuple[float, str | None]]] = {}
    for name, (confidence, language) in _chardet_scores(sample, scripts, languages, ranked).items():
        hyp = asked[name]
        if confidence > hyp.chardet:
            hyp.chardet = confidence
            hyp.chardet_language = language
    # Latin text's language speaks through its ASCII words, which the bytes above 0x7F do
    # not measure: there the model's language holds (see _read_best).
    near = {s: _near_languages(scores, high) for s, scores in ranked.items() if s != "Latin"}
    for hyp in shortlist:
        hyp.chardet_languages = frozenset(
            lang for lang in languages.get(hyp.script, ()) if lang is not None
        ) | near.get(hyp.script, frozenset())


def _near_languages(scores: list[tuple[float, str | None]], high: int) -> frozenset[str]:
    """The languages whose models chardet scores within a language switch of its best.

    For a script written wholly above 0x7F, chardet's models of its languages score a
    short text alike (a 64-byte
    Ukrainian text: Belarusian 0.250, Russian 0.244, Ukrainian 0.233): the gap, weighed as
    the gap between code pages is (see guess), is then less than what disagreeing with the
    model's language costs the alphabet fit (LANGUAGE_SWITCH letters).  The text's own
    letters (є and ї, which Belarusian lacks) should name the language among those.
    """
    if not scores:
        return frozenset()
    top = scores[0][0]
    smoothing = CHARDET_SMOOTHING + CHARDET_RELATIVE_SMOOTHING * top
    weight = CHARDET_WEIGHT * math.sqrt(max(high, 1))
    switch = OUT_OF_ALPHABET * LANGUAGE_SWITCH
    return frozenset(
        lang
        for conf, lang in scores
        if lang is not None and weight * math.log((top + smoothing) / (conf + smoothing)) <= switch
    )


def _chardet_scores(
    sample: bytes,
    names: dict[str, str],
    languages: dict[str, set[str | None]] | None = None,
    ranked: dict[str, list[tuple[float, str | None]]] | None = None,
) -> dict[str, tuple[float, str | None]]:
    """Return chardet's (score, language) for each code page of ``names`` (page → script).

    A page has one model per language it is written in (seventeen for cp1252).  The
    language of a text does not change with the page it is read in, so once the first page
    of a script has been scored against all its models, the other pages of that script are
    scored against the models of its best LANGUAGES_KEPT languages only (``languages``, per
    script, is filled with them; ``ranked``, per script, with that first page's scores of
    every language, best first).
    """
    try:
        score = _scorer(sample)
    except ImportError:  # pragma: no cover - chardet changed
        return _chardet_pipeline(sample, list(names))
    index = _enc_index()
    if languages is None:
        languages = {}
    found: dict[str, tuple[float, str | None]] = {}
    for name, script in names.items():
        variants = index.get(name)
        if not variants:
            continue
        kept = languages.get(script)
        chosen = [v for v in variants if v[0] in kept] if kept else None
        scored = [(score(model, key), lang) for lang, model, key in chosen or variants]
        if kept is None and len(scored) > 1:
            scored.sort(key=_first, reverse=True)
            languages[script] = {lang for _, lang in scored[:LANGUAGES_KEPT]}
            if ranked is not None:
                ranked[script] = scored
            found[name] = scored[0]
        else:
            found[name] = max(scored, key=_first)
    return found


def _first(pair: tuple[float, str | None]) -> float:
    return pair[0]


# The bigrams chardet leaves out: a whitespace byte repeated (training collapsed such runs).
_REPEATED_SPACE = tuple((b << 8) | b for b in (0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0))

Scorer = Callable[[bytes, str], float]


def _scorer(sample: bytes) -> Scorer:
    """Return a function scoring ``sample`` against one of chardet's models (table, key).

    chardet's ``BigramProfile`` walks the sample byte by byte in Python and fills a
    65,536-entry table: about 0.1 ms before the first byte, more than the rest of the
    language models' work on a 64-byte prefix.  Here the bigrams are counted in two C-speed
    passes (the sample read as 16-bit units at even and odd offsets), weighed by chardet's
    IDF table, and each model is scored by chardet's own dot product and model norms: the
    cosine chardet computes, to the last bit.  :func:`_quick_scores_agree` checks that once
    per process; should chardet's internals change, its public profile and scoring are used.
    """
    from chardet.models import BigramProfile, score_with_profile

    if not _quick_scores_agree():
        profile = BigramProfile(sample)
        return lambda model, key: float(score_with_profile(profile, model, key))
    return _quick_scorer(sample)


def _quick_scorer(sample: bytes) -> Scorer:
    """Count the bigrams of ``sample`` as chardet does; score them with its kernel."""
    from chardet.models import (  # type: ignore[attr-defined]
        _get_model_norms,
        dot_packed,  # the kernel chardet scores its own profiles with
        get_idf_weights,
    )

    n = len(sample)
    even = array("H", sample[: n - n % 2])  # bigrams starting at even offsets …
    odd = array("H", sample[1 : n - (n - 1) % 2])  # … and at odd ones
    if sys.byteorder == "little":
        even.byteswap()
        odd.byteswap()
    counts = Counter(even + odd)
    for pair in _REPEATED_SPACE:
        counts.pop(pair, None)
    pairs = list(counts)
    idf = get_idf_weights()
    # itemgetter of one key returns the item itself, not a tuple.
    weights = itemgetter(*pairs)(idf) if len(pairs) > 1 else [idf[p] for p in pairs]
    values = list(map(mul, counts.values(), weights))
    norm = math.sqrt(sum(map(mul, values, values)))
    if not norm:
        return lambda model, key: 0.0
    indices, packed = array("i", pairs), array("i", values)
    norms = _get_model_norms()

    def score(model: bytes, key: str) -> float:
        model_norm = norms.get(key)
        if not model_norm:
            return 0.0
        return float(dot_packed(indices, packed, model) / (model_norm * norm))

    return score


@cache
def _quick_scores_agree() -> bool:
    """Whether the quick scorer scores every model as chardet's own does (checked once)."""
    try:
        from chardet.models import BigramProfile, score_with_profile

        sample = "Příliš žluťoučký kůň úpěl ďábelské ódy — „café“.\n  x".encode("cp1250")
        ours, theirs = _quick_scorer(sample), BigramProfile(sample)
        return all(
            ours(model, key) == score_with_profile(theirs, model, key)
            for variants in _enc_index().values()
            for _, model, key in variants
        )
    except Exception:  # any change in chardet's internals: use its public interface
        return False


@cache
def _enc_index() -> dict[str, list[tuple[str | None, bytes, str]]]:
    """chardet's models grouped by code page (chardet rebuilds this on every call)."""
    from chardet.models import get_enc_index

    return get_enc_index()


def _chardet_pipeline(sample: bytes, names: list[str]) -> dict[str, tuple[float, str | None]]:
    """chardet's public pipeline, restricted to ``names`` (the slow way, as a fallback)."""
    import chardet

    rows = chardet.detect_all(
        sample, ignore_threshold=True, compat_names=False, include_encodings=names
    )
    found: dict[str, tuple[float, str | None]] = {}
    for row in rows:
        label = row.get("encoding")
        name = _chardet_name(codecs.lookup(label).name) if label else None
        if name in names and name not in found:
            found[name] = (float(row.get("confidence") or 0.0), row.get("language"))
    return found


def _reads_cleanly(hyp: Hypothesis) -> bool:
    plausibility = hyp.plausibility
    assert plausibility is not None
    return plausibility.penalty <= CLEAN_READING * max(plausibility.non_ascii, 1)


def _read_best(
    shortlist: list[Hypothesis],
    sample: bytes,
    language: str | None,
    counts: Counter[int] | None = None,
) -> list[Hypothesis]:
    """Read the front runners in full, best first, until no unread one could still lead.

    Reading can only confirm or sink a hypothesis, so the leaders are read first; when
    their texts turn out worse than the next one's evidence so far, that one is read too
    (up to MAX_READ in all).  With a single clear leader only its characters are judged,
    for the confidence; the costly context checks compare texts and need two.
    """
    lead = shortlist[0].score
    pending = [h for h in shortlist[:FINALISTS] if h.score >= lead - READ_WINDOW]
    pending += [h for h in shortlist if h.bonus > 0 and h not in pending]
    reader = _Reader(sample, language, shortlist[:MAX_READ], counts)
    # chardet's language is worth holding the texts to only with some evidence, or when it
    # names one language for every front runner, whichever page it read the bytes in: then
    # the ASCII words around the disputed bytes speak, not the bytes themselves.
    named = {h.chardet_language for h in pending if not h.multibyte}
    if len(pending) > 1 and len(named) == 1 and None not in named:
        reader.agreed = named.pop()
    before = {id(h): h.score for h in shortlist}
    done: list[Hypothesis] = []
    context = len(pending) > 1
    while pending:
        _read_round(reader, pending, before, context=context)
        done += pending
        for hyp in done:
            assert hyp.plausibility is not None
            hyp.score = before[id(hyp)] + hyp.screen - hyp.plausibility.penalty
        best = max(h.score for h in done)
        pending = [h for h in shortlist if h not in done and h.score > best]
        pending = pending[: max(MAX_READ - len(done), 0)]
        if pending and not context:
            context = True
            pending = done + pending
            done = []
    return done


def _read_round(
    reader: _Reader, pending: list[Hypothesis], before: dict[int, float], *, context: bool
) -> None:
    """Read ``pending``, the costly context checks only where they can change the lead.

    The context checks only ever add penalty.  So every text's characters are judged
    first, and the context is read best first: a hypothesis whose score on its characters
    alone is already SETTLED units below a fully read one's cannot lead, and its context is
    not read.  Its score is then an upper bound; that far behind, it moves the winner's
    probability by less than a percent.
    """
    if not context or len(pending) < 2:
        for hyp in pending:
            reader.read(hyp, context=context)
        return

    def bound(hyp: Hypothesis) -> float:
        assert hyp.plausibility is not None
        return before[id(hyp)] + hyp.screen - hyp.plausibility.penalty

    for hyp in pending:
        reader.read(hyp, context=False)
    best: float | None = None
    for hyp in sorted(pending, key=bound, reverse=True):
        if best is not None and bound(hyp) < best - SETTLED:
            continue
        reader.read(hyp, context=True)
        best = bound(hyp) if best is None else max(best, bound(hyp))


class _Reader:
    """Judges texts in full: characters on the whole sample, context where decodes differ.

    The context checks are the costly part, and text the candidates agree on cannot tell
    them apart, so for single-byte pages they read only the words holding a byte the
    candidates map differently, each with the word before it (up to WORDS of them).
    """

    def __init__(
        self,
        sample: bytes,
        language: str | None,
        candidates: list[Hypothesis],
        counts: Counter[int] | None = None,
    ):
        self.sample = sample
        self.language = language
        self.counts = Counter(sample.translate(None, _ASCII)) if counts is None else counts
        self.candidates = candidates
        self.agreed: str | None = None  # the language chardet names for all (_read_best)
        self._characters: dict[int, Plausibility] = {}
        self._fragments: bytes | None = None
        self._telling = True

    @property
    def telling(self) -> bool:
        """Whether the context can tell the candidates apart at all.

        When every byte the single-byte candidates map differently is a small letter in all
        of them (``è`` or ``č``), the words read the same to every context check: no symbol,
        mark or capital differs.  Only the characters (the alphabet fit) can decide then.
        """
        self.fragments  # noqa: B018 - computes _telling
        return self._telling

    @property
    def fragments(self) -> bytes:
        """The words where the single-byte candidates' decodes differ."""
        if self._fragments is None:
            single = [h for h in self.candidates if not h.multibyte]
            if len(single) < 2:
                self._fragments = self.sample[:READ]
                return self._fragments
            present = bytes(sorted(self.counts))
            columns = zip(*(page(h.names[0]).decode(present)[0] for h in single))
            table = bytearray(range(256))
            lower_only = not any(h.multibyte for h in self.candidates)
            for byte, column in zip(present, columns):
                if len(set(column)) > 1:
                    table[byte] = 1
                    lower_only = lower_only and all(ch.islower() for ch in column)
            self._telling = not lower_only
            marked = self.sample.translate(table)
            pieces = []
            for match in islice(_DIFFERING_WORD.finditer(marked), WORDS):
                # From the start of the word before, for the lone-capital check.
                start = marked.rfind(b" ", 0, max(match.start() - 1, 0)) + 1
                pieces.append(self.sample[start : match.end()])
            self._fragments = b"\n".join(pieces)
        return self._fragments

    def characters(self, hyp: Hypothesis) -> Plausibility:
        """Judge the characters of ``hyp``'s text (once per hypothesis)."""
        found = self._characters.get(id(hyp))
        if found is not None:
            return found
        if hyp.multibyte:
            assert hyp.text is not None
            quick = hyp.quick
            if len(hyp.text) > QUICK:  # the screen judged only the first QUICK characters
                quick = _double_byte(hyp.text, self.language, READ_QUICK).quick or quick
            assert quick is not None
        else:
            chars = page(hyp.names[0]).chars
            char_counts = {chars[byte - 0x80]: n for byte, n in self.counts.items()}
            if len(char_counts) < len(self.counts):  # bytes the page leaves undefined
                char_counts = {}
                for byte, n in self.counts.items():
                    ch = chars[byte - 0x80]
                    char_counts[ch] = char_counts.get(ch, 0) + n
            # Held to its own language with evidence, to the one language of every front
            # runner without: a text is in one language, whichever page is read later.
            if sum(self.counts.values()) >= LANGUAGE_EVIDENCE:
                expected = hyp.chardet_language
            else:
                expected = self.agreed
            quick = assess_characters(
                "", self.language, char_counts, expected, hyp.chardet_languages
            )
        self._characters[id(hyp)] = quick
        return quick

    def read(self, hyp: Hypothesis, *, context: bool) -> None:
        quick = self.characters(hyp)
        if hyp.multibyte:
            text = (decode_cut(self.sample[:READ], hyp.names[-1]) or "") if context else ""
        else:
            context = context and self.telling
            text = self.fragments.decode(hyp.names[0], errors="replace") if context else ""
        extra = assess_context(text, screened=not hyp.multibyte) if context else 0.0
        hyp.plausibility = Plausibility(
            penalty=quick.penalty + extra, non_ascii=quick.non_ascii, language=quick.language
        )


# A word holding a marked (\x01) byte.
_DIFFERING_WORD = re.compile(rb"\S*\x01\S*")


def _decodes(data: bytes, hyp: Hypothesis) -> bool:
    """Whether all of ``data`` decodes (the candidates were judged on a sample only).

    Single-byte groups were formed on every byte value of ``data``, so they decode.  For a
    double-byte chain (narrowest first), the members narrower than the first that decodes
    are dropped (all are kept, as alternatives, when none decodes).
    """
    if not hyp.multibyte:
        return True
    for at, name in enumerate(hyp.names):
        if decode_cut(data, name) is not None:
            hyp.names = hyp.names[at:]  # the wider members decode it too
            return True
    return False


def _narrowest_first(ranked: list[Hypothesis], data: bytes) -> None:
    """Let the narrowest member of the winner's superset chain speak when it decodes too.

    gb2312 and gbk, big5 and cp950, shift_jis and cp932 map a few shared byte pairs to
    different characters (``―`` or ``—``, ``∼`` or ``～``, ``〜`` or ``～``); both are
    plausible, so the text checks must not decide between them.  The narrower code page is
    what such a file is labelled (and what Python's codec of that label gives), so it wins
    (only members that decode the whole input are still ranked).
    """
    key = CHAIN.get(ranked[0].name)
    if key is None:
        return
    members = [h for h in ranked if any(CHAIN.get(n) == key for n in h.names)]
    members = [h for h in members if h is ranked[0] or _decodes(data, h)]
    narrowest = max(members, key=lambda h: PRIOR.get(h.name, 0.0))
    narrowest.score = ranked[0].score
    ranked[:] = [narrowest] + [h for h in ranked if h not in members]


def evidence(data: bytes, limit: int) -> bytes:
    """Return at most about ``limit`` bytes of ``data`` that carry the evidence.

    Only the lines that hold bytes above 0x7F are gathered: a 700 kB log whose only
    mac_roman bytes sit near its end must not be judged on an ASCII head, and the ASCII
    lines of a short text (markup, headers) only dilute the language model's evidence.
    Lines split at CR and LF, which are never part of a multibyte character in the code
    pages considered here; from a long line, the stretch from just before its first byte
    above 0x7F is taken (everything before that byte is ASCII, so the cut cannot split a
    character).
    """
    picked: list[bytes] = []
    size = 0
    for line in data.splitlines():
        if line.isascii():
            continue
        if len(line) > limit // 4:
            first = _HIGH.search(line)
            assert first is not None
            line = line[max(first.start() - 32, 0) :]
        picked.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    if not picked:
        return data[:limit]
    return b"\n".join(picked)[:limit]


_HIGH = re.compile(rb"[\x80-\xff]")
_PAIR = re.compile(rb"[\x80-\xff]{2}")


__all__ = ["Guess", "decode_cut", "evidence", "guess"]
