"""Every sample in fixtures/ through the real CLI, on a temporary copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
UNTOUCHED = {"clean-utf8", "binary-png"}


def files(case: str) -> tuple[Path, Path]:
    folder = FIXTURES / case
    (source,) = folder.glob("input.*")
    (expected,) = folder.glob("expected.*")
    return source, expected


def test_every_case_is_complete() -> None:
    assert len(CASES) >= 7
    for case in CASES:
        files(case)
        assert (FIXTURES / case / "NOTE.md").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("case", CASES)
def test_fix_in_place(mojifix, tmp_path: Path, case: str) -> None:
    source, expected = files(case)
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    os.utime(target, ns=(10**18, 10**18))
    result = mojifix(["fix", "--no-cache", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == expected.read_bytes()
    if case in UNTOUCHED:
        assert target.stat().st_mtime_ns == 10**18  # never rewritten


@pytest.mark.parametrize("case", CASES)
def test_check_agrees(mojifix, tmp_path: Path, case: str) -> None:
    source, _ = files(case)
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    result = mojifix(["fix", "--check", "--no-cache", str(target)])
    assert result.exit_code == (0 if case in UNTOUCHED else 1), result.stderr
    assert target.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_stream(mojifix, case: str) -> None:
    source, expected = files(case)
    result = mojifix(["fix"], input=source.read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == expected.read_bytes()


def test_gbk_seed_on_stdin(mojifix) -> None:
    seed = "OTTAWA 鈥 The Canadian聽military said 鈥渉ello鈥 today.\n"
    result = mojifix(["fix"], input=seed.encode())
    assert result.stdout == "OTTAWA — The Canadian\u00a0military said “hello” today.\n"
