"""The screen that sends only marked lines through the repair passes.

What users rely on: a clean line costs one scan and is never touched, and screening changes
no result: every line a pass would repair carries a mark.  The last property is checked on
the accuracy benchmark's own damaged cases, against the passes run on every line.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mojifix.model import Options
from mojifix.repair import _repair_block, damage, repair, screen

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

accuracy: ModuleType = importlib.import_module("bench.accuracy")
build_screen: ModuleType = importlib.import_module("scripts.build_screen")


def test_shipped_marks_match_what_the_code_builds() -> None:
    """``data/screen.json`` is generated; a stale file would screen out real damage."""
    shipped = json.loads(build_screen.OUT.read_text(encoding="utf-8"))
    assert shipped == json.loads(build_screen.render()), "run python scripts/build_screen.py"


@pytest.mark.parametrize(
    "line",
    [
        "Plain ASCII, nothing to see.",
        "“Curly quotes” — dashes… and €5, © 2024, ½ cup, 20 °C.",
        "昨天下雨，所以我們待在家裡。",
        "医者は彼に一週間休むように勧めました。",
        "Осенью листья в парке становятся жёлтыми и красными.",
        "Всё будет хорошо, днём придёшь?",
        "한강은 서울 한가운데를 흐른다.",
        "سيكون الجو مشمسًا غدًا.",
        "Party tonight 🎉🥳 see you there 👍",
        "Ελλάδα είναι όμορφη.",
        # Two accented letters, but every word a known one: the legacy passes skip it.
        "The café on the corner serves a decent crème brûlée for €6.50.",
    ],
)
def test_clean_lines_carry_no_mark(line: str) -> None:
    assert screen.suspect_lines(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "rÃ©sumÃ©",  # UTF-8 read as Windows-1252
        "Ð¿Ñ€Ð¸Ð²ÐµÑ‚",  # ... of Russian
        "тАФ and Geb├╝hren",  # CP866 / CP437
        "OTTAWA 鈥 The",  # UTF-8 read as GBK, a byte dropped
        "縺ゅ≠",  # ... as Shift-JIS
        "Der Zug nach M眉nchen",  # a common ideograph inside a German word
        "Volume 陆 of the set",  # ... alone among ASCII
        "Ïðèâåò, êàê äåëà",  # cp1251 shown as cp1252
        "a \ufffd here",  # replacement character
        "M?nchen",  # question mark inside a word
        "锟斤拷",  # unrecoverable
        "tur\x92stico",  # C1 control
    ],
)
def test_damaged_lines_are_marked(line: str) -> None:
    assert screen.suspect_lines(f"clean line\n{line}\nclean again\n") == [(11, 11 + len(line) + 1)]


def test_spans_are_whole_lines_in_order_without_overlap() -> None:
    text = "ok\nrÃ©sumÃ© and cafÃ©\nfine\n鈥 one\nlast Ã©"
    spans = screen.suspect_lines(text)
    assert [text[a:b] for a, b in spans] == ["rÃ©sumÃ© and cafÃ©\n", "鈥 one\n", "last Ã©"]


@pytest.mark.parametrize("family", ["single-byte", "east-asian", "legacy", "clean", "negative"])
def test_screening_changes_no_result(family: str) -> None:
    """The engine with the screen gives exactly what the passes give on every line."""
    cases = accuracy.sample_family("dev", family, 60, seed=1)
    assert cases
    options = Options()
    for case in cases:
        assert repair(case.damaged, options) == _repair_block(case.damaged, options), case.source


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1²_?=.- \n\u00e9\u2019", max_size=40))
@example("M?nchen\nitems?page=2\n????\n???\nx?\n?y\n²?a\n1?a\n_?a\né?\u2019")
@example("a?" + "?" * 5 + "b\n")
def test_question_marks_are_found_on_the_lines_the_pattern_finds(text: str) -> None:
    """The walk from one ``?`` to the next finds the lines the damage pattern matches on."""
    pattern = damage.PATTERNS[-1][0]
    expected = screen._lines(text, [m.start() for m in pattern.finditer(text)])
    assert screen._lines(text, screen._question_marks(text)) == expected


def _pair_fits_plainly(text: str, at: int) -> bool:
    """The definition: some sequence that may follow the lead follows it."""
    return any(
        len(text[at + 1 : at + 1 + len(alt)]) == len(alt)
        and all(ch in chars for ch, chars in zip(text[at + 1 :], alt))
        for alt in screen._suffix(text[at])
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="Ã©Ð¿â€œ’ésр́eaé\u00a0 ", max_size=8))
@example("The café’s Wi‑Fi")
@example("â€œ")
def test_a_pair_is_confirmed_as_its_definition_says(text: str) -> None:
    """The quick look at the first follower changes no answer."""
    for at in range(len(text)):
        assert screen._pair_fits(text, at) == _pair_fits_plainly(text, at), (text, at)
