"""Atomic writes: temp file beside the original, mode kept, nothing half-written."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from mojifix.files import (
    BackupExists,
    ChangedOnDisk,
    Escaped,
    Unsuitable,
    confine,
    read_source,
    write_atomic,
)


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


def test_backup_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    (tmp_path / "a.txt.bak").write_bytes(b"someone else's")
    data, stamp = read_source(str(target))
    with pytest.raises(BackupExists, match=r"a\.txt\.bak already exists"):
        write_atomic(str(target), b"new", expected=stamp, original=data, backup_suffix=".bak")
    assert target.read_bytes() == b"old"
    assert (tmp_path / "a.txt.bak").read_bytes() == b"someone else's"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "a.txt.bak"]


def test_backup_is_a_complete_file_with_the_original_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    data, stamp = read_source(str(target))
    write_atomic(str(target), b"new", expected=stamp, original=data, backup_suffix=".bak")
    backup = tmp_path / "a.txt.bak"
    assert backup.read_bytes() == b"old" and backup.stat().st_nlink == 1
    assert backup.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "a.txt.bak"]


def _swap_for_link(folder: Path, target: Path) -> None:
    folder.rename(folder.with_name(folder.name + ".aside"))
    os.symlink(target, folder)


def test_write_refuses_a_folder_swapped_for_a_link(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    target = root / "sub" / "a.txt"
    target.write_bytes(b"old")
    (outside / "a.txt").write_bytes(b"old")
    data, stamp = read_source(str(target))
    _swap_for_link(root / "sub", outside)
    with pytest.raises(Escaped, match="replaced by a symbolic link"):
        write_atomic(
            str(target), b"new", expected=stamp, original=data, backup_suffix="~", root=str(root)
        )
    assert (outside / "a.txt").read_bytes() == b"old"
    assert os.listdir(outside) == ["a.txt"]
    with pytest.raises(Escaped):
        confine(str(target), str(root))


def test_file_swapped_for_a_link_is_not_read_through(tmp_path: Path) -> None:
    target, victim = tmp_path / "a.txt", tmp_path / "victim.txt"
    victim.write_bytes(b"secret")
    os.symlink(victim, target)
    with pytest.raises(Escaped):
        read_source(str(target))
    with pytest.raises(Escaped):
        confine(str(target), str(tmp_path))


def test_write_with_a_root_inside_it(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    target.parent.mkdir()
    target.write_bytes(b"old")
    confine(str(target), str(tmp_path))
    data, stamp = read_source(str(target))
    write_atomic(str(target), b"new", expected=stamp, original=data, root=str(tmp_path))
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == ["a.txt"]


def test_a_root_named_through_a_link_still_confines(tmp_path: Path) -> None:
    """A root that is itself a link (not resolved by the caller) takes the long way, which
    resolves it: files below it are fine, a folder swapped for a link below it is not."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "a.txt").write_bytes(b"old")
    link = tmp_path / "link"
    os.symlink(root, link)
    target = link / "sub" / "a.txt"
    target.write_bytes(b"old")
    confine(str(target), str(link))
    confine(str(root / "sub" / "a.txt"), str(link))
    data, stamp = read_source(str(target))
    write_atomic(str(target), b"new", expected=stamp, original=data, root=str(link))
    assert (root / "sub" / "a.txt").read_bytes() == b"new"
    _swap_for_link(root / "sub", outside)
    with pytest.raises(Escaped):
        confine(str(target), str(link))
    with pytest.raises(Escaped):
        confine(str(root / "sub" / "a.txt"), str(root))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_ctrl_c_as_the_temporary_is_created_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C arriving while the temporary is being created surfaces once its name is known."""
    import tempfile

    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    data, stamp = read_source(str(target))
    real_mkstemp = tempfile.mkstemp

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made = real_mkstemp(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # as if the key were pressed right now
        return made

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(target), b"new", expected=stamp, original=data)
    assert os.listdir(tmp_path) == ["a.txt"]
    assert target.read_bytes() == b"old"
