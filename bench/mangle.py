"""Damage generators: turn clean text into the mojibake real software produces.

Everything here uses plain Python codecs (plus one private error handler), never mojifix's
or ftfy's own code, so the benchmark cannot share a blind spot with the engine it measures.

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

_WIN_QUESTION = "_mojifix_bench_win_question"
_WIN_KATAKANA_DOT = "_mojifix_bench_win_katakana_dot"


def _windows_default_char(default: str) -> Callable[[UnicodeError], tuple[str, int]]:
    """Build an error handler mimicking Windows' MultiByteToWideChar on a bad byte pair.

    Windows does not resynchronise after an invalid pair: the lead byte and whatever byte
    follows it (even ASCII) become one default character.  At the end of input only the
    lead byte is left to consume.
    """

    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        return default, min(exc.start + 2, len(exc.object))

    return handler


# Private names: registered for the benchmark process only, never used by the engine.
codecs.register_error(_WIN_QUESTION, _windows_default_char("?"))
codecs.register_error(_WIN_KATAKANA_DOT, _windows_default_char("\u30fb"))

_WIN_HANDLERS = {"gbk": _WIN_QUESTION, "cp932": _WIN_KATAKANA_DOT, "shift_jis": _WIN_KATAKANA_DOT}


_LOST_BYTES: list[tuple[int, int]] = []  # byte ranges the last recorded decode lost
_RECORD = "_mojifix_bench_record"


def _recording(exc: UnicodeError) -> tuple[str, int]:
    """Error handler that notes which bytes each error consumed (``errors`` modes: ignore,
    replace and win, told apart by the handler's state) and answers as that mode would."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    mode, default = _RECORD_MODE
    end = min(exc.start + 2, len(exc.object)) if mode == "win" else exc.end
    _LOST_BYTES.append((exc.start, end))
    return {"ignore": "", "replace": REPLACEMENT, "win": default}[mode], end


_RECORD_MODE: tuple[str, str] = ("ignore", "")
codecs.register_error(_RECORD, _recording)


def wholly_lost(text: str, codec: str, errors: str) -> int:
    """Count the characters of ``text`` that lose every byte when its UTF-8 is decoded as
    ``codec`` with ``errors`` (``ignore``, ``replace`` or ``win``).

    They mark the limit of any repair: a character with one surviving byte has a few dozen
    possible values that the replay can check, one with none is anything the context
    allows, and with ``ignore`` not even its place is marked.
    """
    global _RECORD_MODE
    default = "\u30fb" if _WIN_HANDLERS.get(codec) == _WIN_KATAKANA_DOT else "?"
    _RECORD_MODE = (errors, default)
    _LOST_BYTES.clear()
    data = text.encode("utf-8")
    recorded = data.decode(codec, _RECORD)
    handler = _WIN_HANDLERS[codec] if errors == "win" else errors
    assert recorded == data.decode(codec, handler), "the recording decode must match"
    lost = {i for start, end in _LOST_BYTES for i in range(start, end)}
    count, at = 0, 0
    for ch in text:
        size = len(ch.encode("utf-8"))
        if size > 1 and all(i in lost for i in range(at, at + size)):
            count += 1
        at += size
    return count


def _utf8_as_double_byte(codec: str, errors: str) -> Callable[[str], Outcome]:
    handler = _WIN_HANDLERS[codec] if errors == "win" else errors

    def mangle(text: str) -> Outcome:
        data = text.encode("utf-8")
        out = data.decode(codec, handler)
        if out == text:
            return Skip(SKIP_UNCHANGED)
        if out.isascii():
            return Skip(SKIP_NO_TRACE)
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            return Mangled(out, lossy=True, wholly_lost=wholly_lost(text, codec, errors))
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
        modes = ["ignore", "replace"] + (["win"] if codec in _WIN_HANDLERS else [])
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
