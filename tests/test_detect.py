"""Detection on hand-made inputs: each case is a real-world situation named in its test."""

from __future__ import annotations

import codecs
import gzip
import subprocess
import sys

import pytest

from mojifix.decode import decode
from mojifix.detect import detect

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. Привет, мир!\n" * 3
JAPANESE = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n" * 3
CHINESE = "中华人民共和国是一个位于东亚的国家，首都是北京。我们的生活很美好。\n" * 3
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy. Šťastný nový rok!\n" * 3


def text_of(data: bytes) -> str:
    found = detect(data)
    assert found.encoding is not None
    return decode(data, found).text


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, expected: str) -> None:
    data = bom + "héllo wörld".encode(codec)
    found = detect(data)
    assert (found.encoding, found.bom, found.confidence) == (expected, True, 1.0)
    assert decode(data, found).text == "héllo wörld"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_from_nul_pattern(codec: str) -> None:
    data = (RUSSIAN + "plain ASCII line\n").encode(codec)
    found = detect(data)
    assert found.encoding == codec
    assert not found.binary


def test_utf8_fast_path_imports_no_detector() -> None:
    code = (
        "import sys, mojifix.detect as d\n"
        "r = d.detect('naïve café'.encode())\n"
        "assert r.encoding == 'utf-8' and r.confidence == 1.0, r\n"
        "bad = [m for m in ('chardet', 'charset_normalizer') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_utf8_cut_mid_character_is_still_utf8() -> None:
    data = "résumé ünïcode ☃".encode()[:-1]
    assert detect(data).encoding == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        gzip.compress(b"hello " * 100),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"\x7fELF\x02\x01\x01\x00" + bytes(64),
        bytes(range(256)) * 8,
    ],
    ids=["png", "gzip", "pdf", "elf", "all-bytes"],
)
def test_binary_is_recognised_from_content(data: bytes) -> None:
    found = detect(data)
    assert found.binary and found.encoding is None


def test_nul_padding_before_ascii_text_is_text() -> None:
    data = b"\x00a" + b"\x00" * 1069 + b"<title>NOT UTF-16!</title>NOT UTF-16!"
    found = detect(data)
    assert not found.binary
    assert decode(data, found).text == data.decode("ascii")


def test_text_starting_with_mz_is_not_an_executable() -> None:
    assert detect(b"MZ is the prefix of DOS executables, but this is prose.").encoding


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic"])
def test_russian_code_pages(codec: str) -> None:
    data = RUSSIAN.encode(codec)
    assert text_of(data) == RUSSIAN
    assert detect(data).confidence >= 0.5


@pytest.mark.parametrize("codec", ["shift_jis", "euc_jp", "iso2022_jp"])
def test_japanese(codec: str) -> None:
    assert text_of(JAPANESE.encode(codec)) == JAPANESE


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_simplified_chinese(codec: str) -> None:
    assert text_of(CHINESE.encode(codec)) == CHINESE


@pytest.mark.parametrize("codec", ["cp1250", "iso8859-2"])
def test_close_central_european_pages(codec: str) -> None:
    assert text_of(CZECH.encode(codec)) == CZECH


def test_iso8859_15_euro_sign_beats_cp1252_currency_sign() -> None:
    text = "Prisen er 25 € for en øl på cafeen.\n"
    assert text_of(text.encode("iso8859-15")) == text


def test_short_texts() -> None:
    assert text_of("Grüße aus Köln".encode("cp1252")) == "Grüße aus Köln"
    assert text_of("Привет, мир".encode("cp1251")) == "Привет, мир"


def test_mixed_utf8_and_cp1252_lines() -> None:
    head = "Überschrift – naïve façade\nzweite Zeile: 10 µm\n".encode()
    tail = "Größe: 3 µm, café crème\n".encode("cp1252")
    data = head + tail + "Ende ✓\n".encode()
    found = detect(data)
    assert (found.encoding, found.fallback, found.mixed_lines) == ("utf-8", "cp1252", (3,))
    decoded = decode(data, found)
    assert decoded.text == head.decode() + "Größe: 3 µm, café crème\nEnde ✓\n"
    assert decoded.undecodable == 0


def test_assume_legacy_is_preferred_when_bytes_allow_it() -> None:
    # These bytes mean the same in both pages; the hint names which one to report.
    data = "Ćma żółta".encode("cp1250")
    assert data == "Ćma żółta".encode("iso8859-2")
    assert detect(data, assume_legacy="iso8859-2").encoding == "iso8859-2"
    # A hint does not turn clear evidence into garbage.
    assert detect(RUSSIAN.encode("cp1251"), assume_legacy="cp1252").encoding == "cp1251"


def test_language_hint() -> None:
    data = "Ďakujem".encode("cp1250")
    assert text_of(data) == "Ďakujem" or detect(data, language="sk").encoding in (
        "cp1250",
        "iso8859-2",
    )
    found = detect(data, language="sk")
    assert decode(data, found).text == "Ďakujem"


def test_ambiguous_input_has_low_confidence_and_runners_up() -> None:
    found = detect(b"caf\xe9")
    assert found.confidence < 0.5
    assert found.alternatives


def test_unknown_assume_legacy_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown encoding"):
        detect(b"\xe9t\xe9", assume_legacy="no-such-codec")


def test_declared_charset_wins_when_it_reads_cleanly() -> None:
    # All-capital Greek is rare in the language models' training text; read as KOI8-R it is
    # lower-case Cyrillic soup that no check objects to.  The declaration settles it.
    title = "Η ΝΑΥΤΕΜΠΟΡΙΚΗ : ΕΠΙΧΕΙΡΗΣΕΙΣ"
    data = (
        b'<?xml version="1.0" encoding="iso-8859-7"?>\n<rss><title>'
        + title.encode("iso8859-7")
        + b"</title></rss>\n"
    )
    found = detect(data)
    assert found.encoding == "iso8859-7"
    # A declaration the bytes cannot be in is ignored.
    lying = b'<meta charset="utf-8">\n' + "Grüße aus Köln, schöne Straße.\n".encode("cp1252")
    assert text_of(lying) == lying.decode("cp1252")


def test_vowelless_reading_of_another_script_is_rejected() -> None:
    # Serbian capitals in ISO-8859-5 read as Thai consonants without a single vowel.
    text = "БРОНХИТИС: УЗРОЦИ, СИМПТОМИ, ДИЈАГНОЗА И ЛЕЧЕЊЕ"
    assert text_of(text.encode("iso8859-5")) == text


def test_language_model_keeps_the_alphabet_honest() -> None:
    # Finnish ä read in HP Roman-8 is ð, which Faroese has; chardet reads Finnish.
    text = "Määritettiin välipalvelin, näennäispaketteja ei löytynyt; tyhjä vastaus.\n" * 2
    assert text_of(text.encode("cp1252")) == text


def test_utf16_of_one_script_with_few_nuls() -> None:
    text = "ภาษาไทยเป็นภาษาที่มีระดับเสียงของคำแน่นอน\n"
    for codec in ("utf-16-le", "utf-16-be"):
        data = text.encode(codec)
        assert data.count(0) == 1
        assert detect(data).encoding == codec


def test_nul_padding_edge_cases() -> None:
    # A BOM after NUL padding is not UTF-16 text padded with NULs: binary, and no crash.
    found = detect(b'\x00\xff\xfe+\x93\x00\x00\x00\xb9\xd2\xd9"\xb4\xbc\xb9+\x93\xf8\xc1\xfd')
    assert found.binary
    # Mostly-NUL data is not UTF-32 text; a cut prefix of a padded ASCII file is text.
    assert detect(b"\x00a" + b"\x00" * 62).encoding == "utf-8"
    assert detect(b"\x00" * 64).binary


def test_chardet_pipeline_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    # Should chardet's model interface change, the public pipeline takes over.
    import chardet.models

    monkeypatch.delattr(chardet.models, "score_with_profile")
    assert text_of(RUSSIAN.encode("koi8-r")) == RUSSIAN
    assert text_of(CZECH.encode("iso8859-2")) == CZECH


def test_quick_bigram_profile_scores_as_chardets_own() -> None:
    # Samples are profiled without chardet's 65,536-entry table and scored with its kernel;
    # every model must score them exactly as chardet's own profile does (odd and even
    # lengths, whitespace runs, which chardet leaves out, one byte, a long sample).
    from chardet.models import BigramProfile, score_with_profile

    from mojifix.detect.legacy import _enc_index, _quick_scorer, _quick_scores_agree

    assert _quick_scores_agree()
    samples = [
        CZECH.encode("cp1250"),
        RUSSIAN.encode("koi8-r")[:63],
        b"a  \t\t\r\n\r\n\xa0\xa0 b\xe9\xe9",
        b"\xe9",
        b"",
        (RUSSIAN * 8).encode("cp1251"),
    ]
    for sample in samples:
        ours, theirs = _quick_scorer(sample), BigramProfile(sample)
        for variants in _enc_index().values():
            for _, model, key in variants:
                assert ours(model, key) == score_with_profile(theirs, model, key)


def test_screen_matches_a_plain_dot_product() -> None:
    from mojifix.detect.screen import SINGLE_BYTE, page, screen, stats

    for data in (CZECH.encode("cp1250"), RUSSIAN.encode("koi8-r"), bytes(range(0x80, 0x100))):
        found = stats(data)
        expected = {
            name: sum(page(name).weights[i] * n for i, n in zip(found.indices, found.values))
            for name in SINGLE_BYTE
        }
        for name, penalty in screen(found, SINGLE_BYTE).items():
            assert penalty == pytest.approx(expected[name])


def test_geometric_shapes_weigh_like_box_drawing() -> None:
    # ■ ○ ◎ ▤ are bullets and DOS-era art in every East Asian double-byte set.
    from mojifix.detect.score import BOX_DRAWING, assess_characters

    text = "■ 항목 ○ 항목 ◎ 항목 ▤▤▤"
    assert assess_characters(text).penalty == pytest.approx(6 * BOX_DRAWING)


def test_every_stray_combining_mark_counts() -> None:
    # Johab box drawing read as UTF-8: a run of Arabic marks after a space, nothing under them.
    from mojifix.detect.score import STRAY_MARK, assess_context

    assert assess_context("  " + "\u06e1" * 38) == pytest.approx(38 * STRAY_MARK)
    assert assess_context("\u0628\u064e\u0627\u0628") == 0.0  # a mark on its letter


def test_double_byte_page_must_decode_beyond_the_head() -> None:
    # A head of box-drawing art reads cleanly in EUC-KR, but the Korean prose further on is
    # Johab, which EUC-KR cannot decode: EUC-KR is no candidate.
    from mojifix.detect.legacy import guess

    art = "    ▤▤▤  ▤▤▤    ▒▒▒  ▒▒▒\n" * 40
    prose = "모든 프로그램과 설명서파일등에 대한 권한은 이용될 수 없습니다.\n" * 5
    data = (art + prose).encode("johab")
    assert art.encode("johab").decode("euc_kr")
    names = [name for name, _ in guess(data).ranked]
    assert not {"euc_kr", "cp949"} & set(names)


def test_c_caron_without_s_or_z_caron_is_another_page() -> None:
    # Slovene in ISO-8859-2 read as cp1250: ž (0xBE) becomes Slovak ľ, and the text is left
    # with several č but no š or ž, which no language that writes č does.
    from mojifix.detect.score import assess_characters

    data = "Značilnosti Sonca so pomembne za mnogocelične organizme in življenje.".encode(
        "iso8859-2"
    )
    right = assess_characters(data.decode("iso8859-2")).penalty
    wrong = assess_characters(data.decode("cp1250")).penalty
    assert wrong >= right + 2
    assert assess_characters("Počet účtů: čtyři.").penalty > 0  # same in every page reading č
    assert assess_characters("Počet účtů je šest.").penalty == 0


def test_romanian_comma_letters_break_the_tie() -> None:
    # ș and ț are on the same bytes in ISO-8859-16 as ş and ţ in cp1250 and ISO-8859-2:
    # with nothing else to tell the pages apart, the reading that spells Romanian right wins;
    # a cp1250 tell (its quotation marks are C1 controls in ISO-8859-16) still decides.
    correct = "Aplicația trebuie să fie repornită înainte de actualizare."
    assert text_of(correct.encode("iso8859-16")) == correct
    quoted = "Ştiinţa este în continuă schimbare, „spune” el."
    assert text_of(quoted.encode("cp1250")) == quoted


def test_one_language_for_every_reading_holds_the_alphabet() -> None:
    # One accented letter: ISO-8859-2 š is cp1250 ą.  chardet reads Croatian (Slovene)
    # whichever page it is given, so the ASCII words name the language, and ą is not in it.
    for text in (
        "Potrebno je ispravno svojstvo. Potreban je odredišni direktorij i datoteka.",
        "Ovo je poruka za korisnika: mešani paketi nisu dozvoljeni.",
    ):
        assert text_of(text.encode("iso8859-2")) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("CÚRSAÍ SPÓIRT: FÍORMHAITH AN tSEACHTAIN SEO", "mac-roman"),
        ("O AÇOR: Outubro 2011\nAproxima-se o fim", "mac-roman"),
        ("50 STÍLEANNA GRUAIGE FAD MEÁNACH", "cp850"),
    ],
)
def test_few_lone_accented_letters_glued_to_words_are_latin(text: str, codec: str) -> None:
    # Each byte above 0x7F sits alone inside an ASCII word: accented capitals, not the lead
    # bytes of Shift-JIS characters eating the letter after them (``ST闘EANNA``).
    assert text_of(text.encode(codec)) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Brian Priske: Vi er blevet bedre på bolden\n", "cp850"),
        ("Han bor nu på landet med sin familj", "cp437"),
        ("Za nami kolejna edycja Narodowego Czytania, którą Miejska", "iso8859-2"),
    ],
)
def test_symbol_glued_to_a_word_is_a_letter_of_another_page(text: str, codec: str) -> None:
    # One byte above 0x7F: cp1252 reads † or ±, a symbol that keeps to digits and spaces,
    # stuck to the end of a word (``p† bolden``); the true page reads the letter å or ą.
    assert text_of(text.encode(codec)) == text


def test_glued_symbols_count_only_those_that_keep_away_from_letters() -> None:
    from mojifix.detect.score import assess_context

    assert assess_context("bedre p† bolden, któr± ma") > assess_context("bedre på bolden")
    assert assess_context("Windows® and “quoted” text, ±5 °C, 3 × 4, 10 €") == 0.0


def test_scattered_symbols_are_no_words_of_another_script() -> None:
    # Three bytes above 0x7F and no two side by side: no Cyrillic words.  cp866 reads the
    # cp437 guillemet as a lone ``п`` between ASCII words; cp437 reads it as ``»``.
    text = "Home » Review » phen375 » Adolygiadau Fat Burner Gorau\n"
    assert text_of(text.encode("cp437")) == text


def test_middle_dot_inside_a_word_is_only_catalan_l_l() -> None:
    from mojifix.detect.score import assess_context

    assert assess_context("col·lecció i intel·ligència") == 0.0
    assert assess_context("relacions econ·miques") > 0.0  # HP Roman-8 reading cp1252 ò


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Vinsents Villems van Gogs (nīderlandiešu: Vincent Willem van Gogh)", "iso8859-4"),
        ("Brekinja je listopadno drvo i bjelogorična vrsta drveća iz porodice", "iso8859-13"),
    ],
)
def test_a_language_the_words_name_outweighs_a_rare_page(text: str, codec: str) -> None:
    # One or two letters above 0x7F in 64 bytes: chardet's models read the ASCII words as
    # Latvian (Croatian) in the right page and as another language in the common page that
    # reads the bytes as other letters.  That difference is the words' evidence, weighed by
    # how many words there are, not by the one or two bytes.
    data = text.encode(codec)[:64]
    assert text_of(data) == data.decode(codec)


def test_byte_neighbours_are_counted_as_a_scan_would() -> None:
    import re
    from collections import Counter

    from mojifix.detect.screen import stats

    near = re.compile(rb"[\x80-\xff](?:(?<=[A-Za-z][\x80-\xff])|(?=[A-Za-z]))")
    both = re.compile(rb"[\x80-\xff](?<=[A-Za-z][\x80-\xff])(?=[A-Za-z])")
    inner = re.compile(rb"[\x80-\xff](?<=[\x80-\xff]{2})(?=[\x80-\xff])")
    for data in (
        CZECH.encode("cp1250"),
        RUSSIAN.encode("koi8-r"),
        b"\xe9a\xe9\xe9\xe9b \xe9",
        b"\xe9",
        b"plain",
    ):
        found = stats(data)
        expected = Counter(
            {b - 0x80: n for b, n in Counter(data.translate(None, bytes(range(128)))).items()}
        )
        for block, pattern in enumerate((near, both, inner), start=1):
            for b, n in Counter(b"".join(pattern.findall(data))).items():
                expected[b - 0x80 + 128 * block] += n
        assert dict(zip(found.indices, found.values)) == dict(expected)
        assert found.near == len(near.findall(data))
        assert found.inner == len(inner.findall(data))


def test_a_decisive_screen_asks_the_models_only_for_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shift-JIS text read in any other page is full of rare ideographs or foreign letters:
    # the screen alone rules those readings out, and chardet is asked about one page at most
    # (none when no other reading is left at all).
    from mojifix.detect import legacy

    asked: list[list[str]] = []
    scores = legacy._chardet_scores

    def spy(sample: bytes, names: dict[str, str]) -> dict[str, tuple[float, str | None]]:
        asked.append(list(names))
        return scores(sample, names)

    monkeypatch.setattr(legacy, "_chardet_scores", spy)
    found = detect(JAPANESE.encode("shift_jis"))
    assert (found.encoding, found.language) == ("shift_jis", "ja")
    assert sum(len(names) for names in asked) <= 1


def test_micro_sign_after_a_letter_is_another_pages_letter() -> None:
    from mojifix.detect.score import assess_context

    assert assess_context("Kráµ exotiky") > assess_context("Kráľ exotiky")
    assert assess_context("5 µm, 10µg, µs") == 0.0


def test_a_language_the_model_ranks_next_costs_no_switch() -> None:
    # chardet reads a short Ukrainian text as Belarusian, with Ukrainian next: є and ї are
    # Ukrainian letters, not Belarusian ones, and that is no reason to doubt the reading.
    from mojifix.detect.score import _fit

    letters = dict.fromkeys("потребуєлокалізації", 1)
    assert _fit(letters, None, "be") == (1, "uk")
    assert _fit(letters, None, "be", near={"be", "uk"}) == (0, "uk")


@pytest.mark.parametrize(
    "text",
    [
        "Тег <description/> не должен быть локализован в файлах metainfo\n",
        "В гимназии он не был в числе первых учеников",
        "Филипче се доекипира со 14 нови вработувања",
    ],
)
def test_mac_cyrillic_capitals_are_not_quotation_marks(text: str) -> None:
    # Mac Cyrillic puts А–Я where cp1251 has quotation marks and symbols: read as cp1251 the
    # text begins ``’ег``, ``‚ гимназии`` or ``”илипче``, marks where a capital belongs.
    data = text.encode("mac-cyrillic")[:64]
    assert text_of(data) == data.decode("mac-cyrillic")


def test_lost_capitals_are_counted_only_where_no_mark_belongs() -> None:
    from mojifix.detect.score import assess_context

    assert assess_context("’ег и ‚ гимназии") > assess_context("Тег и В гимназии")
    assert assess_context("„слово“, м’ясо, 5 € за штуку, ’tis, ”Hej”") == 0.0


def test_languages_the_models_score_alike_are_all_near() -> None:
    # A 64-byte Ukrainian text: chardet's Cyrillic models score Belarusian, Russian and
    # Ukrainian within noise of each other, so є and ї may name Ukrainian at no cost; a model
    # far behind, or the same gap on a long text, is not near.
    from mojifix.detect.legacy import _near_languages
    from mojifix.detect.score import assess_characters

    scores = [(0.250, "be"), (0.244, "ru"), (0.233, "uk"), (0.100, "mk")]
    near = _near_languages(scores, 40)
    assert {"be", "ru", "uk"} <= near and "mk" not in near
    assert _near_languages(scores, 10_000) == {"be"}
    letters = {"є": 1, "ї": 1, "о": 10}
    assert assess_characters("", counts=letters, expected="be", near=near).penalty == 0
    assert assess_characters("", counts=letters, expected="be", near={"be", "ru"}).penalty > 0


def test_a_no_break_space_that_binds_nothing_is_a_letter() -> None:
    # cp850 puts á on 0xA0, the no-break space of cp1252: ``está a`` read as cp1252 is
    # ``est\xa0 a``, a no-break space glued to a word with a space after it.
    from mojifix.detect.score import assess_context

    assert assess_context("se est\xa0 a punto") > assess_context("se está a punto")
    assert assess_context("10\xa0km, Mr.\xa0Smith, word\xa0word, fin.\xa0 Next") == 0.0
    text = "...El tiempo se ha agotado.\n...El tiempo se está acabando"
    data = text.encode("cp850")[:48]
    assert text_of(data) == data.decode("cp850")


def test_a_registered_sign_after_a_small_word_is_a_letter() -> None:
    # ISO-8859-16 ź is ® in cp1250: ``zapowied®``.  ® and ™ follow names, not small words.
    from mojifix.detect.score import assess_context

    assert assess_context("Rozwoju - zapowied® - D") > assess_context("Rozwoju - zapowiedź - D")
    assert assess_context("Windows® and Office™ - D") == 0.0
    text = "Program festiwalu (PDF) - zapowiedź - Dom Kultury"
    assert text_of(text.encode("iso8859-16")) == text


def test_a_letter_only_a_small_language_writes_breaks_a_tie_against_it() -> None:
    # cp1254 ı is cp1252 ý: one such letter fits Turkish or Icelandic; Turkish is written
    # by two hundred times as many people.  Icelandic with letters Turkish lacks stays.
    from mojifix.detect.score import assess_characters

    assert assess_characters("adým").penalty > assess_characters("adım").penalty
    turkish = "1\n00:00:01,000 --> 00:00:02,500\nBenim adım Kemal.\n\n2\n00:00:03,"
    assert text_of(turkish.encode("iso8859-9")) == turkish
    for icelandic in ("Það er gott að búa á Íslandi, sagði hún.", "Ný bók", "Hún á ný"):
        assert text_of(icelandic.encode("iso8859-1")) == icelandic


@pytest.mark.parametrize(
    "text",
    ["Kráµ exotiky", "’ег и ‚ гимназии", "se est\xa0 a punto", "la zapowied® - D", "plain café"],
)
def test_stand_ins_are_counted_as_the_patterns_find_them(text: str) -> None:
    # The character search before each pattern only skips work: same counts as the patterns.
    from mojifix.detect import score

    expected = (
        len(score._MICRO_AFTER_LETTER.findall(text))
        + len(score._LOST_CAPITAL.findall(text))
        + len(score._IDLE_NBSP.findall(text))
        + sum(1 for word in score._MARKED_WORD.findall(text) if word.islower())
    )
    assert score._stand_ins(text) == expected
    assert (expected > 0) == (text != "plain café")
