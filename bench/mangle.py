"""Damage generators: turn clean text into the mojibake real software produces.

Everything here uses plain Python codecs (with private error handlers that also note which
bytes were lost), never mojifix's or ftfy's own code, so the benchmark cannot share a blind
spot with the engine it measures.

Each :class:`Pipeline` is one named, reproducible way text gets damaged, grouped in a
*family* so that results can be reported the way the engine is judged:

``single-byte``
    UTF-8 bytes decoded as a single-byte code page, one to three times over.  Windows code
    pages are decoded the way browsers do (WHATWG): bytes the code page leaves undefined in
    0x80-0x9F become the C1 control with the same number (``0x81`` -> U+0081, what ftfy calls
    "sloppy"), other undefined bytes become U+FFFD.  ``cp1252/replace`` is Python's strict
    codec with ``errors="replace"``: every undefined byte becomes U+FFFD.
``east-asian``
    UTF-8 bytes decoded as a double-byte code page, with each way software treats a byte
    pair the code page does not define: dropped (``ignore``), U+FFFD per bad byte
    (``replace``), or the Windows code-page conversion that turns the lead byte *and the byte
    after it* into one default character (``win``: ``?`` for GBK/cp936, ``・`` for
    cp932/Shift-JIS), which is how ``— not`` becomes ``鈥?not``.
``legacy``
    Text saved in its own legacy code page (cp1251 Russian, GBK Chinese, ...) and shown
    with the wrong one (cp1252 or Latin-1): ``Ïðèâåò``, ``ÄãºÃ``.

A pipeline maps one line to either :class:`Mangled` or :class:`Skip`.  Skips are counted
and reported rather than silently dropped, so a change in skip counts is visible.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from dataclasses import dataclass

SINGLE_BYTE = "single-byte"
EAST_ASIAN = "east-asian"
LEGACY = "legacy"
FAMILIES: tuple[str, ...] = (SINGLE_BYTE, EAST_ASIAN, LEGACY)

REPLACEMENT = "\ufffd"

# Why a skip happened; the benchmark reports counts per pipeline and reason.
SKIP_UNCHANGED = "unchanged"  # the damage is a no-op on this text (e.g. pure ASCII)
SKIP_UNENCODABLE = "unencodable"  # the source code page cannot represent the text
SKIP_NO_TRACE = "no-trace"  # damage left nothing non-ASCII: no repair is possible
SKIP_LOSSY_LAYERS = "lossy-layers"  # U+FFFD inside a multi-layer chain: no defined answer


@dataclass(frozen=True)
class Mangled:
    """Damaged text, and which repairs count as exactly right.

    The clean text is always a right answer.  ``alternatives`` lists other acceptable
    answers: when a decoder replaced a byte by U+FFFD the original character is gone, and
    putting U+FFFD in its place (what ftfy does) is as right as guessing it back.
    ``lossy`` marks cases where some information was destroyed.
    """

    text: str
    lossy: bool = False
    alternatives: tuple[str, ...] = ()
    # Characters of two bytes or more none of whose bytes reached the output: the decoder
    # dropped, replaced or collapsed every one.  Only context can say what they were.
    wholly_lost: int = 0


@dataclass(frozen=True)
class Skip:
    """No case from this line: ``reason`` is one of the ``SKIP_*`` constants."""

    reason: str


Outcome = Mangled | Skip


@dataclass(frozen=True)
class Pipeline:
    """One named way of damaging text.

    ``languages`` restricts the corpus files the pipeline is fed (``None``: all of them);
    legacy pipelines only make sense for text their source code page was made for.
    ``in_context`` asks the benchmark to damage one line of a small multi-line text instead
    of a whole line, which is how mixed files look after a bad copy-paste.
    """

    name: str
    family: str
    description: str
    mangle: Callable[[str], Outcome]
    languages: frozenset[str] | None = None
    in_context: bool = False


# --------------------------------------------------------------------------------------
# Single-byte decoding
# --------------------------------------------------------------------------------------

# WHATWG maps a few bytes Python's codecs leave undefined to real characters.
_WHATWG_EXTRA: dict[str, dict[int, str]] = {"cp1255": {0xCA: "\u05ba"}}


@functools.cache
def _byte_table(codepage: str, sloppy: bool) -> dict[int, str]:
    """Return a ``str.translate`` table from Latin-1 code points to ``codepage`` characters.

    Single-byte codecs are stateless, so decoding is a per-byte lookup; a table makes the
    sloppy variant (which Python has no codec for) exact and fast.
    """
    table: dict[int, str] = {}
    extra = _WHATWG_EXTRA.get(codecs.lookup(codepage).name, {}) if sloppy else {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode(codepage)
        except UnicodeDecodeError:
            if byte in extra:
                char = extra[byte]
            elif sloppy and 0x80 <= byte <= 0x9F:
                char = chr(byte)
            else:
                char = REPLACEMENT
        table[byte] = char
    return table


def decode_single_byte(data: bytes, codepage: str, *, sloppy: bool = True) -> str:
    """Decode ``data`` as ``codepage`` the way a browser (sloppy) or Python-replace would."""
    return data.decode("latin-1").translate(_byte_table(codepage, sloppy))


def _utf8_as_single_byte(codepage: str, layers: int, sloppy: bool) -> Callable[[str], Outcome]:
    def mangle(text: str) -> Outcome:
        out = text
        for _ in range(layers):
            out = decode_single_byte(out.encode("utf-8"), codepage, sloppy=sloppy)
        if out == text:
            return Skip(SKIP_UNCHANGED)
        if REPLACEMENT not in out or REPLACEMENT in text:
            return Mangled(out)
        if layers > 1:
            return Skip(SKIP_LOSSY_LAYERS)
        # One layer: a character whose own bytes produced U+FFFD is lost; everything else
        # is recoverable, so the accepted alternative keeps it and marks only the lost ones.
        alternative = "".join(
            REPLACEMENT
            if REPLACEMENT in decode_single_byte(ch.encode("utf-8"), codepage, sloppy=sloppy)
            else ch
            for ch in text
        )
        return Mangled(out, lossy=True, alternatives=(alternative,))

    return mangle


# --------------------------------------------------------------------------------------
# East Asian decoding
# --------------------------------------------------------------------------------------

# Bytes the last decode through one of the handlers below consumed in errors, as ranges.
_LOST_BYTES: list[tuple[int, int]] = []


def _recording(answer: str, collapse: bool) -> Callable[[UnicodeError], tuple[str, int]]:
    """Build an error handler that answers ``answer`` for a bad byte and notes what it took.

    With ``collapse`` it mimics Windows' MultiByteToWideChar on a bad pair: Windows does not
    resynchronise, so the lead byte and whatever byte follows it (even ASCII) become one
    default character; at the end of input only the lead byte is left to consume.  Without,
    it answers as Python's own ``ignore`` (``""``) or ``replace`` (U+FFFD) would.
    """

    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        end = min(exc.start + 2, len(exc.object)) if collapse else exc.end
        _LOST_BYTES.append((exc.start, end))
        return answer, end

    return handler


# Private names: registered for the benchmark process only, never used by the engine.
_HANDLERS = {
    "ignore": "_mojifix_bench_ignore",
    "replace": "_mojifix_bench_replace",
    "win?": "_mojifix_bench_win_question",
    "win\u30fb": "_mojifix_bench_win_katakana_dot",
}
codecs.register_error(_HANDLERS["ignore"], _recording("", collapse=False))
codecs.register_error(_HANDLERS["replace"], _recording(REPLACEMENT, collapse=False))
codecs.register_error(_HANDLERS["win?"], _recording("?", collapse=True))
codecs.register_error(_HANDLERS["win\u30fb"], _recording("\u30fb", collapse=True))

# The default character Windows writes for a bad pair, by code page.
_WIN_DEFAULT = {"gbk": "?", "cp932": "\u30fb", "shift_jis": "\u30fb"}


def decode_recording(data: bytes, codec: str, errors: str) -> tuple[str, frozenset[int]]:
    """Decode ``data`` as ``codec`` with ``errors`` (``ignore``, ``replace`` or ``win``), and
    return the text with the positions of the bytes the errors consumed."""
    mode = errors + _WIN_DEFAULT[codec] if errors == "win" else errors
    _LOST_BYTES.clear()
    text = data.decode(codec, _HANDLERS[mode])
    return text, frozenset(i for start, end in _LOST_BYTES for i in range(start, end))


def _count_wholly_lost(text: str, lost: frozenset[int]) -> int:
    count, at = 0, 0
    for ch in text:
        size = len(ch.encode("utf-8"))
        if size > 1 and all(i in lost for i in range(at, at + size)):
            count += 1
        at += size
    return count


def wholly_lost(text: str, codec: str, errors: str) -> int:
    """Count the characters of ``text`` that lose every byte when its UTF-8 is decoded as
    ``codec`` with ``errors`` (``ignore``, ``replace`` or ``win``).

    They mark the limit of any repair: a character with one surviving byte has a few dozen
    possible values that the replay can check, one with none is anything the context
    allows, and with ``ignore`` not even its place is marked.
    """
    return _count_wholly_lost(text, decode_recording(text.encode("utf-8"), codec, errors)[1])


def _utf8_as_double_byte(codec: str, errors: str) -> Callable[[str], Outcome]:
    def mangle(text: str) -> Outcome:
        out, lost = decode_recording(text.encode("utf-8"), codec, errors)
        if out == text:
            return Skip(SKIP_UNCHANGED)
        if out.isascii():
            return Skip(SKIP_NO_TRACE)
        if lost:
            return Mangled(out, lossy=True, wholly_lost=_count_wholly_lost(text, lost))
        return Mangled(out)

    return mangle


# --------------------------------------------------------------------------------------
# Legacy text shown with the wrong legacy code page
# --------------------------------------------------------------------------------------


def _legacy_as(source: str, shown_as: str) -> Callable[[str], Outcome]:
    def mangle(text: str) -> Outcome:
        try:
            data = text.encode(source)
        except UnicodeEncodeError:
            return Skip(SKIP_UNENCODABLE)
        out = decode_single_byte(data, shown_as, sloppy=True)
        if out == text:
            return Skip(SKIP_UNCHANGED)
        return Mangled(out)

    return mangle


# --------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------

# Code pages a UTF-8 file is plausibly mistaken for, with a note on where that happens.
SINGLE_BYTE_CODEPAGES: tuple[tuple[str, str], ...] = (
    ("cp1252", "Windows Western; what browsers use for 'latin-1'"),
    ("latin-1", "ISO-8859-1 proper (databases, HTTP defaults)"),
    ("cp1250", "Windows Central European"),
    ("cp1251", "Windows Cyrillic"),
    ("cp1253", "Windows Greek"),
    ("cp1254", "Windows Turkish"),
    ("cp1257", "Windows Baltic"),
    ("iso-8859-2", "ISO Central European"),
    ("iso-8859-15", "ISO Western with euro"),
    ("mac_roman", "classic Mac OS"),
    ("cp437", "DOS / Windows console, US"),
    ("cp850", "DOS / Windows console, Western Europe"),
    ("cp866", "DOS / Windows console, Cyrillic"),
    ("koi8-r", "Unix Cyrillic"),
    ("cp1255", "Windows Hebrew"),
    ("cp1256", "Windows Arabic"),
    ("cp874", "Windows Thai"),
)
MULTI_LAYER: tuple[tuple[str, int], ...] = (
    ("cp1252", 2),
    ("latin-1", 2),
    ("cp1250", 2),
    ("cp1251", 2),
    ("mac_roman", 2),
    ("cp437", 2),
    ("cp1252", 3),
    ("latin-1", 3),
    ("cp1251", 3),
)
IN_CONTEXT: tuple[tuple[str, int, bool], ...] = (
    ("cp1252", 1, True),
    ("cp1252", 1, False),
    ("latin-1", 1, True),
    ("cp1250", 1, True),
    ("cp1251", 1, True),
    ("mac_roman", 1, True),
    ("cp437", 1, True),
    ("cp1252", 2, True),
)

EAST_ASIAN_CODECS: tuple[tuple[str, str], ...] = (
    ("gbk", "Simplified Chinese Windows (cp936)"),
    ("gb18030", "Chinese national standard"),
    ("big5", "Traditional Chinese"),
    ("shift_jis", "Japanese"),
    ("cp932", "Japanese Windows"),
    ("euc_jp", "Japanese Unix"),
    ("euc_kr", "Korean"),
    ("cp949", "Korean Windows"),
)

_RU_BG = frozenset({"ru", "bg"})
_CYRILLIC = frozenset({"ru", "uk", "bg"})
LEGACY_PAIRS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("cp1251", "cp1252", _CYRILLIC),
    ("koi8-r", "cp1252", _RU_BG),
    ("koi8-u", "cp1252", frozenset({"uk"})),
    ("cp1250", "cp1252", frozenset({"cs", "pl", "hu"})),
    ("cp1254", "cp1252", frozenset({"tr"})),
    ("cp1253", "cp1252", frozenset({"el"})),
    ("cp1255", "cp1252", frozenset({"he"})),
    ("cp1256", "cp1252", frozenset({"ar"})),
    ("cp874", "cp1252", frozenset({"th"})),
    ("gbk", "cp1252", frozenset({"zh_hans"})),
    ("gbk", "latin-1", frozenset({"zh_hans"})),
    ("big5", "cp1252", frozenset({"zh_hant"})),
    ("big5", "latin-1", frozenset({"zh_hant"})),
    ("cp932", "cp1252", frozenset({"ja"})),
    ("cp932", "latin-1", frozenset({"ja"})),
    ("cp949", "cp1252", frozenset({"ko"})),
    ("cp949", "latin-1", frozenset({"ko"})),
)


def _single_byte_name(codepage: str, layers: int, sloppy: bool, in_context: bool) -> str:
    name = f"utf8>{codepage}"
    if not sloppy:
        name += "/replace"
    if layers > 1:
        name += f" x{layers}"
    if in_context:
        name += " [line]"
    return name


def build_pipelines() -> list[Pipeline]:
    """Return every pipeline, in a fixed order (the order of the report)."""
    pipelines: list[Pipeline] = []
    notes = dict(SINGLE_BYTE_CODEPAGES)

    def single(codepage: str, layers: int, sloppy: bool, in_context: bool) -> Pipeline:
        how = "WHATWG/sloppy" if sloppy else "strict, errors=replace"
        return Pipeline(
            name=_single_byte_name(codepage, layers, sloppy, in_context),
            family=SINGLE_BYTE,
            description=f"UTF-8 read as {codepage} ({notes[codepage]}; {how}), {layers}x"
            + ("; one line of a multi-line text" if in_context else ""),
            mangle=_utf8_as_single_byte(codepage, layers, sloppy),
            in_context=in_context,
        )

    for codepage, _ in SINGLE_BYTE_CODEPAGES:
        pipelines.append(single(codepage, 1, True, False))
        if codepage == "cp1252":
            pipelines.append(single(codepage, 1, False, False))
    for codepage, layers in MULTI_LAYER:
        pipelines.append(single(codepage, layers, True, False))
    for codepage, layers, sloppy in IN_CONTEXT:
        pipelines.append(single(codepage, layers, sloppy, True))

    for codec, note in EAST_ASIAN_CODECS:
        modes = ["ignore", "replace"] + (["win"] if codec in _WIN_DEFAULT else [])
        for errors in modes:
            pipelines.append(
                Pipeline(
                    name=f"utf8>{codec}/{errors}",
                    family=EAST_ASIAN,
                    description=f"UTF-8 read as {codec} ({note}), bad pairs: {errors}",
                    mangle=_utf8_as_double_byte(codec, errors),
                )
            )

    for source, shown_as, languages in LEGACY_PAIRS:
        pipelines.append(
            Pipeline(
                name=f"{source}>{shown_as}",
                family=LEGACY,
                description=f"text saved as {source}, shown as {shown_as}",
                mangle=_legacy_as(source, shown_as),
                languages=languages,
            )
        )
    return pipelines


PIPELINES: tuple[Pipeline, ...] = tuple(build_pipelines())


def pipeline(name: str) -> Pipeline:
    """Look a pipeline up by name (for tests and ad-hoc use)."""
    for p in PIPELINES:
        if p.name == name:
            return p
    raise KeyError(name)
