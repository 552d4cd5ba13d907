"""UTF-8 read as a double-byte code page (GBK, cp932): the three ways the stray byte is lost.

Each damaged input is built here by replaying the damage with Python's codecs (or
``codepages.mangle`` for Windows' collapsed default character), so every case shows how it
came about.
"""

from __future__ import annotations

import pytest

import mojifix
from mojifix import Kind
from mojifix.repair.codepages import mangle

ENGLISH = [
    "OTTAWA — The Canadian\u00a0military said “hello” today.",
    "It’s a dog’s life — isn’t it?",
    "Paris — “the city” — is big",
    "Café “crème” — très bon.",
]


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
@pytest.mark.parametrize("text", ENGLISH)
def test_english_punctuation_dropped_byte(text: str, codec: str) -> None:
    damaged = text.encode("utf-8").decode(codec, errors="ignore")
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
@pytest.mark.parametrize("text", ENGLISH)
def test_english_punctuation_replaced_byte(text: str, codec: str) -> None:
    damaged = text.encode("utf-8").decode(codec, errors="replace")
    assert "\ufffd" in damaged
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
@pytest.mark.parametrize("text", ENGLISH)
def test_english_punctuation_windows_default_char(text: str, codec: str) -> None:
    damaged = mangle(text, codec, "windows")
    assert ("?" if codec == "gbk" else "\u30fb") in damaged
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("codec", "damaged", "default"),
    [("gbk", "Yes 鈥?not now", "'?'"), ("cp932", "Yes 窶・not now", "'・'")],
)
def test_collapsed_pair_swallowed_the_space(codec: str, damaged: str, default: str) -> None:
    # "—" is E2 80 94; 94 is a lead byte, and Windows collapses it with the space after it.
    assert mangle("Yes — not now", codec, "windows") == damaged
    result = mojifix.repair_text(damaged)
    assert result.text == "Yes — not now"
    [change] = result.changes
    assert (change.original, change.replacement, change.kind) == (
        damaged[4:6],
        "— ",
        Kind.LOST_BYTE,
    )
    assert "0x94" in change.explanation
    assert f"collapsed with the next character into {default}" in change.explanation
    assert "swallowed ' '" in change.explanation


@pytest.mark.parametrize("mode", ["ignore", "replace", "windows"])
@pytest.mark.parametrize(
    "text",
    [
        "我们今天去公园散步，天气很好。",
        "中文测试：你好，世界！",
    ],
)
def test_chinese_sentence_read_as_gbk(text: str, mode: str) -> None:
    damaged = mangle(text, "gbk", mode)
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


def test_chinese_sentence_gbk_replace_explains_the_lost_byte() -> None:
    damaged = "中文测试：你好，世界！".encode().decode("gbk", errors="replace")
    assert damaged.startswith("涓\ufffd")
    first = mojifix.repair_text(damaged).changes[0]
    assert (first.original, first.replacement, first.kind) == ("涓\ufffd", "中", Kind.LOST_BYTE)
    assert "GBK" in first.explanation and "0xAD" in first.explanation


@pytest.mark.parametrize(
    "text",
    [
        "監聽",
        "他聽到了",
        "聽",
        "聽 listen",
        "Listen: 聽",
        "a 聽 b",
        "警方監聽了他的電話。",
        "日本語のテキストです。",
        "안녕하세요, 반갑습니다.",
        "ﾚｼｰﾄ",
        "｢ｺﾝﾋﾞﾆ｣ﾚｼｰﾄ",
    ],
)
def test_real_east_asian_text_is_left_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Canadian聽military", "Canadian\u00a0military"),
        ("New聽York", "New\u00a0York"),
        ("100聽km away", "100\u00a0km away"),
        ("聽 listen", "聽 listen"),
        ("a 聽 b", "a 聽 b"),
    ],
)
def test_lone_character_needs_evidence_on_both_sides(damaged: str, expected: str) -> None:
    # 聽 is C2 A0 (a no-break space) read as GBK, but also "listen": one ideograph is only
    # read as mojibake when what surrounds it agrees.
    assert mojifix.fix_text(damaged) == expected


@pytest.mark.parametrize("mode", ["ignore", "windows"])
def test_two_em_dashes_alone_on_a_line(mode: str) -> None:
    text = "one — two — three"
    assert mojifix.fix_text(mangle(text, "gbk", mode)) == text


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
def test_collapsed_em_dashes_between_words(codec: str) -> None:
    text = "The café — open 24/7 — serves"
    assert mojifix.fix_text(mangle(text, codec, "windows")) == text


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("See page聽12 for details.", "See page\u00a012 for details."),
        ("Chapter聽3 begins", "Chapter\u00a03 begins"),
    ],
)
def test_no_break_space_before_a_number(damaged: str, expected: str) -> None:
    assert mojifix.fix_text(damaged) == expected


@pytest.mark.parametrize("text", ["ﾚｼｰﾄ No. 123", "ﾃｽﾄ ok"])
def test_half_width_katakana_beside_ascii_is_left_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("ありがとうございます。", "cp932"),
        pytest.param(
            "これは日本語の文章です。",
            "gbk",
            marks=pytest.mark.xfail(
                strict=True, reason="は and の are both common particles before 日本語"
            ),
        ),
    ],
)
def test_japanese_sentence_with_a_lost_byte(text: str, codec: str) -> None:
    damaged = text.encode("utf-8").decode(codec, errors="replace")
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("text", "codec", "mode"),
    [
        # The word split across boundaries: "我契" is no word, "我們" is.
        ("週末我們全家去海邊玩了兩天。", "gbk", "ignore"),
        # Traditional text keeps Traditional forms: 黃, not the Simplified 黄.
        ("秋天公園裡的樹葉變成了金黃色。", "cp932", "ignore"),
        # A Hangul syllable whose every byte became U+FFFD, restored from the line's script.
        ("어제는 비가 와서 집에 있었어요.", "cp949", "replace"),
    ],
)
def test_east_asian_lost_characters_chosen_by_words(text: str, codec: str, mode: str) -> None:
    damaged = mangle(text, codec, mode)
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    "text",
    ["秋天公園裡的樹葉變成了金黃色。", "어제는 비가 와서 집에 있었어요.", "我們全家去海邊。"],
)
def test_correct_east_asian_text_is_left_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text


@pytest.mark.parametrize(
    "text", ["Pisica doarme pe pervaz toată dimineața.", "Pies sąsiada szczeka przez całą noc."]
)
def test_collapsed_pair_word_fit_sees_the_swallowed_character_apart(text: str) -> None:
    # cp932 collapses "ă" (C4 83) with the space after it, and "ą" (C4 85) with the "s"
    # after it (row 85 starts no pair): the restored letter ends, or goes on into, a word.
    damaged = mangle(text, "cp932", "windows")
    assert "\u30fb" in damaged
    assert mojifix.fix_text(damaged) == text


def test_run_of_four_replacement_characters_is_two_letters() -> None:
    text = "CONVOCAÇÃO: ASSEMBLEIA GERAL DOS SÓCIOS NO SALÃO NOBRE."
    damaged = text.encode("utf-8").decode("euc_kr", errors="replace")
    assert "\ufffd" * 4 in damaged
    assert mojifix.fix_text(damaged) == text


def test_pairs_of_replacement_characters_need_known_words() -> None:
    text = "Znowu zapomniałem parasola w biurze."
    damaged = text.encode("utf-8").decode("big5", errors="replace")
    assert damaged == "Znowu zapomnia\ufffd\ufffdem parasola w biurze."
    assert mojifix.fix_text(damaged) == text
    # No word to confirm the letter: the damage stays visible.
    assert mojifix.fix_text("Zzq\ufffd\ufffdxv kw") == "Zzq\ufffd\ufffdxv kw"


def test_restored_capital_opens_the_sentence() -> None:
    text = "Ředitel školy oznámil změnu rozvrhu."
    damaged = text.encode("utf-8").decode("euc_kr", errors="replace")
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize("mode", ["replace", "windows"])
def test_one_letter_word_from_half_width_katakana(mode: str) -> None:
    text = "La strada costiera è chiusa per una frana."
    damaged = mangle(text, "cp932", mode)
    assert "\uff83\uff68" in damaged  # "ﾃｨ"
    assert mojifix.fix_text(damaged) == text
    # A lone ideograph between English words may be written so: left alone.
    assert mojifix.fix_text("the word 猫 means cat") == "the word 猫 means cat"


def test_presentation_selector_after_a_symbol_is_restored() -> None:
    # "♻️" is U+267B U+FE0F; cp949 replaces the selector's bytes, which then read as any of
    # several symbols.  After a pictograph the selector is the one that belongs there.
    text = "Going green 🌱♻️ one step at a time"
    damaged = mangle(text, "cp949", "replace")
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    "text",
    [
        "Temperatures: Oslo −3 °C, Cairo 24 °C.",  # a minus sign opens a number
        "Open 10:00–12:00 and 14:00–18:00 daily.",  # an en dash joins a range
    ],
)
@pytest.mark.parametrize(("codec", "mode"), [("gbk", "ignore"), ("cp932", "replace")])
def test_signs_between_numbers_follow_the_numbers(text: str, codec: str, mode: str) -> None:
    damaged = mangle(text, codec, mode)
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    "text", ["Rocket 🚀 launch — today", "Café 🚀 now", "Launch day 🚀 “finally”"]
)
def test_windows_default_char_stands_for_a_lead_and_its_first_continuation(text: str) -> None:
    # 🚀 is F0 9F 9A 80: Shift-JIS cannot pair F0 9F, so Windows writes "・" for both and
    # reads 9A 80 as "噫"; the hole is the sequence's first two bytes.
    damaged = mangle(text, "shift_jis", "windows")
    assert "\u30fb噫" in damaged
    assert mojifix.fix_text(damaged) == text


def test_walk_reads_a_leading_default_char_as_a_two_byte_hole() -> None:
    from mojifix.repair.bytestream import DEFAULT_CHAR, walk

    pieces = walk([0x41, DEFAULT_CHAR, 0x96, 0xB4, 0x41], None)
    assert pieces is not None
    [site] = [p for p in pieces if p.site]
    assert (site.site, site.known, site.holes) == ("collapsed", b"\x96\xb4", ((0, 1),))
    # Alone, with nothing of the sequence behind it, it says nothing: no reading.
    assert walk([0x41, DEFAULT_CHAR, 0x41], None) is None


def test_half_width_katakana_letters_that_touch_make_one_latin_word() -> None:
    # "çã" is C3 A7 C3 A3: four half-width katakana, two edits, but one stretch of "maçã";
    # only the stretch as a whole is glued to an ASCII letter.
    text = "A maçã e a laranja estão em promoção hoje."
    damaged = text.encode("utf-8").decode("shift_jis")
    assert damaged.startswith("A maﾃｧﾃ｣")
    assert mojifix.fix_text(damaged) == text
    # Half-width katakana that is Japanese as written stays.
    assert mojifix.fix_text("ｶﾌｪ ﾃｨｽﾄ 350円") == "ｶﾌｪ ﾃｨｽﾄ 350円"


@pytest.mark.parametrize("errors", ["ignore", "replace"])
def test_emoji_restored_by_how_often_people_write_it(errors: str) -> None:
    # ⚽ is E2 9A BD; GBK reads E2 9A as "鈿" and loses BD.  Every character from U+2680 to
    # U+26BF fits; word lists say which of them people write.
    text = "Match day ⚽ let’s go!"
    damaged = text.encode("utf-8").decode("gbk", errors=errors)
    assert mojifix.fix_text(damaged) == text


def test_four_byte_character_missing_its_last_two_bytes() -> None:
    # 🤔 is F0 9F A4 94; GBK reads F0 9F as "馃" and drops "A4 94", a pair it cannot read.
    text = "See you tomorrow 🤔"
    damaged = text.encode("utf-8").decode("gbk", errors="ignore")
    assert damaged == "See you tomorrow 馃"
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("가을이 되면 나뭇잎이 노랗게 물든다.", "gbk"),  # 다 is EB 8B A4: A4 and "." collapse
        ("Café — 다", "gbk"),  # a label of two words: nothing swallowed at the end
        ("It was “perfect.”", "cp932"),  # the sentence already closed: no stop after ”
    ],
)
def test_default_char_ending_the_line_may_have_swallowed_the_full_stop(
    text: str, codec: str
) -> None:
    # A lead byte at the very end collapses alone, or with a "." after it: the same "?".
    # Prose ends with a stop; a title, a label or a closed quotation does not.
    damaged = mangle(text, codec, "windows")
    assert mojifix.fix_text(damaged) == text


def test_windows_949_replaced_lead_bytes_of_a_japanese_line() -> None:
    # Windows-949 replaces each kana's lead byte E3 and pairs the two bytes after it into a
    # Hangul syllable.  Two things decide the repair:
    # - "「" (E3 80 8C, two bytes replaced) could be "而", and "而今" ("now") is a word, but
    #   the line closes a quotation with "」";
    # - a Yi or Myanmar syllable replays like each kana of "ながら聞いた": scoring a site by
    #   the whole window of CJK around it made every kana cost several characters' worth,
    #   so the search escaped into those scripts ("笑いၪ၌₉").
    text = "「今夜は来るの？」と彼女は笑いながら聞いた。"
    damaged = text.encode("utf-8").decode("cp949", errors="replace")
    assert damaged.startswith("\ufffd\ufffd")
    assert mojifix.fix_text(damaged) == text


def test_windows_949_dropped_the_lead_byte_of_every_syllable() -> None:
    # Windows-949 cannot pair a Hangul syllable's lead byte (EC, EB) with the byte after
    # it, drops it, and pairs the two continuation bytes into another syllable: every
    # syllable of the line lost its lead, each at a known place before two bytes that
    # survived, so the line is as well determined as one with U+FFFD in their place.
    text = "의사는 그에게 일주일 동안 쉬라고 권했다."
    damaged = text.encode("utf-8").decode("cp949", errors="ignore")
    assert damaged.startswith("쓽궗뒗")
    assert mojifix.fix_text(damaged) == text


def test_single_quotation_closes_before_a_swallowed_comma() -> None:
    # "’," is E2 80 99 2C; GBK cannot pair 99 with ",", and Windows writes "?" for both.
    # An ellipsis and a space replay alike, but "‘maybe" is still open, and a swallowed
    # space before another space is nobody's typing.
    text = "I said ‘maybe’, not ‘yes’ — there’s a difference."
    damaged = mangle(text, "gbk", "windows")
    assert "鈥?" in damaged
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("codec", "mode"), [("gbk", "ignore"), ("gbk", "replace"), ("gbk", "windows")]
)
def test_thai_letters_chosen_by_the_words_they_make(codec: str, mode: str) -> None:
    # Thai letters are E0 B8 xx and E0 B9 xx: a lost byte leaves any of fifty letters, and
    # Thai, like Chinese, writes no spaces between words.  The Thai National Corpus words
    # (in the word split's table) choose; and no "." is added, which Thai does not write.
    text = "ฉันจำไม่ได้ว่าวางกุญแจรถไว้ที่ไหน"
    damaged = mangle(text, codec, mode)
    assert damaged != text
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Où as-tu rangé les clés de la voiture\u202f?", "replace"),
        ("Nous avons passé un bel été\u202f; merci.", "ignore"),
        ("El precio del alquiler ha subido un 8\u00a0% en la capital.", "ignore"),
    ],
)
def test_no_break_spaces_are_candidates(text: str, errors: str) -> None:
    # Python does not call U+202F or U+00A0 printable, yet French writes the narrow one
    # before "?" and ";", and "8 %" holds the other; a lone "聽" between a number and its
    # unit is the no-break space too.
    damaged = text.encode("utf-8").decode("gbk", errors=errors)
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Venezia è famosa per i suoi canali e i suoi ponti.", "gbk"),
        ("Il volo per Palermo è in ritardo di quaranta minuti.", "big5"),
        ("Je vais à Paris demain matin avec mes amis.", "gbk"),
    ],
)
def test_lone_one_letter_word_in_its_language(text: str, codec: str) -> None:
    # "è" (C3 A8) is one ideograph in each page: 猫 in GBK, 癡 in Big5.  The only damage on
    # the line, it is believed because the words around are Italian (or French for "à").
    damaged = text.encode("utf-8").decode(codec, errors="ignore")
    assert mojifix.fix_text(damaged) == text


@pytest.mark.parametrize(
    "text",
    [
        "The Chinese word 猫 means cat.",  # English: "è" is no English word
        "Il gatto si chiama 猫 (neko in giapponese).",  # not between two words
        "In cinese gatto si scrive 猫 e cane si scrive 狗 da sempre.",  # quotes more Chinese
    ],
)
def test_quoted_ideograph_among_latin_words_is_left_alone(text: str) -> None:
    assert mojifix.fix_text(text) == text


def test_joiner_inside_an_emoji_restored() -> None:
    # The zero-width joiner (E2 80 8D) is invisible but holds "🤷‍♂️" together; GBK drops
    # one of its bytes, and of what fits only the joiner belongs between two pictographs.
    text = "Today’s mood: 🤔🤷\u200d♂️"
    damaged = text.encode("utf-8").decode("gbk", errors="ignore")
    assert mojifix.fix_text(damaged) == text


def test_copyright_line_restored() -> None:
    # "©" (C2 A9) is the ideograph 息 in EUC-JP, lossless; before a year it is a footer.
    damaged = "© 2024 Northfield Press. All rights reserved.".encode().decode("euc_jp")
    assert damaged.startswith("息 2024")
    assert mojifix.fix_text(damaged) == "© 2024 Northfield Press. All rights reserved."


@pytest.mark.parametrize(
    "text",
    [
        "The entry fee is €12; students pay less.",  # "鈧?2": the digit went with the pair
        "Die Gebühren erhöhen sich um 3\u00a0%.",  # the unit, not a space before the stop
    ],
)
def test_windows_collapse_of_symbols_and_units(text: str) -> None:
    damaged = mangle(text, "gbk" if "€" in text or "№" in text else "cp932", "windows")
    assert mojifix.fix_text(damaged) == text


def test_number_sign_and_no_break_space_restored() -> None:
    # "№\u00a04": GBK reads E2 84 as 鈩, pairs 96 with C2, and Windows collapses A0 with the
    # "4" after it.  The digit is gone for good; the sign is "№", not the Kelvin sign "K"
    # (E2 84 AA) that folds to a common letter, and the space is the no-break one.
    damaged = mangle("Ticket №\u00a04521 for Crete.", "gbk", "windows")
    fixed = mojifix.fix_text(damaged)
    assert fixed.startswith("Ticket №\u00a0")
    assert fixed[9].isdigit()
    assert fixed[10:] == "521 for Crete."


def test_emoji_in_shift_jis_keeps_its_block() -> None:
    # F0 9F 9A 80: Shift-JIS drops both F0 and 80, leaving 泅 (9F 9A).  The last byte is
    # gone for good, but what comes back is a transport emoji, not an ideograph.
    text = "Rocket launch tomorrow 🚀 fingers crossed 🤞"
    damaged = text.encode().decode("shift_jis", "ignore")
    assert damaged == "Rocket launch tomorrow 泅 fingers crossed 洟"
    fixed = mojifix.fix_text(damaged)
    restored = fixed[len("Rocket launch tomorrow ")]
    assert "\U0001f680" <= restored <= "\U0001f6bf"
    assert "\U0001f900" <= fixed[-1] <= "\U0001f9ff"
    assert fixed[:-1].replace(restored, "🚀") == text[:-1]


@pytest.mark.parametrize(
    ("text", "codec", "errors"),
    [
        # "ấm" and "mọi", not rarer syllables whose UTF-8 starts the same
        ("Mùa đông năm nay ấm hơn mọi năm.", "gbk", "ignore"),
        # "sobotę", not "sobotě": the word is commoner, though "tě" is a commoner pair
        ("W sobotę pojechaliśmy nad jezioro pod Olsztynem.", "cp932", "replace"),
        ("يمر نهر النيل عبر مدينة القاهرة.", "cp949", "replace"),
    ],
)
def test_commoner_word_chosen_where_the_bytes_allow_several(
    text: str, codec: str, errors: str
) -> None:
    damaged = text.encode("utf-8").decode(codec, errors)
    assert mojifix.fix_text(damaged) == text


def test_words_before_swallowed_spaces_weighed_by_frequency() -> None:
    # Windows cp932 swallowed most spaces of this Bulgarian line with the byte before them.
    text = "Брат ми учи програмиране във Варна."
    damaged = mangle(text, "cp932", "windows")
    assert damaged.count(" ") < text.count(" ")
    assert mojifix.fix_text(damaged) == text
