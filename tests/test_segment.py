"""The word split that judges lost characters in Chinese, Japanese and Korean."""

from __future__ import annotations

import pytest

from mojifix.repair import segment


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("家の犬が", "家な犬が"),  # three common words, against a particle no one writes there
        ("我們全家", "我契全家"),  # Traditional, looked up through the Simplified list
        ("일요일", "의요일"),
    ],
)
def test_known_words_score_higher(right: str, wrong: str) -> None:
    assert segment.score(right) > segment.score(wrong)


def test_traditional_and_simplified_forms_are_one_word() -> None:
    assert segment.word_logp("金黃色") == segment.word_logp("金黄色") is not None


def test_variant_clash_follows_the_writing_around() -> None:
    traditional = "秋天公園裡的樹葉變成了金色。"
    simplified = "秋天公园里的树叶变成了金色。"
    assert segment.variant_clash("黄", traditional)
    assert not segment.variant_clash("黃", traditional)
    assert segment.variant_clash("黃", simplified)
    assert not segment.variant_clash("の", traditional)


def test_pattern_of_unspaced_scripts_matches_the_definition() -> None:
    # The pattern is the fast way to ask about a stretch; it must agree with the function
    # (every range it names lies in the Basic Multilingual Plane), or a site would be
    # judged by the wrong model.
    from mojifix.repair import segment

    mismatched = [
        cp
        for cp in [*range(0x10000), 0x1F600, 0x20000, 0x2A6D6]
        if not 0xD800 <= cp <= 0xDFFF
        and bool(segment.UNSPACED_CHAR.search(chr(cp))) != segment.unspaced(chr(cp))
    ]
    assert mismatched == []
