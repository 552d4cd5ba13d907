"""Plausibility as writing: the tables every repair decision leans on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojifix.repair import lexicon
from mojifix.repair.codepages import mangle


@pytest.mark.parametrize(
    "word",
    [
        "the",
        "house",
        "résumé",
        "Straße",
        "über",
        "année",
        "niño",
        "ação",
        "będzie",
        "привет",
        "Привет",
        "καλημέρα",
        "çok",
    ],
)
def test_common_words_are_known(word: str) -> None:
    assert lexicon.known_word(word)


@pytest.mark.parametrize(
    "word",
    [
        mangle("résumé", "cp1252", "sloppy"),
        mangle("über", "cp1252", "sloppy"),
        mangle("été", "cp1252", "sloppy"),
        mangle("привет", "cp1252", "sloppy"),
        "привет".encode("cp1251").decode("cp1252"),
        "xqzvwk",
    ],
)
def test_mojibake_words_are_unknown(word: str) -> None:
    # A Bloom filter is never wrong about "no": none of these is in any word list.
    assert not lexicon.known_word(word)


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("Привет", "Ïðèâåò"),
        ("résumé", "rÃ©sumÃ©"),
        ("Grüße", "GrÃ¼ÃŸe"),
        ("日本語", "譌･譛ｬ隱"),
        ("“hello”", "鈥渉ello鈥"),
        ("Привет", "ðÒÉ×ÅÔ"),
    ],
)
def test_score_prefers_the_repaired_reading(good: str, bad: str) -> None:
    assert lexicon.score(good) > lexicon.score(bad) + 3.0


def test_score_judges_a_fragment_in_its_context() -> None:
    assert lexicon.score("é", "r", "sumé") > lexicon.score("Ã©", "r", "sumé") + 3.0
    # The same letters in a different context score differently: the joins count.
    assert lexicon.score("é", "r", "s") != lexicon.score("é", "q", "x")


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("Café au lait, très bon.", True),
        ("Привет, как дела?", True),
        ("He said “hello” — really.", True),
        ("plain ascii", True),
        ("it’s l’été", True),
        ("rÃ©sumÃ© here", False),
        ("Ïðèâåò", False),
        ("Ã é a letra", False),  # one letter proves nothing
        ("中文", False),  # unspaced scripts are never judged by words
    ],
)
def test_looks_clean(line: str, clean: bool) -> None:
    assert lexicon.looks_clean(line) is clean


@pytest.mark.parametrize(
    ("text", "left", "right", "expected"),
    [
        ("é", "r", "sumé", lexicon.WORD_KNOWN),
        ("x", "r", "sumé", lexicon.WORD_UNKNOWN),
        ("中", "", "文", 0.0),
    ],
)
def test_word_fit(text: str, left: str, right: str, expected: float) -> None:
    assert lexicon.word_fit(text, left, right) == expected


def test_word_fit_is_neutral_when_the_word_runs_past_the_context() -> None:
    assert lexicon.word_fit("x", "r", "sum", right_open=True) == 0.0


@pytest.mark.parametrize(
    ("ch", "script"),
    [("a", "Latin"), ("ő", "Latin"), ("я", "Cyrillic"), ("α", "Greek"), ("中", "CJK"),
     ("ｱ", "CJK"), ("한", "Hangul"), ("ש", "Hebrew"), ("ب", "Arabic"), ("ก", "Thai")],
)  # fmt: skip
def test_script_of(ch: str, script: str) -> None:
    assert lexicon.script_of(ch) == script


def test_script_switches_and_case_flips() -> None:
    assert lexicon.script_switches("HГ©tvГ©gГ©n") == 6
    assert lexicon.script_switches("Hétvégén") == 0
    assert lexicon.case_flips("уЖтА") == 2
    assert lexicon.case_flips("McDonald") == 1


def test_char_score_ranks_common_over_rare() -> None:
    assert lexicon.char_score("e") > lexicon.char_score("é") > lexicon.char_score("\ufffd")
    assert lexicon.char_score("\ufffd") == lexicon.FLOOR


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.text(alphabet="abcéèàñ ПриветΩЖ中—“”.\u0301", min_size=1, max_size=24),
    st.data(),
)
def test_score_change_equals_the_difference_of_scores(before: str, data: st.DataObject) -> None:
    """The local computation the legacy pass relies on gives the same number as scoring both
    texts whole."""
    after = list(before)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(after) - 1))
        after[at] = data.draw(st.sampled_from("abcéèàñ ПриветΩЖ中—“”.\u0301"))
    changed = "".join(after)
    expected = lexicon.score(changed) - lexicon.score(before)
    assert lexicon.score_change(before, changed) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "line",
    [
        "C'est vrai que nous n'en avons pas encore beaucoup parlé\x85 Tu sais",  # NEL splits
        "GÃ\xa0idhlig",  # a lost A0 byte made a no-break space inside the word
    ],
)
def test_lines_with_telltale_controls_or_spaces_never_look_clean(line: str) -> None:
    assert not lexicon.looks_clean(line)
