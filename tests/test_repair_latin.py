"""UTF-8 read as a single-byte code page, once or several times over.

Damage is built with ``mangle(text, page, "sloppy")``: UTF-8 bytes decoded one byte per
character the way Windows does it (bytes the page leaves undefined pass through as C1
controls), which for fully defined pages is exactly ``text.encode("utf-8").decode(page)``.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mojifix
from mojifix import Kind
from mojifix.repair import latin
from mojifix.repair.codepages import mangle


def read_as(text: str, *pages: str) -> str:
    """Save ``text`` as UTF-8 and open it with each page in turn."""
    for page in pages:
        text = mangle(text, page, "sloppy")
    return text


def test_read_as_matches_python_codecs_on_fully_defined_pages() -> None:
    assert read_as("Grüße", "latin-1") == "Grüße".encode().decode("latin-1") == "GrÃ¼Ã\x9fe"
    assert read_as("Grüße", "cp1252") == "GrÃ¼ÃŸe"
    assert read_as("Grüße", "koi8-r") == "Grüße".encode().decode("koi8-r")


@pytest.mark.parametrize(
    ("text", "page", "name"),
    [
        ("résumé café", "cp1252", "Windows-1252"),
        ("“quoted” — dash", "cp1252", "Windows-1252"),
        ("Ünïcödé naïve façade", "cp1252", "Windows-1252"),
        ("Привет, как дела?", "cp1252", "Windows-1252"),
        ("Ελληνικά κείμενα", "cp1252", "Windows-1252"),
        ("Zażółć gęślą jaźń", "cp1252", "Windows-1252"),
        ("Grüße aus München", "latin-1", "Latin-1"),
        ("Grüße aus München", "cp1251", "Windows-1251"),
        ("Привет, как дела?", "cp1251", "Windows-1251"),
        ("Grüße aus München", "koi8-r", "KOI8-R"),
        ("Grüße aus München", "cp866", "CP866"),
        ("pistacchio è il migliore", "cp866", "CP866"),
        ("Grüße aus München", "mac_roman", "Mac Roman"),
        ("Grüße aus München", "cp437", "CP437"),
        ("naïve café", "cp1250", "Windows-1250"),
    ],
)
def test_single_layer(text: str, page: str, name: str) -> None:
    damaged = read_as(text, page)
    assert damaged != text
    result = mojifix.repair_text(damaged)
    assert result.text == text
    assert result.changes
    for change in result.changes:
        assert change.kind is Kind.MOJIBAKE
        assert f"read as {name}" in change.explanation


def test_single_layer_explanation_names_the_bytes() -> None:
    [change] = mojifix.repair_text("cafÃ©").changes
    assert (change.original, change.replacement) == ("Ã©", "é")
    assert change.explanation == "UTF-8 → read as Windows-1252: bytes C3 A9"


@pytest.mark.parametrize(
    "pages",
    [
        ("cp1252", "cp1252"),
        ("latin-1", "cp1252"),
        ("cp1252", "latin-1"),
        ("cp1251", "cp1251"),
        ("cp1252", "cp1251"),
        ("cp1252", "cp1252", "cp1252"),
    ],
)
@pytest.mark.parametrize("text", ["Grüße aus München", "“quoted” text", "Привет мир"])
def test_layers(text: str, pages: tuple[str, ...]) -> None:
    damaged = read_as(text, *pages)
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("pages", "story"),
    [
        (("cp1252", "cp1252"), "UTF-8 → read as Windows-1252 → read as Windows-1252"),
        (("latin-1", "cp1252"), "UTF-8 → read as Latin-1 → read as Windows-1252"),
        (
            ("cp1252", "cp1252", "cp1252"),
            "UTF-8 → read as Windows-1252 → read as Windows-1252 → read as Windows-1252",
        ),
    ],
)
def test_layers_are_explained_in_order(pages: tuple[str, ...], story: str) -> None:
    [change] = mojifix.repair_text(read_as("Grüße", *pages)).changes
    assert (change.replacement, change.kind, change.explanation) == ("üß", Kind.MOJIBAKE, story)


@pytest.mark.parametrize(
    ("damaged", "expected", "lost"),
    [
        ("â€œquotedâ€\ufffd", "“quoted”", "0x9D"),
        ("“quoted” ok".encode().decode("cp1252", errors="replace"), "“quoted” ok", "0x9D"),
    ],
)
def test_replacement_character_restored(damaged: str, expected: str, lost: str) -> None:
    # Python's strict cp1252 has no character for 9D, the last byte of "”" (E2 80 9D).
    result = mojifix.repair_text(damaged)
    assert result.text == expected
    restored = [c for c in result.changes if c.kind is Kind.LOST_BYTE]
    assert len(restored) == 1
    assert restored[0].original == "â€\ufffd"
    assert lost in restored[0].explanation


def test_damaged_line_inside_correct_text_is_repaired_alone() -> None:
    text = (
        "Line one is fine — really.\n" + read_as("résumé here", "cp1252") + "\nЛиния три, ça va.\n"
    )
    result = mojifix.repair_text(text)
    assert result.text == "Line one is fine — really.\nrésumé here\nЛиния три, ça va.\n"
    assert {c.line for c in result.changes} == {2}


def test_damaged_phrase_inside_correct_line_is_repaired_alone() -> None:
    text = "Café ok, but " + read_as("résumé", "cp1252") + " broken"
    result = mojifix.repair_text(text)
    assert result.text == "Café ok, but résumé broken"
    assert all(c.start >= len("Café ok, but ") for c in result.changes)


@pytest.mark.parametrize(
    "text",
    [
        "There are a lot of Ã’s in mojibake text",
        "AHÅ™, the new sofa from IKEA",
        "Bremer/Mccoy – DrÃ¥ber",
        "∆°",
        "(-1/2)! = √π",
        "NÃO SEI",
        "Ã é a letra",
        "Â (A with circumflex)",
        "ÎN CÂMPUL",
        "Åsa bor i Åre",
        "Le café crème — très bon.",
    ],
)
def test_lookalikes_are_left_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text


def test_ftfy_special_case_lost_a0() -> None:
    # "à" is C3 A0; some process turned the A0 (a no-break space in cp1252) into a space.
    assert mojifix.fix_text("voilÃ le travail") == "voilà le travail"


@pytest.mark.parametrize(
    ("clean", "codec"),
    [
        ("Die Gebühren erhöhen sich ab Januar um 3\u00a0%.", "cp850"),  # "┬á": a no-break space
        ("Il coûte 5\u202f€.", "cp1252"),  # a narrow no-break space
        ("Priset på kaffe har stigit med 10\u00a0% i år.", "cp1251"),
    ],
)
def test_typographic_spaces_are_repaired_with_the_rest(clean: str, codec: str) -> None:
    """Python calls U+00A0 and U+202F unprintable; a repair that writes them is still right."""
    assert mojifix.fix_text(read_as(clean, codec)) == clean


def test_a_lone_symbol_cluster_is_repaired() -> None:
    """Three characters no writer puts together, becoming one symbol people type."""
    text = "Our flagship product, the PixelProâ„¢, ships in March."
    assert mojifix.fix_text(text) == "Our flagship product, the PixelPro™, ships in March."


def test_the_first_letter_of_a_word_is_repaired() -> None:
    assert mojifix.fix_text("Åžemsiyemi yine ofiste unuttum.") == "Şemsiyemi yine ofiste unuttum."


def test_legacy_reading_keeps_a_no_break_space() -> None:
    shown = "Цена выросла на 10\u00a0% за год.".encode("cp1251").decode("cp1252")
    assert mojifix.fix_text(shown) == "Цена выросла на 10\u00a0% за год."


def test_whole_line_damage_is_reported_per_damaged_word() -> None:
    """Lines damaged throughout take a shorter road; what users see of it must not change:
    one change per damaged run, each naming the page and the bytes, clean text between kept."""
    damaged = read_as("Il caffè è pronto, disse José.", "cp1252")
    result = mojifix.repair_text(damaged)
    assert result.text == "Il caffè è pronto, disse José."
    assert [damaged[c.start : c.end] for c in result.changes] == ["Ã¨", "Ã¨", "Ã©"]
    assert all(
        c.explanation.startswith("UTF-8 → read as Windows-1252: bytes C3") for c in result.changes
    )


def test_a_line_two_pages_read_differently_is_still_judged() -> None:
    # Windows-1252 gives "è"; Mac Roman reads the same characters as valid UTF-8 too (U+032C,
    # a combining mark), so the line is not taken on sight: the search must pick the page.
    damaged = "Il gelato al pistacchio Ã¨ il mio preferito."
    assert mojifix.fix_text(damaged) == "Il gelato al pistacchio è il mio preferito."


def test_three_layers_are_not_cut_short_by_the_one_layer_road() -> None:
    clean = "Average rainfall: 812\xa0mm per year (±5%)."
    assert mojifix.fix_text(read_as(clean, "cp1251", "cp1251", "cp1251")) == clean


@pytest.mark.parametrize(
    "text",
    [
        # Five bytes lost at once: too many combinations to try them all, so the holes are
        # chosen one at a time, by the word split of Chinese ("末班", not "末灭").
        "末班地铁在午夜前不久开出。",
        # A corner bracket closes the one opened before it.
        "「你今晚會來嗎？」她笑著問。",
    ],
)
def test_lost_bytes_in_cjk_read_as_strict_cp1252(text: str) -> None:
    damaged = text.encode("utf-8").decode("cp1252", errors="replace")
    assert "\ufffd" in damaged
    assert mojifix.fix_text(damaged) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aéñ中ÃЖÐ©¿€\u0080яр\u2500 ", max_size=12))
@example("中文 и")
@example("jalapeño piña")
@example("Ã©")
def test_the_utf8_look_skips_only_lines_no_page_could_hold_utf8_in(text: str) -> None:
    """A line without a character some page gives a lead byte before one some page gives a
    continuation byte is passed over without encoding it; the answer is the one the
    encodings give."""
    assert latin._utf8_inside(text) == ("\ufffd" in text or latin._utf8_in_some_page(text))
