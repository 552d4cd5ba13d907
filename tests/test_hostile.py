"""Hostile input: symbolic links, swapped folders, input bombs, awkward names, temporary files.

Nothing outside the named paths may ever be opened for writing, whatever links the tree holds
or however it changes during the run; input built to exhaust memory or time must meet a bound
or a clear message; names with newlines, leading dashes or bytes that are not UTF-8 must be
handled and printed safely; temporary files must be unguessable, beside the original, and no
more open than it.

Scaled-down bombs (the issue speaks of a 2 GB line and 10 million lines): a 50 MB single line
and a million short lines through standard input, a million short lines as a file, thousands
of dense mojibake lines, long lines that make the engine work; memory is the child's peak RSS
(``wait4``).
"""

from __future__ import annotations

import builtins
import errno
import importlib
import itertools
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import mojifix

BROKEN = "the cafÃ© au lait\n"
FIXED = "the café au lait\n"
ROOT = os.geteuid() == 0
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def patch() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch of our own: its ``undo()`` leaves conftest's private cache folder alone."""
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def write(path: Path, data: str | bytes = BROKEN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


class WriteAudit:
    """Record every path this process opens for writing, creates, renames or removes."""

    def __init__(self, patch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real_open, real_os_open = builtins.open, os.open
        real_replace, real_rename, real_unlink = os.replace, os.rename, os.unlink
        real_mkstemp = tempfile.mkstemp
        audit = self

        def os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
                audit.note(path, kwargs.get("dir_fd"))
            return real_os_open(path, flags, *args, **kwargs)

        def open_(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+"):
                audit.note(file)
            return real_open(file, mode, *args, **kwargs)

        def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
            fd, name = real_mkstemp(*args, **kwargs)
            audit.note(name)
            return fd, name

        def two(real):  # type: ignore[no-untyped-def]
            def call(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
                audit.note(src, kwargs.get("src_dir_fd"))
                audit.note(dst, kwargs.get("dst_dir_fd"))
                return real(src, dst, *args, **kwargs)

            return call

        def unlink(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            audit.note(path, kwargs.get("dir_fd"))
            return real_unlink(path, *args, **kwargs)

        patch.setattr(os, "open", os_open)
        patch.setattr(builtins, "open", open_)
        patch.setattr(tempfile, "mkstemp", mkstemp)
        patch.setattr(os, "replace", two(real_replace))
        patch.setattr(os, "rename", two(real_rename))
        patch.setattr(os, "unlink", unlink)

    def note(self, path: object, dir_fd: int | None = None) -> None:
        name = os.fsdecode(path)  # type: ignore[arg-type]
        if dir_fd is not None:  # relative to a folder descriptor: resolve that folder
            name = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), name)
        # The folder the entry lives in, resolved; the entry itself is not followed by rename.
        self.paths.append(os.path.join(os.path.realpath(os.path.dirname(name) or "."), "x"))

    def outside(self, *allowed: Path) -> list[str]:
        roots = [os.path.realpath(a) for a in allowed]
        return [p for p in self.paths if not any(p.startswith(r + os.sep) for r in roots)]


# --------------------------------------------------------------------------------------------
# Symbolic links
# --------------------------------------------------------------------------------------------


def hostile_tree(base: Path) -> tuple[Path, Path]:
    """A named folder full of links (loops, links out, links to folders) and an outside one."""
    named, outside = base / "named", base / "outside"
    write(named / "a.txt")
    write(named / "deep" / "b.txt")
    write(outside / "victim.txt")
    write(outside / "dir" / "c.txt")
    links = {
        "self": "self",  # a link to itself
        "loop1": "loop2",  # two links pointing at each other
        "loop2": "loop1",
        "deep/up": "..",  # a folder link back up: a walk that followed it would never end
        "deep/root": "/",
        "out-file": "../outside/victim.txt",
        "out-file-abs": str(outside / "victim.txt"),
        "out-dir": "../outside/dir",
        "chain": "out-file",  # a link to a link out
        "in-file": "a.txt",  # a link inside: repaired through its target, once
    }
    for name, target in links.items():
        os.symlink(target, named / name)
    return named, outside


def test_links_are_not_followed_out_of_the_named_folder(mojifix, tmp_path: Path, patch) -> None:
    named, outside = hostile_tree(tmp_path)
    audit = WriteAudit(patch)
    started = time.monotonic()
    result = mojifix(["fix", "-v", "-j1", "--no-cache", "--backup", ".orig", str(named)])
    patch.undo()
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.stderr
    assert (outside / "victim.txt").read_text() == BROKEN
    assert (outside / "dir" / "c.txt").read_text() == BROKEN
    assert sorted(os.listdir(outside)) == ["dir", "victim.txt"]
    assert (named / "a.txt").read_text() == FIXED
    assert (named / "deep" / "b.txt").read_text() == FIXED
    assert "2 files repaired" in result.stderr
    for name in ("self", "loop1", "loop2", "out-file", "out-file-abs", "out-dir", "chain"):
        assert os.path.islink(named / name), f"{name} was replaced"
    assert audit.paths
    assert audit.outside(named, Path(os.environ["MOJIFIX_CACHE_DIR"])) == []


@pytest.mark.parametrize("name", ["self", "loop1"])
def test_a_looping_link_named_explicitly_is_one_error(mojifix, tmp_path: Path, name: str) -> None:
    named, _ = hostile_tree(tmp_path)
    result = mojifix(["fix", "--no-cache", str(named / name)])
    assert result.exit_code == 123
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and "symbolic links" in errors[0].lower(), result.stderr


def test_link_out_of_the_named_folder_but_inside_the_repository(mojifix, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the repository root is above the named folder
    named = tmp_path / "docs"
    write(named / "a.txt")
    victim = write(tmp_path / "src" / "victim.txt")
    os.symlink("../src/victim.txt", named / "link.txt")
    result = mojifix(["fix", "--no-cache", str(named)])
    assert result.exit_code == 0, result.stderr
    assert (named / "a.txt").read_text() == FIXED
    assert victim.read_text() == BROKEN, "a file outside the named folder was rewritten"


def _swap_for_link(folder: Path, target: Path) -> None:
    """Replace ``folder`` by a symbolic link to ``target`` (what an attacker would do)."""
    folder.rename(folder.with_name(folder.name + ".aside"))
    os.symlink(target, folder)


@pytest.mark.parametrize("when", ["during-walk", "after-walk"])
def test_folder_replaced_by_a_link_during_the_run(
    mojifix, tmp_path: Path, patch, when: str
) -> None:
    named = tmp_path / "named"
    write(named / "sub" / "a.txt")
    outside = tmp_path / "outside"
    victim = write(outside / "a.txt", "outside: the cafÃ© is private\n")
    swapped: list[bool] = []

    def swap_once() -> None:
        if not swapped:
            swapped.append(True)
            _swap_for_link(named / "sub", outside)

    if when == "during-walk":
        import mojifix.discover as discover

        real_scandir = os.scandir

        def scandir(path):  # type: ignore[no-untyped-def]
            if os.fsdecode(path).endswith(os.sep + "sub"):
                swap_once()  # the parent listed "sub" as a folder; now it is a link
            return real_scandir(path)

        patch.setattr(discover.os, "scandir", scandir)
    else:
        import mojifix.runner as runner

        real_read = runner.read_source

        def read(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            swap_once()
            return real_read(path, *args, **kwargs)

        patch.setattr(runner, "read_source", read)
    result = mojifix(["fix", "-j1", "--no-cache", str(named)])
    patch.undo()
    assert swapped
    assert victim.read_text() == "outside: the cafÃ© is private\n", result.stderr
    assert sorted(os.listdir(outside)) == ["a.txt"]


def test_file_replaced_by_a_link_after_discovery_is_not_written_through(
    mojifix, tmp_path: Path, patch
) -> None:
    import mojifix.runner as runner

    target = write(tmp_path / "named" / "a.txt")
    victim = write(tmp_path / "outside.txt", "outside: cafÃ©\n")
    real_read = runner.read_source

    def read(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        os.unlink(target)
        os.symlink(victim, target)
        return real_read(path, *args, **kwargs)

    patch.setattr(runner, "read_source", read)
    mojifix(["fix", "-j1", "--no-cache", str(tmp_path / "named")])
    patch.undo()
    assert victim.read_text() == "outside: cafÃ©\n"


# --------------------------------------------------------------------------------------------
# Bombs: bounded memory and time
# --------------------------------------------------------------------------------------------


PEAK_RSS = """
import atexit, os, sys

def peak() -> None:  # VmHWM: this program's own peak (ru_maxrss would count the forking parent)
    with open("/proc/self/status") as status:
        hwm = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["MOJIFIX_TEST_PEAK"], "w") as out:
        out.write(hwm)

atexit.register(peak)
from mojifix.cli import main
sys.argv = ["mojifix", *sys.argv[1:]]
main()
"""


def run_measured(
    args: list[str], stdin_path: Path | None, timeout: float
) -> tuple[int | None, bytes, bytes, float, float]:
    """Run ``mojifix ARGS``; return (exit code or None if killed, out, err, seconds, peak MiB)."""
    with (
        open(stdin_path or os.devnull, "rb") as source,
        tempfile.TemporaryDirectory() as scratch,
    ):
        peak_file = Path(scratch) / "peak"
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", PEAK_RSS, *args],
                stdin=source,
                capture_output=True,
                timeout=timeout,
                env={**os.environ, "MOJIFIX_TEST_PEAK": str(peak_file)},
            )
        except subprocess.TimeoutExpired as exc:
            return None, exc.stdout or b"", exc.stderr or b"", time.monotonic() - started, 0.0
        elapsed = time.monotonic() - started
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0  # kB -> MiB
        return done.returncode, done.stdout, done.stderr, elapsed, peak


def test_50mb_single_line_on_standard_input(tmp_path: Path) -> None:
    """Bounded memory for one enormous line: ASCII words, clean accents, one repair at the end."""
    big = tmp_path / "line.txt"
    with open(big, "wb") as handle:
        for i in range(50_000):
            handle.write(b"word " * 200 + ("café ".encode() if i % 1000 == 0 else b""))
        handle.write("cafÃ©".encode())
    size = big.stat().st_size
    code, out, err, elapsed, peak = run_measured(["fix"], big, timeout=120)
    assert code == 0, err.decode()[-2000:]
    assert len(out) == size - 2 and out.endswith("café".encode())
    assert b"Traceback" not in err
    assert b"longer than" in err  # the split is announced
    print(f"50 MB line: {elapsed:.1f}s, peak RSS {peak:.0f} MiB")
    assert 0 < peak < 300, f"peak RSS {peak:.0f} MiB for a 50 MB line"


def test_long_line_without_spaces_on_standard_input(tmp_path: Path) -> None:
    data = tmp_path / "x.txt"
    data.write_bytes(b"x" * (2 << 20))
    code, out, err, _, _ = run_measured(["fix"], data, timeout=60)
    assert b"Traceback" not in err, err.decode()[-800:]
    assert code == 0 and out == data.read_bytes()


def test_a_million_short_lines_on_standard_input(tmp_path: Path) -> None:
    data = tmp_path / "lines.txt"
    with open(data, "wb") as handle:
        for _ in range(1000):
            handle.write(b"a\n" * 999 + "cafÃ©\n".encode())
    code, out, err, elapsed, peak = run_measured(["fix"], data, timeout=120)
    assert code == 0, err.decode()[-2000:]
    assert out.count("café\n".encode()) == 1000 and out.count(b"\n") == 1_000_000
    print(f"1M lines: {elapsed:.1f}s, peak RSS {peak:.0f} MiB")
    assert 0 < peak < 300


def test_a_million_short_lines_as_a_file(mojifix, tmp_path: Path) -> None:
    target = tmp_path / "lines.txt"
    target.write_bytes((b"a\n" * 999 + "cafÃ©\n".encode()) * 1000)
    result = mojifix(["fix", "--no-cache", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == (b"a\n" * 999 + "café\n".encode()) * 1000


DENSE = """
import sys, mojifix
print(len(mojifix.fix_text(sys.argv[1] * int(sys.argv[2]))))
"""


def run_engine(script: str, *args: str, timeout: float) -> None:
    """Run ``script`` in a child process that must finish within ``timeout`` seconds."""
    started = time.monotonic()
    try:
        subprocess.run(
            [sys.executable, "-c", script, *args], timeout=timeout, check=True, capture_output=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"not done after {time.monotonic() - started:.0f}s")


def test_many_dense_mojibake_lines_in_linear_time() -> None:
    """12000 lines of 'Ã©' (36 KB): seconds, not minutes (once quadratic: 8000 took 25 s)."""
    run_engine(DENSE, "Ã©\n", "12000", timeout=30)


@pytest.mark.parametrize("word", ["Привет", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚"], ids=["clean", "damaged"])
def test_long_unspaced_word_in_linear_time(word: str) -> None:
    """24 KB of Cyrillic with no space, clean or as UTF-8 read as Windows-1252 (every
    cluster inside one 'word'): once 15 s, when each cluster re-read the whole word."""
    run_engine(DENSE, word, "2000", timeout=5)


MINIFIED = """
import json, sys, mojifix
rows = [{"name": "Zoë Ångström", "city": "Köln", "id": i} for i in range(int(sys.argv[1]))]
line = json.dumps(rows, ensure_ascii=False).replace("Zoë", "ZoÃ«", 1)
assert "ZoÃ«" not in mojifix.fix_text(line)
"""


def test_long_line_with_one_repair_in_linear_time() -> None:
    """A 32 KB minified-JSON line with one damaged name: 16 s (16 KB: 4 s; 64 KB: ~1 min)."""
    run_engine(MINIFIED, "600", timeout=5)


@pytest.mark.parametrize("codepage", ["cp1252", "cp1251", "mac_roman"])
def test_deeply_layered_mojibake_is_bounded(codepage: str) -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    mangle = importlib.import_module("bench.mangle")
    clean = "le café déjà vu — “quoted” naïve\n"
    text = clean
    for layer in range(1, 10):  # 9 layers of mac_roman: 24 KB from 40 characters
        text = mangle.decode_single_byte(text.encode("utf-8"), codepage)
        started = time.monotonic()
        fixed = mojifix.fix_text(text)
        elapsed = time.monotonic() - started
        assert elapsed < 10, f"{layer} layers ({len(text)} chars): {elapsed:.1f}s"
        assert fixed == clean, f"{layer} layers of {codepage}"


def test_input_over_the_size_limit_is_a_clear_skip(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "big.txt", BROKEN * 1000)
    result = mojifix(["fix", "--no-cache", "--max-size", "1000", str(target)])
    assert result.exit_code == 0
    assert "1 skipped (1 too large)" in result.stderr
    assert target.read_text() == BROKEN * 1000


# --------------------------------------------------------------------------------------------
# Awkward names
# --------------------------------------------------------------------------------------------

AWKWARD = [b"new\nline.txt", b"-rf.txt", b"--check", b"bad-\xff\xfe.txt", b"tab\there.txt"]


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    folder = tmp_path / "awk"
    folder.mkdir()
    for name in AWKWARD:
        write(folder / os.fsdecode(name))
    return folder


def test_awkward_names_are_repaired_and_printed_on_one_line_each(mojifix, awkward: Path) -> None:
    result = mojifix(["fix", "-v", "--no-cache", str(awkward)])
    assert result.exit_code == 0, result.stderr
    for name in AWKWARD:
        assert (awkward / os.fsdecode(name)).read_text() == FIXED
    lines = [line for line in result.stderr.splitlines() if line.startswith("repaired ")]
    assert len(lines) == len(AWKWARD)
    assert all(line.isprintable() for line in result.stderr.splitlines())
    assert sorted(os.listdir(awkward)) == sorted(os.fsdecode(n) for n in AWKWARD)


def test_names_that_look_like_options(mojifix, awkward: Path, patch) -> None:
    patch.chdir(awkward)
    result = mojifix(["fix", "--no-cache", "--", "--check", "-rf.txt"])
    assert result.exit_code == 0, result.stderr
    assert Path("--check").read_text() == FIXED and Path("-rf.txt").read_text() == FIXED


def test_failures_with_awkward_names_are_one_line(mojifix, awkward: Path, patch) -> None:
    import mojifix.runner as runner

    def denied(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", path)

    patch.setattr(runner, "read_source", denied)
    result = mojifix(["fix", "-j1", "--no-cache", str(awkward)])
    assert result.exit_code == 123
    errors = error_lines(result.stderr)
    assert len(errors) == len(AWKWARD), result.stderr
    assert f"error: {awkward}/new\\nline.txt: cannot read: permission denied" in errors
    assert f"error: {awkward}/bad-\\xff\\xfe.txt: cannot read: permission denied" in errors
    assert f"error: {awkward}/tab\\there.txt: cannot read: permission denied" in errors


def test_json_paths_are_exact(mojifix, tmp_path: Path) -> None:
    folder = tmp_path / "j"
    names = [b"new\nline.txt", b"bad-\xff.txt", b"bad-\\xff.txt"]  # the last is literally \xff
    for name in names:
        write(folder / os.fsdecode(name))
    result = mojifix(["fix", "--check", "--json", "--no-cache", str(folder)])
    paths = sorted(json.loads(line)["path"] for line in result.stdout.splitlines())
    # Exact: the name as the file system has it; bytes that are not UTF-8 as \udcXX escapes
    # (surrogateescape), which JSON can carry and os.fsencode turns back into the bytes.
    assert paths == sorted(str(folder / os.fsdecode(n)) for n in names)
    assert len(set(paths)) == len(names)


# --------------------------------------------------------------------------------------------
# Temporary files and backups
# --------------------------------------------------------------------------------------------


def test_temporaries_are_unguessable_and_never_follow_a_planted_link(
    mojifix, tmp_path: Path, patch
) -> None:
    """An attacker who pre-creates links at the next candidate names gains nothing."""
    folder = tmp_path / "t"
    target = write(folder / "a.txt")
    victim = write(tmp_path / "victim.txt", "victim\n")
    # the guessed names first, then tempfile's own random ones
    names = itertools.chain(["guess0", "guess1", "guess2"], tempfile._RandomNameSequence())
    planted = []
    for i in range(3):
        link = folder / f".a.txt.guess{i}.mojifix-tmp"
        os.symlink(victim, link)
        planted.append(link)

    class Predictable:
        def __iter__(self) -> Predictable:
            return self

        def __next__(self) -> str:
            return next(names)

    patch.setattr(tempfile, "_get_candidate_names", lambda: Predictable())
    result = mojifix(["fix", "-j1", "--no-cache", "--backup", ".orig", str(target)])
    patch.undo()
    assert result.exit_code == 0, result.stderr
    assert victim.read_text() == "victim\n"
    assert target.read_text() == FIXED
    assert all(link.is_symlink() for link in planted)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o755, 0o700, 0o2775])
def test_temporaries_are_never_more_open_than_the_original(
    mojifix, tmp_path: Path, patch, mode: int
) -> None:
    folder = tmp_path / "m"
    target = write(folder / "a.txt")
    target.chmod(mode)
    seen: list[tuple[str, int]] = []
    real_fchmod, real_replace = os.fchmod, os.replace

    def fchmod(fd: int, new_mode: int) -> None:
        seen.append(("created", stat.S_IMODE(os.fstat(fd).st_mode)))
        real_fchmod(fd, new_mode)

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert os.path.dirname(os.fsdecode(src)) == os.path.dirname(os.fsdecode(dst))
        seen.append(("renamed", stat.S_IMODE(os.stat(src).st_mode)))
        return real_replace(src, dst, *args, **kwargs)

    patch.setattr(os, "fchmod", fchmod)
    patch.setattr(os, "replace", replace)
    old_umask = os.umask(0)  # a careless umask must not widen anything
    try:
        result = mojifix(["fix", "-j1", "--no-cache", "--backup", "~", str(target)])
    finally:
        os.umask(old_umask)
    patch.undo()
    assert result.exit_code == 0, result.stderr
    assert seen and all(m & ~mode == 0 for _, m in seen), (oct(mode), seen)
    assert all(m == 0o600 for what, m in seen if what == "created")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert stat.S_IMODE((folder / "a.txt~").stat().st_mode) == mode


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another owner")
def test_owner_is_kept_when_root_repairs_someone_elses_file(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt")
    os.chown(target, 4321, 4322)
    target.chmod(0o640)
    result = mojifix(["fix", "--no-cache", str(target)])
    assert result.exit_code == 0, result.stderr
    st = target.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o640)


def test_hard_link_outside_the_named_folder_keeps_its_content(mojifix, tmp_path: Path) -> None:
    inside = write(tmp_path / "named" / "a.txt")
    outside = tmp_path / "outside.txt"
    os.link(inside, outside)
    result = mojifix(["fix", "--no-cache", str(tmp_path / "named")])
    assert result.exit_code == 0, result.stderr
    assert inside.read_text() == FIXED
    assert outside.read_text() == BROKEN


def test_backup_over_a_planted_link_does_not_write_through_it(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "named" / "a.txt")
    victim = write(tmp_path / "victim.txt", "victim\n")
    os.symlink(victim, tmp_path / "named" / "a.txt.orig")
    result = mojifix(["fix", "--no-cache", "--backup", ".orig", str(target)])
    assert victim.read_text() == "victim\n"
    assert result.exit_code in (0, 123), result.stderr


def test_backup_never_destroys_an_existing_file(mojifix, tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", "the cafÃ© list\n")
    precious = write(tmp_path / "notes.bak", "precious, unrelated: cafÃ©\n")
    result = mojifix(["fix", "--no-cache", "--backup", ".bak", str(tmp_path)])
    contents = {p.read_text() for p in tmp_path.iterdir()}
    # However the run ends, the text that was in notes.bak must still exist somewhere.
    assert any("precious, unrelated" in c for c in contents), (result.stderr, contents)
    assert notes.exists() and precious.exists()
