"""The cache skips files a previous run found clean, and only those."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mojifix.runner as runner
from mojifix.cache import Cache, cache_dir

BROKEN = "the cafÃ© au lait\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which files the runner actually reads."""
    seen: list[str] = []
    real = runner.read_source

    def spy(path: str, max_size: int | None = None) -> tuple[bytes, object]:
        seen.append(os.path.basename(path))
        return real(path, max_size)  # type: ignore[return-value]

    monkeypatch.setattr(runner, "read_source", spy)
    return seen


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOJIFIX_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == str(tmp_path / "c")


def test_second_run_skips_clean_files(mojifix, tmp_path: Path, reads: list[str]) -> None:
    for i in range(3):
        (tmp_path / f"clean{i}.txt").write_text("clean\n", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_text(BROKEN, encoding="utf-8")
    assert mojifix(["fix", "--check", "-j1", str(tmp_path)]).exit_code == 1
    assert sorted(reads) == ["broken.txt", "clean0.txt", "clean1.txt", "clean2.txt"]
    reads.clear()
    result = mojifix(["fix", "--check", "-j1", str(tmp_path)])
    assert result.exit_code == 1
    assert reads == ["broken.txt"]  # the file with findings is never cached
    assert "3 unchanged (3 from cache)" in result.stderr
    reads.clear()
    assert mojifix(["fix", "-j1", str(tmp_path)]).exit_code == 0
    reads.clear()
    assert mojifix(["fix", "-j1", str(tmp_path)]).exit_code == 0
    assert reads == []  # the file we wrote is clean now


def test_content_change_with_same_size_and_mtime(mojifix, tmp_path: Path, reads: list[str]) -> None:
    target = tmp_path / "a.txt"
    target.write_text("the cafe au lait\n", encoding="utf-8")  # same length as the edit below
    os.utime(target, ns=(10**18, 10**18))
    assert mojifix(["fix", "-j1", str(target)]).exit_code == 0
    target.write_bytes(b"the caf\xc3\x83\xc2\xa9 lait\n")
    assert target.stat().st_size == 17
    os.utime(target, ns=(10**18, 10**18))
    reads.clear()
    assert mojifix(["fix", "-j1", str(target)]).exit_code == 0
    assert reads == ["a.txt"]
    assert target.read_text(encoding="utf-8") == "the café lait\n"


def test_cache_is_keyed_by_options(mojifix, tmp_path: Path, reads: list[str]) -> None:
    target = tmp_path / "a.txt"
    target.write_text("“quoted”\n", encoding="utf-8")
    assert mojifix(["fix", "-j1", str(target)]).exit_code == 0
    reads.clear()
    assert mojifix(["fix", "-j1", "--uncurl-quotes", str(target)]).exit_code == 0
    assert reads == ["a.txt"]
    assert target.read_text(encoding="utf-8") == '"quoted"\n'


def test_no_cache_reads_everything(mojifix, tmp_path: Path, reads: list[str]) -> None:
    (tmp_path / "a.txt").write_text("clean\n", encoding="utf-8")
    mojifix(["fix", "-j1", str(tmp_path)])
    reads.clear()
    mojifix(["fix", "-j1", "--no-cache", str(tmp_path)])
    assert reads == ["a.txt"]


def test_damaged_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOJIFIX_CACHE_DIR", str(tmp_path))
    cache = Cache.load("key")
    os.makedirs(os.path.dirname(cache.path), exist_ok=True)
    Path(cache.path).write_text("{not json", encoding="utf-8")
    assert Cache.load("key").entries == {}
