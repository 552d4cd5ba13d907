"""Damage that cannot be undone is reported with its place and left as it is."""

from __future__ import annotations

import pytest

import mojifix
from mojifix import Kind

# U+FFFD written as UTF-8 (EF BF BD) twice, then read as GBK: the text was lost before.
KUNKAO = "\ufffd\ufffd".encode().decode("gbk")


def test_kunkao_is_what_two_replacement_characters_look_like_in_gbk() -> None:
    assert KUNKAO == "锟斤拷"


@pytest.mark.parametrize(
    ("text", "start", "end", "line", "column"),
    [
        ("锟斤拷", 0, 3, 1, 1),
        ("first line\nlost: 锟斤拷锟斤拷 here", 17, 23, 2, 7),
        ("锟斤拷锟", 0, 4, 1, 1),
        ("x \ufffd\ufffd y", 2, 4, 1, 3),
        ("ok\n\ufffd", 3, 4, 2, 1),
        ("M?nchen", 1, 2, 1, 2),
        ("Price: ????", 7, 11, 1, 8),
        ("烫烫烫烫", 0, 4, 1, 1),
    ],
)
def test_unrecoverable_damage_is_reported_in_place(
    text: str, start: int, end: int, line: int, column: int
) -> None:
    result = mojifix.repair_text(text)
    assert result.text == text
    assert not result.changed
    [change] = result.changes
    assert change.kind is Kind.UNRECOVERABLE
    assert (change.start, change.end, change.line, change.column) == (start, end, line, column)
    assert change.original == change.replacement == text[start:end]
    assert not change.edits_text


def test_kunkao_report_explains_gbk() -> None:
    [change] = mojifix.repair_text("lost: 锟斤拷").changes
    assert "GBK" in change.explanation


def test_each_question_mark_inside_words_is_reported() -> None:
    result = mojifix.repair_text("M?nchen ist sch?n")
    assert [(c.start, c.original) for c in result.changes] == [(1, "?"), (15, "?")]


@pytest.mark.parametrize(
    "text",
    [
        "OK??",
        "What?",
        "Really?? yes",
        "Why? Because.",
        "1?2",
        "???",
        "烫",
        "plain text",
    ],
)
def test_ordinary_question_marks_are_not_reported(text: str) -> None:
    assert mojifix.repair_text(text).changes == []


def test_report_points_at_the_original_after_a_repair_on_the_same_line() -> None:
    text = "rÃ©sumÃ© \ufffd end"
    result = mojifix.repair_text(text)
    assert result.text == "résumé \ufffd end"
    report = [c for c in result.changes if c.kind is Kind.UNRECOVERABLE]
    assert [(c.start, c.original, c.column) for c in report] == [(9, "\ufffd", 10)]
