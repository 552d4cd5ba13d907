"""Bad input gets a clear one-line answer naming the path, the run goes on, nothing is lost."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

BROKEN = "the cafÃ© au lait\n"
FIXED = "the café au lait\n"


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_missing_path_fails_and_others_go_on(mojifix, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", BROKEN)
    result = mojifix(["fix", str(tmp_path / "nope.txt"), str(good)])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [f"error: {tmp_path / 'nope.txt'}: no such file or folder"]
    assert good.read_text(encoding="utf-8") == FIXED
    assert "1 file repaired, 0 unchanged, 1 failed." in result.stderr


def test_file_vanishing_before_it_is_read(mojifix, tmp_path: Path, monkeypatch) -> None:
    import mojifix.runner as runner

    doomed = write(tmp_path / "a.txt", BROKEN)
    good = write(tmp_path / "b.txt", BROKEN)
    real_read = runner.read_source

    def vanish_then_read(path: str, max_size=None):  # type: ignore[no-untyped-def]
        if path.endswith("a.txt"):
            os.unlink(path)
        return real_read(path, max_size)

    monkeypatch.setattr(runner, "read_source", vanish_then_read)
    result = mojifix(["fix", "-j1", str(tmp_path)])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {doomed}: cannot read: no such file (deleted or moved?)"
    ]
    assert good.read_text(encoding="utf-8") == FIXED


def test_file_changed_while_processed_is_not_overwritten(
    mojifix, tmp_path: Path, monkeypatch
) -> None:
    import mojifix.api as api  # the runner imports the engine's entry point from here

    target = write(tmp_path / "a.txt", BROKEN)
    real_repair = api.repair_bytes

    def edit_meanwhile(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        target.write_text("the user's newer edit, also cafÃ©\n", encoding="utf-8")
        return real_repair(data, *args, **kwargs)

    monkeypatch.setattr(api, "repair_bytes", edit_meanwhile)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 123
    assert "not written: it changed on disk while being processed" in result.stderr
    assert target.read_text(encoding="utf-8") == "the user's newer edit, also cafÃ©\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_folder_where_a_file_was_expected(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", f"{target}/"])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [f"error: {target}/: a part of the path is not a folder"]


def test_folder_swapped_in_after_discovery(mojifix, tmp_path: Path, monkeypatch) -> None:
    import mojifix.runner as runner

    target = write(tmp_path / "a.txt", BROKEN)
    real_read = runner.read_source

    def swap(path: str, max_size=None):  # type: ignore[no-untyped-def]
        os.unlink(path)
        os.mkdir(path)
        return real_read(path, max_size)

    monkeypatch.setattr(runner, "read_source", swap)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {target}: cannot read: is a folder, expected a file"
    ]


def test_permission_denied_on_read(mojifix, tmp_path: Path, monkeypatch) -> None:
    import mojifix.runner as runner

    secret = write(tmp_path / "secret.txt", BROKEN)
    good = write(tmp_path / "good.txt", BROKEN)
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads anything: simulate what a user would meet

        def denied(path: str, max_size=None):  # type: ignore[no-untyped-def]
            if path.endswith("secret.txt"):
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return real_read(path, max_size)

        real_read = runner.read_source
        monkeypatch.setattr(runner, "read_source", denied)
    result = mojifix(["fix", "-j1", str(tmp_path)])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [f"error: {secret}: cannot read: permission denied"]
    assert good.read_text(encoding="utf-8") == FIXED
    secret.chmod(0o600)
    assert secret.read_text(encoding="utf-8") == BROKEN


def test_read_only_file_is_left_alone(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    target.chmod(0o444)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {target}: cannot write: file is read-only; the original is unchanged"
    ]
    assert target.read_text(encoding="utf-8") == BROKEN


def test_read_only_folder(mojifix, tmp_path: Path, monkeypatch) -> None:
    import tempfile

    target = write(tmp_path / "a.txt", BROKEN)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 123
    assert "cannot write: permission denied; the original is unchanged" in result.stderr
    assert target.read_text(encoding="utf-8") == BROKEN


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_disk_full_leaves_original_whole(mojifix, tmp_path: Path, monkeypatch, call: str) -> None:
    target = write(tmp_path / "a.txt", BROKEN * 100)
    real = getattr(os, call)

    def full(fd: int, *args):  # type: ignore[no-untyped-def]
        if call == "write":
            real(fd, args[0][:10])  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    result = mojifix(["fix", str(target)])
    monkeypatch.setattr(os, call, real)
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {target}: cannot write: no space left on device; the original is unchanged"
    ]
    assert target.read_text(encoding="utf-8") == BROKEN * 100
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_file_size_limit_in_a_real_process(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes the kernel refuse the write, as a full disk would (EFBIG)."""
    target = write(tmp_path / "a.txt", BROKEN * 2000)
    other = write(tmp_path / "b.txt", BROKEN)
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from mojifix.cli import main\n"
        "sys.argv = ['mojifix', 'fix', '-j1', '--no-cache'] + sys.argv[1:]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(other)], capture_output=True, text=True
    )
    assert done.returncode == 123, done.stderr
    assert f"error: {target}: cannot write: file too large" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == BROKEN * 2000
    assert other.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_awkward_names_are_escaped(mojifix, tmp_path: Path) -> None:
    names = [b"new\nline.txt", b"-rf.txt", b"bad-\xff-utf8.txt", b"esc-\x1b[31m.txt"]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_bytes(BROKEN.encode())
    result = mojifix(["fix", "--check", "--", str(tmp_path)])
    assert result.exit_code == 1
    out = result.stdout
    assert f"{tmp_path}/new\\nline.txt:1:8: mojibake:" in out
    assert f"{tmp_path}/-rf.txt:1:8: mojibake:" in out
    assert f"{tmp_path}/bad-\\xff-utf8.txt:1:8: mojibake:" in out
    assert f"{tmp_path}/esc-\\x1b[31m.txt:1:8:" in out
    assert len(out.splitlines()) == 4
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        fixed = mojifix(["fix", "--", "-rf.txt"])
    finally:
        os.chdir(cwd)
    assert fixed.exit_code == 0
    assert (tmp_path / "-rf.txt").read_text(encoding="utf-8") == FIXED


def test_unreadable_awkward_name_message_is_one_line(mojifix, tmp_path: Path) -> None:
    missing = str(tmp_path / "gone\nnext-line\udcff.txt")
    result = mojifix(["fix", missing])
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {tmp_path}/gone\\nnext-line\\xff.txt: no such file or folder"
    ]


def test_empty_file_and_bom_only_file(mojifix, tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    bom = write(tmp_path / "bom.txt", b"\xef\xbb\xbf")
    result = mojifix(["fix", "-v", str(empty), str(bom)])
    assert result.exit_code == 0
    assert f"unchanged {empty}" in result.stderr and f"unchanged {bom}" in result.stderr
    assert empty.read_bytes() == b"" and bom.read_bytes() == b"\xef\xbb\xbf"
    detect = mojifix(["detect", str(bom)])
    assert "utf-8-sig" in detect.stdout and "BOM" in detect.stdout


def test_single_huge_line(mojifix, tmp_path: Path) -> None:
    line = ("word " * 20_000_000 + "cafÃ©").encode()  # 100 MB, no line break at all
    target = write(tmp_path / "huge.txt", line)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert len(data) == len(line) - 2 and data.endswith(b"word caf\xc3\xa9")
    assert f"warning: {target}: line 1 is longer than" in result.stderr


def test_too_large_is_skipped_with_reason(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", "--max-size", "5", str(target)])
    assert result.exit_code == 0
    assert "1 skipped (1 too large)" in result.stderr
    assert target.read_text(encoding="utf-8") == BROKEN


def test_fifo_is_skipped_not_read(mojifix, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = mojifix(["fix", str(fifo)])
    assert result.exit_code == 0
    assert "1 skipped (1 not a regular file)" in result.stderr


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30))
def test_display_path_is_always_one_printable_line(name: str) -> None:
    from mojifix.sinks.visible import display_path

    shown = display_path(name)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    shown.encode("utf-8")  # never a lone surrogate


@given(st.binary(min_size=1, max_size=30))
def test_display_path_handles_any_bytes(raw: bytes) -> None:
    from mojifix.sinks.visible import display_path

    shown = display_path(os.fsdecode(raw))
    shown.encode("utf-8")
    assert all(ch.isprintable() or ch == " " for ch in shown)


def test_missing_dependency_is_one_line_not_a_traceback() -> None:
    # What running from a source tree without the dependencies installed looks like: ftfy
    # cannot be imported when the first damaged line needs it.
    script = (
        "import sys; sys.modules['ftfy'] = None\n"
        "sys.argv = ['mojifix', 'fix']\n"
        "from mojifix.cli import main; main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        input="Le comitÃ© a prÃ©sentÃ© son rÃ©sumÃ©.\n".encode(),
        capture_output=True,
    )
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()]
    assert "'ftfy'" in err and "pip install" in err
    assert sys.executable in err  # which Python lacks it: not always the one installed for
