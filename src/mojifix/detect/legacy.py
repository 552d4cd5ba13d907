"""Guess the legacy code page of bytes that are not Unicode, combining several witnesses.

chardet 7 (bigram models per language and code page) proposes and ranks candidates;
charset-normalizer (its own mess detector and language coherence) casts a vote; then every
candidate is decoded and the text itself is judged (:mod:`mojifix.detect.score`).  Each
detector alone fails where code pages differ in a handful of letters — cp1250 vs ISO-8859-2,
mac_roman vs cp1252, ISO-8859-15 vs cp1252 — or where the input is too short for a
statistical model.  The decoded text settles those cases: one decode has ``€`` where the other
has ``¤``, or a C1 control where the other has a curly quote.

Candidates that decode to the same text are one hypothesis: their evidence is pooled and the
most common (or narrowest) name speaks for them.
"""

from __future__ import annotations

import codecs
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from mojifix.decode import single_byte
from mojifix.detect.pages import CHAIN, LANGUAGE_PAGES, PRIOR, SIBLINGS
from mojifix.detect.score import Plausibility, assess_characters, assess_context

# chardet examines this much; the text checks look at the first SCORED bytes only, which is
# plenty to judge plausibility and keeps the per-character Python work bounded.
EXAMINED = 16384
SCORED = 6144

CHARDET_WEIGHT = 1.0  # per unit of ln(confidence / best confidence)
CHARDET_FLOOR = 0.05  # a candidate chardet did not rank counts as this share of the best
CN_VOTE = 1.5  # charset-normalizer's best guess
CN_MARGIN = 3.0  # ask charset-normalizer only when the front runners are this close
CONTEXT_WINDOW = 8.0  # run the costly checks on hypotheses this close to the best
HINT = 2.0  # --assume-legacy, or a page of the --language hint
TOP = 10  # how many of chardet's candidates to judge

# EBCDIC pages are out of scope (mainframe data is not what a text-repair tool meets), and
# letting them compete only gives short ASCII-heavy inputs another way to go wrong.
EBCDIC = ("cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140")


@dataclass
class Hypothesis:
    """One decoded text and the code pages that produce it, with the evidence for it."""

    text: str
    names: list[str]
    chardet: float = 0.0
    cn: bool = False
    hinted: bool = False
    preferred: set[str] = field(default_factory=set)
    plausibility: Plausibility | None = None
    score: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The most common (or narrowest) code page among those that give this text."""
        return max(
            self.names,
            key=lambda n: (n in self.preferred, PRIOR.get(n, 0.0), -self.names.index(n)),
        )


@dataclass(frozen=True)
class Guess:
    """The outcome: ranked (code page, probability) pairs and the winner's language."""

    ranked: tuple[tuple[str, float], ...]
    language: str | None
    penalty_rate: float
    evidence: int = 0


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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


def _chardet(sample: bytes) -> list[tuple[str, float, str | None]]:
    import chardet

    found = []
    rows = chardet.detect_all(
        sample, ignore_threshold=True, compat_names=False, exclude_encodings=EBCDIC
    )
    for row in rows[:TOP]:
        name = _normal(row.get("encoding"))
        if name:
            found.append((name, float(row.get("confidence") or 0.0), row.get("language")))
    return found


def _charset_normalizer(sample: bytes, isolation: list[str]) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=isolation).best()
    return _normal(best.encoding) if best is not None else None


def guess(
    data: bytes,
    *,
    assume_legacy: str | None = None,
    language: str | None = None,
) -> Guess:
    """Rank the legacy code pages that could have produced ``data``."""
    sample = evidence(data, EXAMINED)
    conf: dict[str, float] = {}
    chardet_lang: dict[str, str] = {}
    for name, value, lang in _chardet(sample):
        conf[name] = max(conf.get(name, 0.0), value)
        if lang:
            chardet_lang.setdefault(name, lang)
    names = list(conf)
    for name in names[:3]:
        names.extend(SIBLINGS.get(name, ()))
    hinted: set[str] = set()
    if assume_legacy:
        hinted.add(assume_legacy)
    if language:
        hinted.update(LANGUAGE_PAGES.get(language, ()))
    names.extend(sorted(hinted))
    if not names:
        # chardet proposed nothing (it calls some texts with control bytes binary): let
        # every common page compete on the text checks alone.
        names = list(PRIOR)
    hypotheses = _hypotheses(evidence(sample, SCORED), names, conf, hinted)
    if not hypotheses:
        return Guess(ranked=(), language=None, penalty_rate=1.0)
    _judge(hypotheses, language, Counter(evidence(sample, SCORED)))
    ranked = _rank(hypotheses)
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < CN_MARGIN:
        _ask_charset_normalizer(sample, ranked, hypotheses)
        ranked = _rank(hypotheses)
    ranked = [h for h in ranked if _decodes(data, h.name)] or ranked
    _narrowest_first(ranked)
    top = ranked[0].score
    weights = [math.exp(h.score - top) for h in ranked]
    total = sum(weights)
    best = ranked[0]
    assert best.plausibility is not None
    lang = chardet_lang.get(best.name) or best.plausibility.language
    rate = best.plausibility.penalty / max(best.plausibility.non_ascii, 1)
    return Guess(
        ranked=tuple((h.name, w / total) for h, w in zip(ranked, weights)),
        language=lang,
        penalty_rate=rate,
        evidence=best.plausibility.non_ascii,
    )


def _hypotheses(
    scored: bytes, names: list[str], conf: dict[str, float], hinted: set[str]
) -> list[Hypothesis]:
    """Decode ``scored`` with each candidate and pool the candidates that agree on the text."""
    groups: dict[str, Hypothesis] = {}
    for name in dict.fromkeys(names):
        text = decode_cut(scored, name)
        if text is None:
            continue
        hyp = groups.setdefault(text, Hypothesis(text=text, names=[]))
        hyp.names.append(name)
        hyp.chardet += conf.get(name, 0.0)
        hyp.hinted |= name in hinted
        if name in hinted:
            hyp.preferred.add(name)
    chain: dict[str, float] = {}
    for name, value in conf.items():
        key = CHAIN.get(name, name)
        chain[key] = max(chain.get(key, 0.0), value)
    for hyp in groups.values():
        hyp.chardet = max(hyp.chardet, *(chain.get(CHAIN.get(n, n), 0.0) for n in hyp.names))
    return list(groups.values())


def _judge(hypotheses: list[Hypothesis], language: str | None, byte_counts: Counter[int]) -> None:
    """Score every hypothesis: first on its characters, then on context for the front runners.

    The context checks (symbols inside words, flipped case, ftfy's badness) cost most and can
    only lower a score, so a hypothesis already far behind on the cheap evidence is left as is.
    """
    top_conf = max(h.chardet for h in hypotheses) or 1.0
    for hyp in hypotheses:
        counts = _char_counts(hyp.name, byte_counts)
        hyp.plausibility = assess_characters(hyp.text, language, counts)
        share = max(hyp.chardet / top_conf, CHARDET_FLOOR)
        hyp.score = (
            -hyp.plausibility.penalty
            + CHARDET_WEIGHT * math.log(share)
            + (HINT if hyp.hinted else 0.0)
            + PRIOR.get(hyp.name, 0.0)
        )
    best = max(h.score for h in hypotheses)
    for hyp in hypotheses:
        if hyp.score >= best - CONTEXT_WINDOW:
            extra = assess_context(hyp.text)
            hyp.score -= extra
            assert hyp.plausibility is not None
            hyp.plausibility = replace(hyp.plausibility, penalty=hyp.plausibility.penalty + extra)


def _char_counts(codec: str, byte_counts: Counter[int]) -> Counter[str] | None:
    """Map byte counts to character counts for a single-byte code page (None otherwise).

    Counting 256 byte values once and mapping them per code page is far cheaper than
    counting the characters of every candidate decode.
    """
    if not single_byte(codec):
        return None
    table = _table(codec)
    counts: Counter[str] = Counter()
    for byte, n in byte_counts.items():
        if byte >= 0x80:
            counts[table[byte - 0x80]] += n
    return counts


@cache
def _table(codec: str) -> str:
    return bytes(range(0x80, 0x100)).decode(codec, errors="replace")


def _rank(hypotheses: list[Hypothesis]) -> list[Hypothesis]:
    return sorted(hypotheses, key=lambda h: h.score, reverse=True)


def _ask_charset_normalizer(
    sample: bytes, ranked: list[Hypothesis], hypotheses: list[Hypothesis]
) -> None:
    """Let charset-normalizer break a close call between the front runners.

    Its mess detector and coherence check are independent of chardet's models, so its vote
    carries information exactly where the others are unsure.  It is asked only then, and only
    about the front runners, which keeps it cheap.
    """
    front = [h for h in ranked if h.score >= ranked[0].score - CN_MARGIN][:4]
    isolation = [n for h in front for n in h.names]
    vote = _charset_normalizer(sample, isolation)
    for hyp in hypotheses:
        if vote in hyp.names:
            hyp.cn = True
            hyp.score += CN_VOTE


def _decodes(data: bytes, codec: str) -> bool:
    """Whether all of ``data`` decodes (the candidates were judged on a prefix only)."""
    if len(data) <= SCORED:
        return True
    return decode_cut(data, codec) is not None


def _narrowest_first(ranked: list[Hypothesis]) -> None:
    """Let the narrowest member of the winner's superset chain speak when it decodes too.

    gb2312 and gbk, big5 and cp950, shift_jis and cp932 map a few shared byte pairs to
    different characters (``―`` or ``—``, ``∼`` or ``～``, ``〜`` or ``～``); both are
    plausible, so the text checks must not decide between them.  The narrower code page is
    what such a file is labelled (and what Python's codec of that label gives), so it wins.
    """
    key = CHAIN.get(ranked[0].name)
    if key is None:
        return
    members = [h for h in ranked if any(CHAIN.get(n) == key for n in h.names)]
    narrowest = max(members, key=lambda h: PRIOR.get(h.name, 0.0))
    narrowest.score = ranked[0].score
    ranked[:] = [narrowest] + [h for h in ranked if h not in members]


def evidence(data: bytes, limit: int) -> bytes:
    """Return at most about ``limit`` bytes of ``data`` that carry the evidence.

    Short data is returned whole.  From longer data, the lines that hold bytes above 0x7F
    are gathered first: a 700 kB log whose only mac_roman bytes sit near its end must not be
    judged on an ASCII head.  Lines split at LF, which is never part of a multibyte
    character in the code pages considered here.
    """
    if len(data) <= limit:
        return data
    picked: list[bytes] = []
    size = 0
    for line in data.split(b"\n"):
        if not line.isascii():
            picked.append(line)
            size += len(line) + 1
            if size >= limit:
                break
    if not picked:
        return data[:limit]
    return b"\n".join(picked)[:limit]
