"""Find out how bytes were encoded, or that they are binary, and say how sure that is.

Principle of operation
======================

Evidence is taken in order of certainty, and the first step that is sure ends the search:

1. **Byte-order mark** (:mod:`.bom`): UTF-8, UTF-16 or UTF-32 with a BOM, if the rest decodes.
2. **Binary signatures** (:mod:`.binary`): PNG, JPEG, PDF, ZIP, gzip, ELF, PE and other magic
   numbers.  A PDF is binary even when it happens to be ASCII: it is not text to repair.
3. **Strict UTF-8** (:mod:`.unicode`): valid UTF-8 (ASCII included) is UTF-8.  No statistics,
   no imports: this is the common case and it costs one C-speed decode.  A character cut at
   the very end (a prefix of a file) is forgiven.  7-bit ISO-2022 and HZ text is recognised
   here by its escape sequences.
4. **NUL bytes**: UTF-16 and UTF-32 without a BOM are recognised by which byte of each code
   unit is NUL (or, for text of one non-Latin script with few spaces, by one byte of each
   unit taking only a few values); a few runs of NUL padding around NUL-free ASCII-compatible
   text are text; any other NUL means binary, as does a high share of other control bytes.
5. **Mixed UTF-8** (:mod:`.mixed`): when the lines that are valid UTF-8 read better as UTF-8
   than in the legacy code page guessed for the others, each line is decoded in its own
   encoding and the re-decoded lines are reported.
6. **Legacy code page** (:mod:`.legacy`), on the lines that hold bytes above 0x7F, in three
   steps that each see fewer candidates:

   a. *Screen* (:mod:`.screen`): all 57 single-byte code pages are judged at once from byte
      counts: C1 controls and undefined bytes, rare symbols, letters of a foreign script,
      symbols inside words or glued to one (``p† bolden``: ``±``, ``†`` and their like keep
      to digits and spaces), non-Latin letters glued to Latin ones, runs of accented letters.
      Double-byte pages (GBK, Big5, Shift-JIS, EUC-JP, EUC-KR, Johab) are decoded and their
      characters judged (rare ideographs and hangul).  Pages giving the same text form one
      hypothesis.  Where the bytes sit rules out whole scripts first: accented letters touch
      ASCII letters and never form runs.
   b. *Language models*: chardet 7's bigram models score the hypotheses within reach of the
      best, on up to 1 kB of evidence, weighed by how much evidence there is (the log of
      the score ratio times the square root of the number of bytes above 0x7F; where two
      pages of one script are read as different languages, of the length over 16 if more:
      then the ASCII words speak).  A screen lead of 10 units or more is not put to the
      models at all (they are asked only the leader's language).
   c. *Reading* (:mod:`.score`): the front runners are decoded and read, best first, until
      no unread hypothesis could still lead: letters outside the alphabet of the best
      language (held to chardet's language when there is evidence for it, or when chardet
      names one language for every front runner), vowelless Cyrillic, Greek or Thai,
      case flipped inside words, a lone capital mid-sentence, symbols inside or glued to
      words, stray combining marks.

   A charset the file declares (XML prolog, ``<meta>``, ``@charset``, PEP 263) that decodes
   the data and reads cleanly wins, as it does in a browser.  The result is a probability
   per distinct text; the narrowest page of a superset chain that decodes the whole input
   names it (gb2312 before gbk before gb18030).

Hints: ``assume_legacy`` (the CLI's ``--assume-legacy``) and ``language`` add weight to the
named code page or to the code pages of that language; strong evidence can still overrule a
hint, because a hint that turns Shift-JIS into cp1252 garbage helps no one.

Cost: the UTF-8, UTF-16/32, BOM and binary paths import nothing and cost a decode or two.
A legacy text costs about as much as charset-normalizer's ``from_bytes(data).best()``; the
screen and the reading are tabulated or bounded, and chardet's models are scored directly
(one profile, one dot product per model) instead of through its full pipeline.

Confidence
----------
1.0 for BOMs, strict UTF-8 and binary signatures; 0.95 for UTF-16/32 from NUL patterns; for
legacy guesses, the probability the evidence gives the winner over decodes that produce
different text, capped by how much evidence there was and lowered when the winning text
itself still looks damaged.  Below 0.5 means: do not rewrite without a human's say-so.

Known problems
==============

* Texts that differ only in letters both readings make plausible cannot be told apart:
  Romanian ``ş`` (cp1250, ISO-8859-2) and ``ș`` (ISO-8859-16) with no other difference;
  Shift-JIS and cp932 for the wave dash and the few characters they map differently; a
  Welsh ``ôl`` (cp437) and ``“l`` (cp1252).  The common or narrower code page wins such ties,
  except for Romanian, where the reading with the comma-below letters of its orthography
  wins: a cp1250 or ISO-8859-2 Romanian text without other tells (quotation marks, ``‰``)
  is reported as ISO-8859-16, which gives ``ș`` where the file had ``ş``.
* Short texts in DOS and Mac code pages (cp437/cp850 against cp1252, mac_roman against
  cp1252) with two or three accented letters are often reported as the Windows page, unless
  the Windows reading glues a symbol to a word (``p† bolden``), puts a no-break space at a
  word's edge (``est\xa0 a``) or a symbol where a capital belongs (``’ег``, ``‚ гимназии``).
* On 64 bytes with one or two accented letters, pages that read them as two letters of the
  same language (Slovak ``ľ`` in cp1250 and ``ž`` in ISO-8859-2; Slovene ``č`` in
  ISO-8859-16 and ``š`` in ISO-8859-2) are told apart only by chardet's bigrams, which a
  common page's prior can outweigh.  Turkish ``ı`` against Icelandic ``ý`` is decided for
  Turkish (a text that fits only Icelandic or Faroese costs half a unit), so a short
  Icelandic text whose only accented letters are ð, þ or ý can be read as Turkish.
* Johab is recognised only when its syllables read as common ones; a short Johab file whose
  high bytes are nearly all box drawing can still be read as a Cyrillic page.
* UTF-16 without a BOM and without any NUL byte (CJK text with no ASCII space or line break)
  is not recognised; it is rare, and the BOM-less UTF-16 that exists in practice holds ASCII.
* A text that is pure ASCII is reported as UTF-8 (its decode is the same).  Data that is
  nothing but NUL bytes is reported as binary.
* A 64-byte prefix with one or two non-ASCII letters carries little evidence; the guess is
  then often right but the confidence is honestly low.
* EBCDIC code pages are not considered: they are outside a text-repair tool's scope.
* chardet's model interface (``chardet.models``) is not public API.  Should it change, the
  legacy step falls back to ``chardet.detect_all`` restricted to the same pages: much the
  same answers, several times slower.
"""

from __future__ import annotations

import codecs

from mojifix.detect.binary import SAMPLE, control_ratio, looks_binary, magic, nul_padding
from mojifix.detect.bom import sniff_bom
from mojifix.detect.pages import ESCAPED
from mojifix.detect.unicode import is_utf8, sniff_wide, utf8_prefix_ok
from mojifix.model import Detection

__all__ = ["detect"]


def _certain(encoding: str, reason: str, *, bom: bool = False) -> Detection:
    return Detection(encoding=encoding, confidence=1.0, bom=bom, reason=reason)


def _escaped(data: bytes) -> str | None:
    """Return the 7-bit stateful encoding whose escapes ``data`` carries and that decodes it."""
    for escape, codec in ESCAPED:
        if escape in data:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if text != data.decode("ascii"):
                return codec
    return None


def _keeps_nul(encoding: str | None) -> bool:
    """Whether ``encoding`` reads a single NUL byte as U+0000 (ASCII-compatible ones do)."""
    if encoding is None:
        return False
    try:
        return codecs.decode(b"\x00", encoding) == "\x00"
    except (UnicodeDecodeError, LookupError):
        return False


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding: {name}") from None


def detect(
    data: bytes,
    *,
    assume_legacy: str | None = None,
    language: str | None = None,
) -> Detection:
    """Return the most likely encoding of ``data``, or a binary verdict, with a confidence.

    ``assume_legacy`` names the code page to prefer when the bytes are not UTF-8;
    ``language`` (ISO 639-1, e.g. ``"ru"``) says what language the text is in.
    """
    legacy = _normal(assume_legacy) if assume_legacy else None
    if language:
        language = language.lower().split("-")[0].split("_")[0]
    if not data:
        return _certain("utf-8", "empty input")
    bom = sniff_bom(data)
    if bom:
        return _certain(bom, "byte-order mark", bom=True)
    kind = magic(data)
    if kind is None and b"\x00" not in data and control_ratio(data[:SAMPLE]) > 0.25:
        kind = "control bytes"
    if kind:
        return Detection(encoding=None, confidence=1.0, binary=True, reason=kind)
    if b"\x00" not in data:
        if data.isascii():
            escaped = _escaped(data) if b"\x1b" in data or b"~{" in data else None
            if escaped:
                return _certain(escaped, "ISO-2022/HZ escape sequences")
            return _certain("utf-8", "ASCII")
        if is_utf8(data):
            return _certain("utf-8", "valid UTF-8")
        if utf8_prefix_ok(data):
            return Detection(encoding="utf-8", confidence=0.99, reason="valid UTF-8 (cut at end)")
    else:
        wide = sniff_wide(data)
        if wide:
            return Detection(encoding=wide, confidence=0.95, reason="UTF-16/32 NUL pattern")
        padding = nul_padding(data)
        if padding:
            inner = detect(data.replace(b"\x00", b""), assume_legacy=legacy, language=language)
            if _keeps_nul(inner.encoding) and not inner.bom:
                return Detection(
                    encoding=inner.encoding,
                    confidence=inner.confidence,
                    language=inner.language,
                    alternatives=inner.alternatives,
                    reason=f"{inner.reason}; {padding} NUL bytes of padding",
                )
            # NULs around a BOM or UTF-16 text are not padding: that is binary.
            return Detection(encoding=None, confidence=1.0, binary=True, reason="NUL bytes")
    why = looks_binary(data)
    if why:
        return Detection(encoding=None, confidence=1.0, binary=True, reason=why)
    return _legacy(data, legacy, language)


def _legacy(data: bytes, assume_legacy: str | None, language: str | None) -> Detection:
    """Guess a legacy code page, or a mix of UTF-8 and one, for non-UTF-8 text."""
    from mojifix.detect import legacy as guesser
    from mojifix.detect import mixed

    split = mixed.split_lines(data)
    if split.utf8 and split.legacy:
        part = guesser.guess(split.legacy, assume_legacy=assume_legacy, language=language)
        if part.ranked and mixed.utf8_reads_better(split.utf8, part.ranked[0][0]):
            fallback, confidence = part.ranked[0]
            lines = mixed.redecoded_lines(data, fallback)
            return Detection(
                encoding="utf-8",
                confidence=_calibrate(confidence, part.penalty_rate, part.evidence),
                language=part.language,
                alternatives=part.ranked[1:4],
                reason=f"UTF-8 with {len(lines)} line(s) in {fallback}",
                mixed_lines=lines,
                fallback=fallback,
            )
    result = guesser.guess(data, assume_legacy=assume_legacy, language=language)
    if not result.ranked:
        return Detection(encoding=None, confidence=0.0, binary=True, reason="no encoding fits")
    name, probability = result.ranked[0]
    return Detection(
        encoding=name,
        confidence=_calibrate(probability, result.penalty_rate, result.evidence),
        language=result.language,
        alternatives=result.ranked[1:4],
        reason="legacy code page: byte screen, chardet's models and text checks",
    )


def _calibrate(probability: float, penalty_rate: float, evidence: int) -> float:
    """Temper the evidence's probability by how much evidence there was and how clean it is.

    ``evidence`` is the number of non-ASCII characters decoded: with one accented letter
    every Latin page is a guess (cap 0.4), with two 0.57, with ten 0.87.  A winning text
    that itself still looks damaged (penalty per non-ASCII character) is lowered too.
    """
    damage = min(max(penalty_rate - 0.1, 0.0), 1.0)
    cap = evidence / (evidence + 1.5)
    return round(min(probability, cap) * (1.0 - 0.5 * damage), 4)
