"""The wrong decoders that replay damage: they must match what real software does."""

from __future__ import annotations

import pytest

from mojifix.repair.codepages import (
    DOUBLE_BYTE,
    NAMES,
    SINGLE_BYTE,
    mangle,
    misdecode,
    sloppy_decode,
    sloppy_encode,
    undefined_bytes,
)

TEXTS = [
    "OTTAWA — The Canadian\u00a0military said “hello” today.",
    "It’s a dog’s life — isn’t it?",
    "中文测试：你好，世界！",
    "日本語のテキストです。",
    "Grüße aus München — “ok”…",
    "emoji 😀 end",
]


@pytest.mark.parametrize("mode", ["ignore", "replace"])
@pytest.mark.parametrize("codec", sorted(DOUBLE_BYTE))
@pytest.mark.parametrize("text", TEXTS)
def test_mangle_reproduces_python_codecs(text: str, codec: str, mode: str) -> None:
    assert mangle(text, codec, mode) == text.encode("utf-8").decode(codec, errors=mode)


@pytest.mark.parametrize("mode", ["ignore", "replace", "strict"])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "cp1251", "koi8-r", "mac_roman"])
def test_misdecode_single_byte_is_python_outside_sloppy_mode(codec: str, mode: str) -> None:
    data = "Grüße “ok”".encode()
    try:
        expected = data.decode(codec, errors=mode)
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            misdecode(data, codec, mode)
    else:
        assert misdecode(data, codec, mode) == expected


@pytest.mark.parametrize(
    ("data", "codec", "expected"),
    [
        # 94 is a lead byte; with the space after it the pair is invalid and both bytes go.
        (b"\x94 x", "gbk", "?x"),
        (b"\x94 x", "cp932", "\u30fbx"),
        (b"\xe2\x80\x94 not", "gbk", "鈥?not"),
        (b"\xe2\x80\x94 not", "cp932", "窶・not"),
        (b"\xe2\x80\x94 not", "big5", "??not"),
        # At the end of the input there is no next byte: only the lead byte is consumed.
        (b"\xe2\x80\x94", "gbk", "鈥?"),
        (b"\xe2\x80\x94", "shift_jis", "窶・"),
        # Valid pairs are decoded as usual.
        ("中文".encode("gbk"), "gbk", "中文"),
        ("日本".encode("cp932"), "cp932", "日本"),
    ],
)
def test_windows_mode_collapses_lead_and_next_byte(data: bytes, codec: str, expected: str) -> None:
    assert misdecode(data, codec, "windows") == expected


@pytest.mark.parametrize(
    ("data", "mode", "expected"),
    [
        (b"\x94 x", "ignore", " x"),
        (b"\x94 x", "replace", "\ufffd x"),
        (b"\x94 x", "windows", "?x"),
    ],
)
def test_three_ways_to_lose_a_byte(data: bytes, mode: str, expected: str) -> None:
    assert misdecode(data, "gbk", mode) == expected


def test_mangle_is_misdecode_of_utf8() -> None:
    text = "He said “yes” — not “no”"
    for mode in ("ignore", "replace", "windows"):
        assert mangle(text, "gbk", mode) == misdecode(text.encode(), "gbk", mode)


@pytest.mark.parametrize("codec", SINGLE_BYTE)
def test_sloppy_pages_round_trip_every_byte(codec: str) -> None:
    every = bytes(range(256))
    text = sloppy_decode(every, codec)
    assert len(text) == 256
    assert sloppy_encode(text, codec) == every
    assert mangle("é", codec, "sloppy") == sloppy_decode("é".encode(), codec)


def test_sloppy_cp1252_passes_undefined_bytes_through() -> None:
    assert undefined_bytes("cp1252") == b"\x81\x8d\x8f\x90\x9d"
    assert undefined_bytes("latin-1") == b""
    assert sloppy_decode(b"\x80\x81\x9d", "cp1252") == "€\x81\x9d"
    assert misdecode(b"\x80\x81", "cp1252", "sloppy") == "€\x81"
    assert misdecode(b"\x80\x81", "cp1252", "replace") == "€\ufffd"


@pytest.mark.parametrize(("text", "codec"), [("я", "cp1252"), ("é", "koi8-r"), ("中", "latin-1")])
def test_sloppy_encode_refuses_characters_the_page_lacks(text: str, codec: str) -> None:
    assert sloppy_encode(text, codec) is None


def test_every_page_has_a_display_name() -> None:
    assert set(SINGLE_BYTE) | set(DOUBLE_BYTE) <= set(NAMES)
