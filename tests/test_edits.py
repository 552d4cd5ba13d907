"""The Ledger: edits of successive passes, traced back to spans of the caller's text."""

from __future__ import annotations

import pytest

from mojifix import Change, Kind
from mojifix.repair.edits import Edit, Ledger, split_lines

M, L = Kind.MOJIBAKE, Kind.LEGACY


def spans(changes: list[Change]) -> list[tuple[int, int, str, str]]:
    return [(c.start, c.end, c.original, c.replacement) for c in changes]


def replay(original: str, changes: list[Change]) -> str:
    out, pos = [], 0
    for change in changes:
        out += [original[pos : change.start], change.replacement]
        pos = change.end
    return "".join([*out, original[pos:]])


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ["a\n", "b\n"]),
        ("a\nb", ["a\n", "b"]),
        ("a\r\nb", ["a\r\n", "b"]),
        ("", []),
        ("\n", ["\n"]),
        # U+0085 and U+2028 are not line ends here: cp1252 mojibake is full of U+0085.
        ("Ã\x85 x\u2028y\nz", ["Ã\x85 x\u2028y\n", "z"]),
    ],
)
def test_split_lines_breaks_only_at_newline(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_one_pass_maps_edits_to_original_positions() -> None:
    ledger = Ledger("aa bb cc")
    ledger.apply([Edit(6, 8, "C", M, "second"), Edit(0, 2, "A", M, "first")])
    assert ledger.text == "A bb C"
    assert spans(ledger.changes()) == [(0, 2, "aa", "A"), (6, 8, "cc", "C")]


def test_later_pass_uses_shifted_coordinates() -> None:
    ledger = Ledger("aa bb cc")
    ledger.apply([Edit(0, 2, "AAAA", M, "grow")])
    assert ledger.text == "AAAA bb cc"
    ledger.apply([Edit(5, 7, "B", L, "later")])  # "bb" now sits at 5..7
    assert spans(ledger.changes()) == [(0, 2, "aa", "AAAA"), (3, 5, "bb", "B")]


def test_overlapping_edits_merge_into_one_span_of_the_original() -> None:
    original = "abc XYZ def"
    ledger = Ledger(original)
    ledger.apply([Edit(4, 7, "ÿÿ", M, "first")])
    assert ledger.text == "abc ÿÿ def"
    ledger.apply([Edit(5, 8, "!", L, "then")])  # the second "ÿ", the space and "d"
    assert ledger.text == "abc ÿ!ef"
    [change] = ledger.changes()
    assert (change.start, change.end, change.original, change.replacement) == (
        4,
        9,
        "XYZ d",
        "ÿ!",
    )
    assert change.kind is L
    assert change.explanation == "first; then then"
    assert replay(original, ledger.changes()) == ledger.text


def test_edit_inside_an_edited_piece_widens_to_that_piece() -> None:
    ledger = Ledger("abc def")
    ledger.apply([Edit(0, 3, "XYZ", M, "one")])
    ledger.apply([Edit(1, 2, "y", M, "two")])
    assert spans(ledger.changes()) == [(0, 3, "abc", "XyZ")]


def test_later_edit_spanning_two_edited_pieces() -> None:
    original = "aa bb cc"
    ledger = Ledger(original)
    ledger.apply([Edit(0, 2, "A", M, "1"), Edit(6, 8, "C", M, "2")])
    ledger.apply([Edit(2, 6, "-", L, "3")])  # "bb C"
    assert ledger.text == "A -"
    assert spans(ledger.changes()) == [(0, 2, "aa", "A"), (3, 8, "bb cc", "-")]
    assert replay(original, ledger.changes()) == "A -"


def test_an_edit_undone_by_a_later_pass_is_not_a_change() -> None:
    ledger = Ledger("abc def")
    ledger.apply([Edit(0, 3, "X", M, "one")])
    ledger.apply([Edit(0, 1, "abc", M, "two")])
    assert ledger.text == "abc def"
    assert ledger.changes() == []


@pytest.mark.parametrize(
    ("edit", "text", "span"),
    [
        (Edit(5, 6, "", M, "delete"), "helloworld", (5, 6, " ", "")),
        (Edit(5, 5, ",", M, "insert"), "hello, world", (5, 5, "", ",")),
        (Edit(11, 11, "!", M, "append"), "hello world!", (11, 11, "", "!")),
    ],
)
def test_deletions_and_insertions(edit: Edit, text: str, span: tuple[int, int, str, str]) -> None:
    ledger = Ledger("hello world")
    ledger.apply([edit])
    assert ledger.text == text
    assert spans(ledger.changes()) == [span]


def test_changes_carry_line_and_column() -> None:
    ledger = Ledger("one\ntwo\nthree")
    ledger.apply([Edit(10, 12, "RE", M, "x")])
    [change] = ledger.changes()
    assert (change.line, change.column, change.original) == (3, 3, "re")


def test_report_in_current_coordinates_maps_to_the_original() -> None:
    ledger = Ledger("aaaa ? b")
    ledger.apply([Edit(0, 4, "A", M, "shrink")])
    assert ledger.text == "A ? b"
    ledger.report(2, 3, "lost")
    report = [c for c in ledger.changes() if c.kind is Kind.UNRECOVERABLE]
    assert spans(report) == [(5, 6, "?", "?")]
    assert report[0].column == 6


def test_empty_text() -> None:
    ledger = Ledger("")
    assert (ledger.text, ledger.changes()) == ("", [])
