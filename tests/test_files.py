"""Atomic writes: temp file beside the original, mode kept, nothing half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mojifix.files import ChangedOnDisk, Unsuitable, read_source, write_atomic


def test_replace_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o604)
    data, stamp = read_source(str(target))
    write_atomic(str(target), b"new content", expected=stamp, original=data)
    assert target.read_bytes() == b"new content"
    assert target.stat().st_mode & 0o7777 == 0o604
    assert os.listdir(tmp_path) == ["a.txt"]


def test_temp_file_is_private_until_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    data, stamp = read_source(str(target))
    modes: list[int] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        modes.append(os.stat(src).st_mode & 0o777)
        assert os.path.dirname(src) == str(tmp_path)  # same folder: same file system
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(str(target), b"new", expected=stamp, original=data)
    assert modes == [0o600]


def test_refuses_when_changed_on_disk(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    data, stamp = read_source(str(target))
    target.write_bytes(b"edited by someone else")
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(target), b"new", expected=stamp, original=data)
    assert target.read_bytes() == b"edited by someone else"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_failure_mid_write_keeps_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"precious" * 1000)
    data, stamp = read_source(str(target))

    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(str(target), b"x", expected=stamp, original=data, backup_suffix=".bak")
    monkeypatch.undo()
    assert target.read_bytes() == b"precious" * 1000
    assert os.listdir(tmp_path) == ["a.txt"]


def test_backup_written_first(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    data, stamp = read_source(str(target))
    write_atomic(str(target), b"new", expected=stamp, original=data, backup_suffix="~")
    assert (tmp_path / "a.txt~").read_bytes() == b"old"
    assert target.read_bytes() == b"new"


def test_read_limits(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 100)
    with pytest.raises(Unsuitable, match="too large"):
        read_source(str(big), max_size=10)
    with pytest.raises(IsADirectoryError):
        read_source(str(tmp_path))
