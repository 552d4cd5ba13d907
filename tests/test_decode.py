"""Decoding loses nothing: undecodable bytes survive as lone surrogates."""

from __future__ import annotations

from mojifix.decode import decode, decode_lossless, decode_mixed, newline_style
from mojifix.model import Detection


def test_undecodable_bytes_round_trip() -> None:
    data = b"caf\xc3\xa9 \xff end"
    decoded = decode(data, Detection(encoding="utf-8", confidence=1.0))
    assert decoded.undecodable == 1
    assert decoded.text.encode("utf-8", errors="surrogateescape") == data


def test_byte_below_0x80_that_surrogateescape_refuses_is_kept() -> None:
    text = decode_lossless("ab".encode("utf-16-le") + b"\x41", "utf-16-le")
    assert text == "ab\udc41"


def test_mixed_lines_decode_each_in_its_encoding() -> None:
    data = "é\n".encode() + "é\n".encode("cp1252") + b"ok\n"
    text, lines = decode_mixed(data, "cp1252")
    assert (text, lines) == ("é\né\nok\n", (2,))


def test_mixed_line_keeps_its_utf8_runs() -> None:
    data = "café ".encode() + "naïve".encode("cp1252")
    assert decode_mixed(data, "cp1252") == ("café naïve", (1,))


def test_newline_styles() -> None:
    assert newline_style("a\r\nb\r\n") == "CRLF"
    assert newline_style("a\nb\r\n") == "mixed"
    assert newline_style("ab") == "none"
