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


def test_scripts_written_without_spaces() -> None:
    # Thai, kana, ideographs and Hangul are split into words; their punctuation, and every
    # script written with spaces, are scored letter by letter.
    from mojifix.repair import segment

    assert all(segment.unspaced(ch) for ch in "ไทยかなカナ漢字한국ㄱ\u1100")
    assert not any(segment.unspaced(ch) for ch in "aéЖ αא\u3002\uff01。、1")
    assert segment.UNSPACED_CHAR.search("abc 한 def")
    assert not segment.UNSPACED_CHAR.search("abc déf")
