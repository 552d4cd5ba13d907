"""Streaming repair: chunk boundaries anywhere, bounded detection, pipes in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mojifix import repair_bytes
from mojifix.stream import Notice, Output, StreamSettings, _split_point, repair_stream

SAMPLE = (
    "OTTAWA 鈥 The Canadian聽military said 鈥渉ello鈥 today.\n"
    "Le rÃ©sumÃ© de lâ€™Ã©tÃ© à Montréal.\r\n"
    "Ð¡Ð¾Ð±Ð°ÐºÐ° and a plain line.\n"
    "東京 ✓ naïve\n"
    "no final newline cafÃ©"
).encode()


def run(chunks: list[bytes], **settings: object) -> tuple[bytes, list[str], list[tuple[int, int]]]:
    out: list[bytes] = []
    notices: list[str] = []
    spans: list[tuple[int, int]] = []
    for event in repair_stream(chunks, StreamSettings(**settings)):  # type: ignore[arg-type]
        if isinstance(event, Notice):
            notices.append(event.message)
        else:
            assert isinstance(event, Output)
            out.append(event.data)
            spans.extend((c.line, c.column) for c in event.changes)
    return b"".join(out), notices, spans


@pytest.fixture
def memo_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remember the engine's answers: these tests are about chunking, and repair is pure."""
    import functools

    import mojifix.stream as stream

    monkeypatch.setattr(
        stream, "repair_text", functools.lru_cache(maxsize=None)(stream.repair_text)
    )


@pytest.mark.usefixtures("memo_engine")
def test_same_output_whatever_the_chunk_boundary() -> None:
    whole = repair_bytes(SAMPLE)
    expected = whole.text.encode("utf-8")
    expected_spans = [(c.line, c.column) for c in whole.changes]
    cases = [(1, offset) for offset in range(len(SAMPLE) + 1)]
    cases += [(1 << 16, offset) for offset in range(len(SAMPLE) + 1)]
    for block_size, offset in cases:
        chunks = [SAMPLE[:offset], SAMPLE[offset:]]
        got, notices, spans = run(chunks, block_size=block_size)
        assert got == expected, (block_size, offset)
        assert spans == expected_spans, (block_size, offset)
        assert notices == []


@pytest.mark.usefixtures("memo_engine")
def test_byte_at_a_time_with_a_short_detection_prefix() -> None:
    reference, _, _ = run([SAMPLE], prefix_size=40)
    got, _, _ = run([bytes([b]) for b in SAMPLE], prefix_size=40, block_size=1)
    assert got == reference


def test_the_stream_repairs() -> None:
    got, _, spans = run([b"line one\n", "the cafÃ©\n".encode()])
    assert got == "line one\nthe café\n".encode()
    assert spans == [(2, 8)]


@pytest.mark.usefixtures("memo_engine")
def test_long_line_is_split_safely_and_said() -> None:
    words = " ".join(["plain", "rÃ©sumÃ©", "words", "cafÃ©"] * 100).encode()
    expected = repair_bytes(words).text.encode()
    for offset in (0, 1, 17, 333, 1000):
        got, notices, _ = run([words[:offset], words[offset:]], max_line=100, block_size=50)
        assert got == expected
        assert len(notices) == 1 and "longer than 100 characters" in notices[0]


def test_split_point_prefers_space_between_ascii() -> None:
    text = "é" * 60 + " x" + "é" * 60
    assert _split_point(text, 100) == 61  # after the space, before "x"
    assert _split_point("é" * 200, 100) == 100  # nothing safe: the cap itself


def test_split_point_of_a_buffer_exactly_at_the_cap() -> None:
    """The buffer may hold exactly ``limit`` characters: no index past its end is looked at."""
    assert _split_point("x" * 100, 100) == 99  # between the last two ASCII characters
    assert _split_point("é" * 100, 100) == 100  # nothing safe: all of it


def test_line_of_exactly_max_line_characters_without_a_break() -> None:
    data = b"x" * 1000
    chunks = [data[i : i + 100] for i in range(0, len(data), 100)]  # the buffer hits 100 exactly
    got, notices, _ = run(chunks, max_line=100, block_size=50, prefix_size=100)
    assert got == data
    assert len(notices) == 1 and "longer than 100 characters" in notices[0]


def test_later_invalid_bytes_are_kept_and_reported() -> None:
    head = ("plain ascii line\n" * 10).encode()
    tail = b"caf\xe9 in latin-1\n" + "the cafÃ©\n".encode()
    got, notices, _ = run([head, tail], prefix_size=len(head))
    assert got == head + b"caf\xe9 in latin-1\n" + "the café\n".encode()
    assert notices[0].startswith("line 11: bytes not valid utf-8")
    assert "1 byte(s) not valid utf-8 were passed through unchanged" in notices[-1]


def test_binary_passes_through_untouched() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)) * 4
    got, notices, _ = run([data[:5], data[5:]])
    assert got == data
    assert notices == ["binary data; passed through unchanged"]


def test_bom_kept_and_utf16_converted() -> None:
    got, _, _ = run([b"\xef\xbb", b"\xbf" + "the cafÃ©\n".encode()])
    assert got == "\ufeffthe café\n".encode()
    utf16 = "\ufeffпривет\n".encode("utf-16-le")
    got, _, _ = run([utf16[:3], utf16[3:]])
    assert got == "привет\n".encode()


def test_given_encoding_skips_detection() -> None:
    data = "Привет, мир\n".encode("cp1251")
    got, _, _ = run([data], encoding="cp1251")
    assert got == "Привет, мир\n".encode()


# -- real processes --------------------------------------------------------------------------


def mojifix_process(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "mojifix", "fix", *args], env=env, **kwargs
    )


def test_big_stream_through_a_real_process(tmp_path: Path) -> None:
    block = ("the cafÃ© line\n" + "a plain ascii filler line, long enough\n" * 100).encode()
    data = block * 300  # ~1.2 MB: past the detection prefix, many read and repair blocks
    source = tmp_path / "in.txt"
    source.write_bytes(data)
    with source.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "mojifix", "fix"], stdin=stdin, capture_output=True
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout == data.replace("cafÃ©".encode(), "café".encode())
    assert done.stderr == b""


def test_closed_pipe_downstream_ends_quietly(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_bytes(("the cafÃ© line\n" + "plain filler line\n" * 200).encode() * 250)
    with source.open("rb") as stdin:
        proc = mojifix_process(stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # like `| head -1`
        err = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait(timeout=60)
    assert first == "the café line\n".encode()
    assert b"Traceback" not in err and b"Error" not in err, err
    assert err == b""
    assert code == 0


def test_check_on_a_stream_exits_one(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mojifix", "fix", "--check"],
        input="fine\nthe cafÃ©\n".encode(),
        capture_output=True,
    )
    assert done.returncode == 1
    assert done.stdout.decode().startswith("-:2:8: mojibake:")


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_inputs(size: int) -> None:
    data = b"x" * size
    assert run([data])[0] == data


def test_cli_reports_bytes_invalid_after_the_detection_prefix(tmp_path: Path) -> None:
    head = b"plain ascii line for the detector\n" * 40000  # > 1 MiB: detection sees only this
    tail = b"caf\xe9 written in latin-1 later on\n" + "the cafÃ©\n".encode()
    done = subprocess.run(
        [sys.executable, "-m", "mojifix", "fix"], input=head + tail, capture_output=True
    )
    assert done.returncode == 0
    assert done.stdout == head + b"caf\xe9 written in latin-1 later on\n" + "the café\n".encode()
    err = done.stderr.decode()
    assert "warning: -: line 40001: bytes not valid utf-8" in err
    assert "1 byte(s) not valid utf-8 were passed through unchanged" in err


@given(cuts=st.lists(st.integers(min_value=0, max_value=len(SAMPLE)), max_size=6))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_chunking_gives_the_same_output(memo_engine: None, cuts: list[int]) -> None:
    points = sorted(cuts)
    chunks = [SAMPLE[a:b] for a, b in zip([0, *points], [*points, len(SAMPLE)], strict=True)]
    reference, _, reference_spans = run([SAMPLE], block_size=1)
    got, _, spans = run(chunks, block_size=1)
    assert got == reference and spans == reference_spans
