"""Legacy-encoded text shown with the wrong legacy page, then saved as UTF-8.

Each damaged input is ``text.encode(source).decode(shown)``: the bytes of a Windows-1251,
KOI8-R, GBK… file opened as Windows-1252 or Latin-1.  No byte is lost, so the repair must
give back exactly the text that was written.
"""

from __future__ import annotations

import pytest

import mojifix
from mojifix import Kind


@pytest.mark.parametrize(
    ("text", "source", "shown", "name"),
    [
        ("Привет, как дела?", "cp1251", "cp1252", "Windows-1251"),
        ("Съешь же ещё этих булок", "cp1251", "latin-1", "Windows-1251"),
        ("Привет, как дела?", "koi8-r", "latin-1", "KOI8-R"),
        ("Привет, как дела?", "koi8-r", "cp1252", "KOI8-R"),
        ("Idę do sąsiada, który jest miły.", "cp1250", "cp1252", "Windows-1250"),
        ("Mój sąsiad jest miły", "cp1250", "cp1252", "Windows-1250"),
        ("Καλημέρα κόσμε", "cp1253", "cp1252", "Windows-1253"),
        ("你好，世界。这是中文。", "gbk", "latin-1", "GBK"),
        ("你好，世界。这是中文。", "gbk", "cp1252", "GBK"),
        ("我們監聽了他的電話", "big5", "latin-1", "Big5"),
        ("我們監聽了他的電話", "big5", "cp1252", "Big5"),
        ("日本語のテキストです", "shift_jis", "cp1252", "Shift-JIS"),
        ("turístico café", "mac_roman", "latin-1", "Mac Roman"),
        ("Über den Wolken", "mac_roman", "latin-1", "Mac Roman"),
    ],
)
def test_legacy_text_is_read_again(text: str, source: str, shown: str, name: str) -> None:
    damaged = text.encode(source).decode(shown)
    assert damaged != text
    result = mojifix.repair_text(damaged)
    assert result.text == text
    [change] = result.changes
    assert change.kind is Kind.LEGACY
    assert change.explanation.startswith(f"{name} text shown as ")


def test_polish_cp1250_shown_as_cp1252() -> None:
    # ą is B9 in Windows-1250 and ¹ in Windows-1252; ł is B3 and ³.
    damaged = "Mój sąsiad jest miły".encode("cp1250").decode("cp1252")
    assert damaged == "Mój s¹siad jest mi³y"
    assert mojifix.fix_text(damaged) == "Mój sąsiad jest miły"


def test_mac_roman_c1_controls_are_read_as_letters() -> None:
    damaged = "turístico café".encode("mac_roman").decode("latin-1")
    assert damaged == "tur\x92stico caf\x8e"
    result = mojifix.repair_text(damaged)
    assert result.text == "turístico café"
    assert result.changes[0].explanation == "Mac Roman text shown as Latin-1"


def test_only_the_legacy_line_is_changed() -> None:
    damaged = "Title — “fine”\n" + "Привет, как дела?".encode("cp1251").decode("cp1252") + "\nend"
    result = mojifix.repair_text(damaged)
    assert result.text == "Title — “fine”\nПривет, как дела?\nend"
    [change] = result.changes
    assert (change.line, change.column) == (2, 1)
    assert change.original == "Ïðèâåò, êàê äåëà?"


@pytest.mark.parametrize(
    "text",
    [
        "He said “smart” quotes — ‘yes’…",
        "© ® ™ —",
        "0,3 µm ± 0,1 µm",
        "€15 • children under 12 free",
        "Price: £10 — €12 ½ off",
        "« Bonjour » dit-il, ça va très bien.",
        "Straße, Grüße, Öl und Äpfel",
        "Mój sąsiad jest miły",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Ñandú y pingüino en la ciudad",
        "Ærøskøbing på Ærø",
    ],
)
def test_correct_text_is_not_read_again(text: str) -> None:
    assert mojifix.fix_text(text) == text
