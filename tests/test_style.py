"""Opt-in normalisations: each changes correct text only when asked to."""

from __future__ import annotations

import pytest

import mojifix
from mojifix import Kind, MojifixError, Options
from mojifix.repair.codepages import mangle

CASES = [
    pytest.param(Options(normalize="NFC"), "cafe\u0301", "caf\u00e9", id="nfc"),
    pytest.param(Options(normalize="nfd"), "caf\u00e9", "cafe\u0301", id="nfd"),
    pytest.param(Options(normalize="NFKC"), "ﬁ ① ５", "fi 1 5", id="nfkc"),
    pytest.param(Options(uncurl_quotes=True), "“hi” it’s ‘so’", "\"hi\" it's 'so'", id="uncurl"),
    pytest.param(Options(fix_ligatures=True), "ﬁnd the ﬂow", "find the flow", id="ligatures"),
    pytest.param(Options(fix_widths=True), "ＡＢＣ１２３", "ABC123", id="widths"),
    pytest.param(
        Options(fix_line_breaks=True), "a\r\nb\rc\u2028d\u2029e", "a\nb\nc\nd\ne", id="line-breaks"
    ),
    pytest.param(
        Options(unescape_html=True),
        "&lt;b&gt; caf&eacute; &amp; more",
        "<b> café & more",
        id="html",
    ),
    pytest.param(
        Options(remove_control_chars=True),
        "a\x00b \x1b[31mred\x1b[0m\x07!",
        "ab red!",
        id="control-chars",
    ),
    pytest.param(Options(remove_bom=True), "\ufeffhello", "hello", id="bom"),
]


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_option_changes_text_when_set(options: Options, text: str, expected: str) -> None:
    result = mojifix.repair_text(text, options)
    assert result.text == expected
    assert result.changes
    assert all(c.kind is Kind.NORMALIZE for c in result.changes)


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_default_options_leave_the_same_text_alone(
    options: Options, text: str, expected: str
) -> None:
    assert options.any_style
    assert not Options().any_style
    result = mojifix.repair_text(text)
    assert result.text == text
    assert result.changes == []


def test_explanation_names_each_normalisation() -> None:
    options = Options(uncurl_quotes=True, fix_ligatures=True)
    [change] = mojifix.repair_text("oﬁ’s", options).changes
    assert (change.start, change.original, change.replacement) == (1, "ﬁ’", "fi'")
    assert change.explanation == "ligatures split, quotes uncurled"


def test_an_option_changes_only_what_it_is_about() -> None:
    text = "“ﬁne” ＡＢＣ"
    assert mojifix.fix_text(text, Options(fix_widths=True)) == "“ﬁne” ABC"


def test_html_entities_are_decoded_before_the_repair() -> None:
    # "μ" is CE BC; read as cp1252 that is "Î¼", and an HTML writer escaped the "¼".
    assert mojifix.fix_text("Î&frac14;", Options(unescape_html=True)) == "\u03bc"
    assert mojifix.fix_text("Î&frac14;") == "Î&frac14;"


@pytest.mark.parametrize(
    "options",
    [Options(fix_widths=True), Options(normalize="NFKC"), Options(normalize="NFC")],
)
def test_normalisation_runs_after_the_east_asian_repair(options: Options) -> None:
    # cp932 turns é (C3 A9) into half-width "ﾃｩ", which width folding would destroy.
    text = "Café “crème” — très bon."
    damaged = mangle(text, "cp932", "ignore")
    assert "ﾃｩ" in damaged
    assert mojifix.fix_text(damaged, options) == text


def test_unknown_normalisation_form_is_an_error() -> None:
    with pytest.raises(MojifixError, match="NFX"):
        mojifix.fix_text("abc", Options(normalize="NFX"))
