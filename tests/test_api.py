"""The public API: fix_text, repair_text and repair_bytes, as a user calls them."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

import mojifix
from mojifix import Kind, MojifixError, Options, Repair
from mojifix.repair.codepages import mangle

SEED = "OTTAWA 鈥 The Canadian聽military said 鈥渉ello鈥 today."
SEED_FIXED = "OTTAWA — The Canadian\u00a0military said “hello” today."


def replay(text: str, changes: list[mojifix.Change]) -> str:
    """Apply the changes' replacements to ``text``, left to right, as a sink would."""
    out = []
    pos = 0
    for change in changes:
        if change.kind is Kind.UNRECOVERABLE:
            continue
        assert change.start >= pos, "changes overlap or are out of order"
        out.append(text[pos : change.start])
        out.append(change.replacement)
        pos = change.end
    out.append(text[pos:])
    return "".join(out)


# --- fix_text: correct text comes back identical -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He said “hello” — and ‘goodbye’… It’s fine.",
        "中华人民共和国是一个位于东亚的国家，首都是北京。",
        "Съешь же ещё этих мягких французских булок, да выпей чаю.",
        "مرحبا بالعالم، كيف حالك اليوم؟",
        "Party time 🎉👍🏽 see you 👨‍👩‍👧 there",
        "NÃO SEI O QUE FAZER",
        "ÎN ACEST CÂMP nu e nimic; ea mânca pâine",
        "Åsa bor i Åre och äter smörgås",
        "警方監聽了他的電話。",
        "plain ascii, nothing to see\n",
        "",
    ],
)
def test_fix_text_leaves_correct_text_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text
    result = mojifix.repair_text(text)
    assert not result.changed
    assert result.changes == []


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("rÃ©sumÃ© attached", "résumé attached"),
        ("Ïðèâåò, êàê äåëà?", "Привет, как дела?"),
        (mangle("It’s a dog’s life", "gbk", "ignore"), "It’s a dog’s life"),
    ],
)
def test_fix_text_repairs_each_family(damaged: str, expected: str) -> None:
    assert mojifix.fix_text(damaged) == expected


def test_fix_text_keeps_line_endings() -> None:
    assert mojifix.fix_text("rÃ©sumÃ©\r\nok\r\n") == "résumé\r\nok\r\n"


# --- the seed case ---------------------------------------------------------------------------


def test_seed_case_is_repaired() -> None:
    assert mangle(SEED_FIXED, "gbk", "ignore") == SEED
    assert mojifix.fix_text(SEED) == SEED_FIXED


def test_seed_case_changes_tell_the_story() -> None:
    result = mojifix.repair_text(SEED)
    assert [(c.original, c.replacement, c.kind) for c in result.changes] == [
        ("鈥", "—", Kind.LOST_BYTE),
        ("聽", "\u00a0", Kind.MOJIBAKE),
        ("鈥渉", "“h", Kind.MOJIBAKE),
        ("鈥", "”", Kind.LOST_BYTE),
    ]
    assert all("GBK" in c.explanation for c in result.changes)
    dash, nbsp, _, close = result.changes
    assert "0x94" in dash.explanation
    assert "C2 A0" in nbsp.explanation
    assert "0x9D" in close.explanation
    assert [(c.line, c.column) for c in result.changes] == [(1, 8), (1, 22), (1, 37), (1, 43)]


# --- repair_text: the Repair value ----------------------------------------------------------

MIXED = (
    "Title — “fine”.\n"
    + mangle("The café — open late", "gbk", "ignore")
    + "\n"
    + "rÃ©sumÃ© attached\r\n"
    + "Ïðèâåò, êàê äåëà?\n"
    + "lost: 锟斤拷锟斤拷 here\n"
)


@pytest.mark.parametrize(
    "text",
    [SEED, MIXED, "Ã¢â‚¬Å“quotedÃ¢â‚¬Â\x9d text", "â€œquotedâ€\ufffd and more"],
)
def test_changes_index_the_input_and_replay_to_the_output(text: str) -> None:
    result = mojifix.repair_text(text)
    assert result.original == text
    assert result.changed
    assert result.changes
    lines = text.split("\n")
    for change in result.changes:
        assert text[change.start : change.end] == change.original
        assert change.line >= 1 and change.column >= 1
        assert lines[change.line - 1][change.column - 1 :].startswith(change.original)
    assert replay(text, result.changes) == result.text
    assert [c.start for c in result.changes] == sorted(c.start for c in result.changes)


def test_mixed_text_is_repaired_line_by_line() -> None:
    result = mojifix.repair_text(MIXED)
    assert result.text == (
        "Title — “fine”.\n"
        "The café — open late\n"
        "résumé attached\r\n"
        "Привет, как дела?\n"
        "lost: 锟斤拷锟斤拷 here\n"
    )
    by_line = {c.line: c.kind for c in result.changes}
    assert 1 not in by_line
    assert by_line[3] is Kind.MOJIBAKE
    assert by_line[4] is Kind.LEGACY
    assert by_line[5] is Kind.UNRECOVERABLE


def test_repair_text_describes_no_decoding() -> None:
    result = mojifix.repair_text("rÃ©sumÃ©")
    assert isinstance(result, Repair)
    assert (result.encoding, result.confidence, result.binary) == (None, 1.0, False)


def test_unrecoverable_report_does_not_count_as_changed() -> None:
    result = mojifix.repair_text("lost: 锟斤拷")
    assert not result.changed
    assert [c.kind for c in result.changes] == [Kind.UNRECOVERABLE]
    assert not result.changes[0].edits_text


def test_options_are_honoured_by_fix_text() -> None:
    assert mojifix.fix_text("“hi”", Options(uncurl_quotes=True)) == '"hi"'
    assert mojifix.fix_text("“hi”") == "“hi”"


# --- repair_bytes ----------------------------------------------------------------------------

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. Привет, мир!\n" * 3


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "text"),
    [
        ("Hello — “world”\n".encode(), "utf-8", False, "Hello — “world”\n"),
        (codecs.BOM_UTF8 + "Grüße\n".encode(), "utf-8-sig", True, "Grüße\n"),
        ("Grüße\r\n".encode("utf-16"), "utf-16", True, "Grüße\r\n"),
        (RUSSIAN.encode("cp1251"), "cp1251", False, RUSSIAN),
    ],
)
def test_repair_bytes_detects_and_decodes(data: bytes, encoding: str, bom: bool, text: str) -> None:
    result = mojifix.repair_bytes(data)
    assert result.encoding == encoding
    assert result.detection is not None and result.detection.bom is bom
    assert not result.binary
    assert result.text == text
    assert not result.changed


def test_repair_bytes_reports_newline_style() -> None:
    assert mojifix.repair_bytes("Grüße\r\n".encode("utf-16")).newline == "CRLF"
    assert mojifix.repair_bytes(b"a\nb\n").newline == "LF"


def test_repair_bytes_repairs_mojibake_inside_utf8() -> None:
    result = mojifix.repair_bytes("rÃ©sumÃ© café\n".encode())
    assert result.encoding == "utf-8"
    assert result.text == "résumé café\n"
    assert result.original == "rÃ©sumÃ© café\n"
    assert result.changed


def test_repair_bytes_recognises_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
    result = mojifix.repair_bytes(png)
    assert result.binary
    assert (result.text, result.encoding, result.changes) == ("", None, [])


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        ("Привет".encode("cp1251"), "cp1251", "Привет"),
        ("Привет".encode("cp1251"), "windows-1251", "Привет"),
        ("Привет".encode("koi8-r"), "KOI8-R", "Привет"),
        (codecs.BOM_UTF8 + b"abc", "utf-8", "abc"),
    ],
)
def test_repair_bytes_uses_the_given_encoding(data: bytes, encoding: str, text: str) -> None:
    result = mojifix.repair_bytes(data, encoding)
    assert result.text == text
    assert result.encoding == codecs.lookup(encoding).name or result.encoding == "utf-8-sig"
    assert result.detection is not None and result.detection.confidence == 1.0


def test_repair_bytes_given_encoding_skips_detection() -> None:
    # Short UTF-8 that detection would call UTF-8; the caller says Latin-1, and wins.
    result = mojifix.repair_bytes("é".encode(), "latin-1")
    assert result.encoding == "iso8859-1"
    assert result.original == "Ã©"


def test_repair_bytes_rejects_unknown_encoding() -> None:
    with pytest.raises(MojifixError, match="no-such-codec"):
        mojifix.repair_bytes(b"abc", "no-such-codec")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("naïve café\n".encode() + b"\xff\xfe end\n", "utf-8"),
        (b"caf\xc3\xa9 \x80 done", "utf-8"),
        ("Привет".encode("cp1251") + b"\x98", "cp1251"),
    ],
)
def test_undecodable_bytes_survive(data: bytes, encoding: str) -> None:
    result = mojifix.repair_bytes(data, encoding)
    assert not result.changed
    assert any("\udc80" <= ch <= "\udcff" for ch in result.text)
    assert result.text.encode(encoding, "surrogateescape") == data


@pytest.mark.xfail(
    strict=True,
    reason="a byte cp1252 leaves undefined makes detection pick a non-Western page (cp850, cp1256)",
)
def test_stray_undefined_byte_does_not_change_the_detected_page() -> None:
    french = "Le café crème et la crème brûlée sont très bons à Paris.\n" * 3
    data = french.encode("cp1252") + b"x\x81y\n"
    result = mojifix.repair_bytes(data)
    assert result.encoding in ("cp1252", "iso8859-1", "iso8859-15")
    assert result.text.startswith(french)
    assert result.text.encode(result.encoding, "surrogateescape") == data


# --- importing has no side effects -----------------------------------------------------------


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_import_prints_nothing() -> None:
    done = _python("import mojifix")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_import_registers_no_codec_error_handler() -> None:
    code = """
import codecs
import mojifix
from mojifix.repair.codepages import mangle

names = ("mojifix-windows-3f", "mojifix-windows-30fb")
for name in names:
    try:
        codecs.lookup_error(name)
    except LookupError:
        pass
    else:
        raise SystemExit("registered on import: " + name)
mangle("\u2014 x", "gbk", "windows")
mangle("\u2014 x", "cp932", "windows")
for name in names:
    codecs.lookup_error(name)
"""
    done = _python(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
