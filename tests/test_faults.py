"""Faults during ``mojifix fix``: whatever happens, every file is its old or its new version.

Real processes are killed (SIGKILL at random moments, SIGINT), the kernel refuses writes
(``RLIMIT_FSIZE``), the reader of standard output goes away; where a fault cannot be caused
for real (permissions when the tests run as root, a full disk at one exact write, another
program editing a file between our read and our write), the system call is monkeypatched in
an in-process run.  Each case ends with a clear one-line message and the original intact.

The SIGKILL test is bounded (a few hundred files, a time budget); for a longer run::

    MOJIFIX_KILL_FILES=3000 MOJIFIX_KILL_ROUNDS=100 MOJIFIX_KILL_BUDGET=600 \\
        pytest tests/test_faults.py -k sigkill -s
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mojifix.runner import Settings, Status, fix_bytes

BROKEN = "the cafÃ© au lait, rÃ©sumÃ© â€” naÃ¯ve\n"
FIXED = "the café au lait, résumé — naïve\n"
ROOT = os.geteuid() == 0
TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.mojifix-tmp$")
KILL_FILES = int(os.environ.get("MOJIFIX_KILL_FILES", "240"))
KILL_ROUNDS = int(os.environ.get("MOJIFIX_KILL_ROUNDS", "10"))
KILL_BUDGET = float(os.environ.get("MOJIFIX_KILL_BUDGET", "15"))  # seconds of kill rounds
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def patch() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch of our own: its ``undo()`` leaves conftest's private cache folder alone."""
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def cli(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    """Start ``python -m mojifix ARGS`` in a session of its own (its workers can be signalled)."""
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "mojifix", *args],
        stdout=kwargs.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        start_new_session=True,
        **kwargs,
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".mojifix-tmp"))


def make_tree(folder: Path, count: int, seed: int = 0) -> dict[str, bytes]:
    """``count`` small files: two thirds mojibake (each different), a third clean."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = [
        "cafÃ©",
        "rÃ©sumÃ©",
        "naÃ¯ve",
        "Ã¼ber",
        "â€œquotedâ€\x9d",
        "plain",
        "text",
        "Ã…ngstrÃ¶m",
    ]
    for i in range(count):
        if i % 3 == 2:
            text = f"clean file {i}: café, naïve, résumé\n"
        else:
            text = "".join(f"{i} " + " ".join(rng.choices(words, k=6)) + "\n" for _ in range(3))
        (folder / f"f{i:05d}.txt").write_bytes(text.encode("utf-8"))
    return snapshot(folder)


def expected_versions(originals: dict[str, bytes]) -> dict[str, bytes]:
    """What a complete run makes of each file (computed in this process, without writing)."""
    out = {}
    for name, data in originals.items():
        fixed = fix_bytes(data, Settings())
        out[name] = fixed.output if fixed.status is Status.CHANGED and fixed.output else data
    return out


def wait_gone(pgid: int, timeout: float = 10.0) -> None:
    """Wait until no process of the group is left (killed workers are reaped by init)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.01)
    pytest.fail(f"processes of group {pgid} still alive {timeout}s after the kill")


def start_and_wait_for_first_write(tree: Path, jobs: str) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``mojifix fix`` on ``tree``; return once it created its first temporary."""
    before = os.stat(tree).st_mtime_ns
    proc = cli("fix", jobs, "--no-cache", str(tree))
    while os.stat(tree).st_mtime_ns == before and proc.poll() is None:
        time.sleep(0.002)
    return proc, time.monotonic()


def check_old_or_new(
    folder: Path, old: dict[str, bytes], new: dict[str, bytes]
) -> tuple[int, list[str]]:
    """Every file is byte-identical to its old or its new version; return (#new, temporaries)."""
    now = {p.name: p for p in folder.iterdir()}
    temps = sorted(name for name in now if name not in old)
    for name in temps:
        match = TEMP.match(name)
        assert match and match.group("name") in old, f"unexpected file left: {name!r}"
        # a temporary holds (a prefix of) the new content, never anything else
        assert new[match.group("name")].startswith(now[name].read_bytes()), name
    done = 0
    for name, data in old.items():
        assert name in now, f"{name} vanished"
        current = now[name].read_bytes()
        assert current in (data, new[name]), f"{name} is neither its old nor its new version"
        done += current == new[name] != data
    return done, temps


# --------------------------------------------------------------------------------------------
# SIGKILL at random moments
# --------------------------------------------------------------------------------------------


def test_sigkill_at_random_moments_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(BROKEN.encode())
    originals = make_tree(tree, KILL_FILES)
    new = expected_versions(originals)
    changing = sum(new[n] != originals[n] for n in originals)
    assert changing > KILL_FILES // 2

    # A complete run first: the reference for "new", and the length of the writing phase.
    run, started = start_and_wait_for_first_write(tree, "-j2")
    _, err = run.communicate(timeout=300)
    writing = time.monotonic() - started
    assert run.returncode == 0, err.decode()
    assert snapshot(tree) == new

    rng = random.Random(int(os.environ.get("MOJIFIX_KILL_SEED", "1")))
    deadline = time.monotonic() + KILL_BUDGET
    rounds = left = 0
    seen_done: list[int] = []
    while rounds < KILL_ROUNDS and (rounds < 3 or time.monotonic() < deadline):
        rounds += 1
        for name, data in originals.items():  # every file back to its old version
            (tree / name).write_bytes(data)
        # Kill inside the writing phase: after the first temporary appears, at a random point.
        proc, _ = start_and_wait_for_first_write(tree, rng.choice(["-j1", "-j2", "-j2"]))
        time.sleep(rng.uniform(0, writing))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        wait_gone(proc.pid)
        done, temps = check_old_or_new(tree, originals, new)
        seen_done.append(done)
        left += len(temps)
        for name in temps:  # pretend the next run comes a while later: they are stale now
            os.utime(tree / name, (AN_HOUR_AGO, AN_HOUR_AGO))

    # The next complete run finishes the job and clears what the killed runs left behind.
    run = cli("fix", "-j2", "--no-cache", str(tree))
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err.decode()
    assert snapshot(tree) == new
    assert temporaries(tree) == []
    assert outside.read_bytes() == BROKEN.encode()
    print(f"{rounds} kills; files new at each kill: {seen_done} of {changing}; {left} temps left")
    assert any(0 < d < changing for d in seen_done), "no kill landed in the middle of a run"


KILL_IN_FSYNC = """
import os, signal, stat, sys
calls = 0
real = os.fsync
def fsync(fd):
    global calls
    calls += stat.S_ISREG(os.fstat(fd).st_mode)  # temporaries, not folders
    if calls == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)   # dies with a complete temporary, not renamed
    real(fd)
os.fsync = fsync
from mojifix.cli import main
sys.argv = ["mojifix", "fix", "-j1", "--no-cache", *sys.argv[1:]]
main()
"""


def kill_mid_write(tmp_path: Path, at: int = 2) -> tuple[Path, list[str]]:
    """Really SIGKILL a run inside the fsync of its ``at``-th temporary; return the leftovers."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(3):
        (tree / f"f{i}.txt").write_bytes(BROKEN.encode())
    done = subprocess.run(
        [sys.executable, "-c", KILL_IN_FSYNC, str(tree)],
        capture_output=True,
        env={**os.environ, "KILL_AT": str(at)},
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return tree, temporaries(tree)


def test_sigkill_mid_write_leaves_original_and_a_recognisable_temporary(tmp_path: Path) -> None:
    tree, temps = kill_mid_write(tmp_path)
    assert [(tree / f"f{i}.txt").read_bytes() for i in range(3)] == [
        FIXED.encode(),
        BROKEN.encode(),
        BROKEN.encode(),
    ]
    assert len(temps) == 1 and TEMP.match(temps[0]) and temps[0].startswith(".f1.txt."), temps
    assert (tree / temps[0]).stat().st_mode & 0o777 == (tree / "f1.txt").stat().st_mode & 0o777


def test_next_run_removes_a_stale_temporary_and_says_so(tmp_path: Path) -> None:
    tree, temps = kill_mid_write(tmp_path)
    os.utime(tree / temps[0], (AN_HOUR_AGO, AN_HOUR_AGO))
    run = subprocess.run(
        [sys.executable, "-m", "mojifix", "fix", "-v", "-j1", "--no-cache", str(tree)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert temporaries(tree) == []
    assert all((tree / f"f{i}.txt").read_bytes() == FIXED.encode() for i in range(3))
    assert "stale temporary" in run.stderr and temps[0] in run.stderr, run.stderr


def test_next_run_leaves_a_fresh_temporary_alone(tmp_path: Path) -> None:
    """A temporary seconds old may belong to a run still going: never rewritten or removed."""
    tree, temps = kill_mid_write(tmp_path)
    data = (tree / temps[0]).read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "mojifix", "fix", "-v", "-j1", "--no-cache", str(tree)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert temporaries(tree) == temps and (tree / temps[0]).read_bytes() == data
    assert not [line for line in run.stderr.splitlines() if "repaired" in line and temps[0] in line]


# --------------------------------------------------------------------------------------------
# SIGINT (Ctrl-C) during a batch
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jobs", "whole_group"),
    [("1", True), ("2", True), ("2", False)],
    ids=["j1-ctrl-c", "j2-ctrl-c", "j2-sigint-to-main-only"],
)
def test_sigint_stops_promptly_with_130_and_no_partial_file(
    tmp_path: Path, jobs: str, whole_group: bool
) -> None:
    tree = tmp_path / "tree"
    originals = make_tree(tree, 400, seed=3)
    new = expected_versions(originals)
    proc = cli("fix", f"-j{jobs}", "--no-cache", str(tree))
    deadline = time.monotonic() + 60
    first = list(originals.items())[:12]
    while time.monotonic() < deadline and proc.poll() is None:  # wait for a few repairs
        if sum((tree / n).read_bytes() != d for n, d in first) >= 2:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    sent = time.monotonic()
    if whole_group:  # what a terminal does on Ctrl-C: the whole foreground group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    _, err_bytes = proc.communicate(timeout=60)
    elapsed = time.monotonic() - sent
    err = err_bytes.decode()
    wait_gone(proc.pid)
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "Error: interrupted"
    assert elapsed < 10, f"took {elapsed:.1f}s to stop"
    done, temps = check_old_or_new(tree, originals, new)
    assert temps == [], "a temporary was left behind"
    assert done < sum(new[n] != originals[n] for n in originals), "nothing was interrupted"


# --------------------------------------------------------------------------------------------
# Broken standard output pipe
# --------------------------------------------------------------------------------------------


def _pipe_to_closed_reader(args: list[str], stdin: Path | None) -> tuple[int, str]:
    """Run ``mojifix ARGS < stdin | head -c 10``: read a little, close the pipe."""
    with open(stdin if stdin is not None else os.devnull, "rb") as source:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mojifix", *args],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        with proc:
            proc.stdout.read(10)
            proc.stdout.close()
            err = proc.stderr.read().decode()
    return proc.returncode, err


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("findings")
    for i in range(150):
        (folder / f"f{i:03d}.txt").write_bytes((BROKEN * 20).encode())
    return folder


@pytest.mark.parametrize("mode", ["stream", "stream-check", "stdin-json", "stdin-diff"])
def test_broken_pipe_on_standard_input_path(tmp_path: Path, mode: str) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(("plain ascii line number one two three\n" * 999 + BROKEN).encode() * 120)
    args = {
        "stream": [],
        "stream-check": ["--check"],
        "stdin-json": ["--json"],
        "stdin-diff": ["--diff"],
    }[mode]
    code, err = _pipe_to_closed_reader(["fix", *args], big)
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    # 0 once the pipe is found closed; --check/--diff may finish first and report findings
    assert code in ((0, 1) if mode in ("stream-check", "stdin-diff") else (0,)), err


@pytest.mark.parametrize(
    "flags",
    [["--check"], ["--check", "--json"], ["--diff"]],
    ids=["check", "check-json", "diff"],
)
def test_broken_pipe_on_file_results(many_findings: Path, flags: list[str]) -> None:
    args = ["fix", *flags, "-j1", "--no-cache", str(many_findings)]
    code, err = _pipe_to_closed_reader(args, None)
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    assert all(p.read_bytes() == (BROKEN * 20).encode() for p in many_findings.iterdir())
    assert code == 0, err  # the output is larger than a pipe's buffer: the break is always seen


# --------------------------------------------------------------------------------------------
# Disk full
# --------------------------------------------------------------------------------------------

FSIZE_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # else the kernel kills us instead of EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from mojifix.cli import main
sys.argv = ["mojifix", "fix", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(
    "extra", [["-j1"], ["-j2"], ["-j1", "--backup", ".orig"]], ids=["j1", "j2", "backup"]
)
def test_file_size_limit_batch(tmp_path: Path, extra: list[str]) -> None:
    """Small files are repaired, big ones fail one by one, in workers too; nothing is cut."""
    tree = tmp_path / "tree"
    tree.mkdir()
    small = {f"s{i}.txt": BROKEN.encode() for i in range(6)}
    large = {f"l{i}.txt": (BROKEN * 200).encode() for i in range(6)}
    for name, data in {**small, **large}.items():
        (tree / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", FSIZE_LIMITED, "4000", "--no-cache", *extra, str(tree)],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 123, done.stderr
    assert sorted(error_lines(done.stderr)) == sorted(
        f"error: {tree / name}: cannot write: file too large for the file system or the "
        "process limit; the original is unchanged"
        for name in large
    ), done.stderr
    for name, data in large.items():
        assert (tree / name).read_bytes() == data
    for name in small:
        assert (tree / name).read_bytes() == FIXED.encode()
    backups = {n + ".orig" for n in small} if "--backup" in extra else set()
    assert set(os.listdir(tree)) == set(small) | set(large) | backups
    for name in backups:
        assert (tree / name).read_bytes() == BROKEN.encode()


def test_disk_full_at_random_writes_in_a_batch(mojifix, tmp_path: Path, patch) -> None:
    """ENOSPC on some writes (after a partial one) and fsyncs: failures stay per file."""
    tree = tmp_path / "tree"
    originals = make_tree(tree, 60, seed=5)
    new = expected_versions(originals)
    rng = random.Random(5)
    real_write, real_fsync = os.write, os.fsync

    def write(fd: int, data: bytes) -> int:
        if rng.random() < 0.3:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        if rng.random() < 0.2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    patch.setattr(os, "write", write)
    patch.setattr(os, "fsync", fsync)
    result = mojifix(["fix", "-j1", "--no-cache", str(tree)])
    patch.undo()
    done, temps = check_old_or_new(tree, originals, new)
    assert temps == []
    failed = error_lines(result.stderr)
    assert failed and all(
        line.endswith(": cannot write: no space left on device; the original is unchanged")
        for line in failed
    ), failed
    assert done + len(failed) == sum(new[n] != originals[n] for n in originals)
    assert result.exit_code == 123


def test_cache_save_failure_leaves_no_temporary(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(200):  # enough clean files that the cache outgrows the size limit
        (tree / f"clean-file-with-a-long-name-{i:04d}.txt").write_bytes(b"clean\n")
    cache = tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, "-c", FSIZE_LIMITED, "2000", "-j1", str(tree)],
        capture_output=True,
        text=True,
        env={**os.environ, "MOJIFIX_CACHE_DIR": str(cache)},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in cache.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------------------------
# Permission denied
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(ROOT, reason="root reads and writes regardless of mode bits")
def test_permission_denied_for_real(mojifix, tmp_path: Path) -> None:  # pragma: no cover
    unreadable = tmp_path / "unreadable.txt"
    locked = tmp_path / "locked"
    locked.mkdir()
    in_locked = locked / "a.txt"
    for path in (unreadable, in_locked):
        path.write_bytes(BROKEN.encode())
    unreadable.chmod(0)
    locked.chmod(0o555)
    try:
        result = mojifix(["fix", "-j1", "--no-cache", str(unreadable), str(in_locked)])
    finally:
        unreadable.chmod(0o600)
        locked.chmod(0o755)
    assert result.exit_code == 123
    assert error_lines(result.stderr) == [
        f"error: {unreadable}: cannot read: permission denied",
        f"error: {in_locked}: cannot write: permission denied; the original is unchanged",
    ]
    assert unreadable.read_bytes() == in_locked.read_bytes() == BROKEN.encode()


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("open-read", "cannot read: permission denied"),
        ("mkstemp", "cannot write: permission denied; the original is unchanged"),
        ("fchmod", "cannot write: operation not permitted; the original is unchanged"),
        ("replace", "cannot write: permission denied; the original is unchanged"),
    ],
    ids=["read", "create-temporary", "chmod-temporary", "rename"],
)
def test_permission_denied_simulated(
    mojifix, tmp_path: Path, patch, where: str, message: str
) -> None:
    """Monkeypatched, so it also runs as root (where chmod 000 would not stop anything)."""
    victim = tmp_path / "victim.txt"
    other = tmp_path / "other.txt"
    victim.write_bytes(BROKEN.encode())
    other.write_bytes(BROKEN.encode())
    code = errno.EPERM if where == "fchmod" else errno.EACCES
    real_open, real_mkstemp = os.open, tempfile.mkstemp
    real_fchmod, real_replace = os.fchmod, os.replace

    def is_victim(name: object) -> bool:
        return "victim" in os.fsdecode(name)  # type: ignore[arg-type]

    def open_(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if is_victim(path) and not flags & os.O_CREAT:
            raise PermissionError(code, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        if is_victim(kwargs.get("prefix", "")):
            raise PermissionError(code, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    def fchmod(fd: int, mode: int) -> None:
        if is_victim(os.readlink(f"/proc/self/fd/{fd}")):
            raise PermissionError(code, "Operation not permitted")
        real_fchmod(fd, mode)

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        if is_victim(dst):
            raise PermissionError(code, "Permission denied", dst)
        return real_replace(src, dst, *args, **kwargs)

    patches: dict[str, tuple[object, str, Callable[..., object]]] = {
        "open-read": (os, "open", open_),
        "mkstemp": (tempfile, "mkstemp", mkstemp),
        "fchmod": (os, "fchmod", fchmod),
        "replace": (os, "replace", replace),
    }
    module, name, fake = patches[where]
    patch.setattr(module, name, fake)
    result = mojifix(["fix", "-j1", "--no-cache", str(other), str(victim)])
    patch.undo()
    assert result.exit_code == 123, result.stderr
    assert error_lines(result.stderr) == [f"error: {victim}: {message}"]
    assert victim.read_bytes() == BROKEN.encode()
    assert other.read_bytes() == FIXED.encode()
    assert sorted(os.listdir(tmp_path)) == ["other.txt", "victim.txt"]


# --------------------------------------------------------------------------------------------
# The file changes under our feet
# --------------------------------------------------------------------------------------------


def between_read_and_write(patch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action()`` after the file was read and repaired, before it is written."""
    import mojifix.api as api  # the runner imports the engine's entry point from here

    real = api.repair_bytes

    def hook(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(data, *args, **kwargs)
        action()
        return result

    patch.setattr(api, "repair_bytes", hook)


EDIT = "someone else's newer text, with cafÃ© too\n"


@pytest.mark.parametrize(
    "how",
    ["deleted", "appended", "same-size-same-mtime", "renamed-over", "truncated", "made-a-folder"],
)
def test_file_changed_between_read_and_write(mojifix, tmp_path: Path, patch, how: str) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(BROKEN.encode())
    expected: bytes | None = BROKEN.encode()

    def act() -> None:
        nonlocal expected
        if how == "deleted":
            target.unlink()
            expected = None
        elif how == "appended":
            with open(target, "ab") as handle:
                handle.write(b"more\n")
            expected = (BROKEN + "more\n").encode()
        elif how == "same-size-same-mtime":  # only the content check can see this one
            st = target.stat()
            expected = BROKEN.encode().replace(b"the", b"THE")
            target.write_bytes(expected)
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        elif how == "renamed-over":
            (tmp_path / "new.tmp").write_bytes(EDIT.encode())
            os.replace(tmp_path / "new.tmp", target)
            expected = EDIT.encode()
        elif how == "truncated":
            target.write_bytes(b"")
            expected = b""
        else:
            target.unlink()
            target.mkdir()
            expected = None

    between_read_and_write(patch, act)
    result = mojifix(["fix", "-j1", "--no-cache", str(target)])
    patch.undo()
    assert result.exit_code == 123, result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: {target}: not written: "), errors
    if expected is None:
        assert not target.is_file()
    else:
        assert target.read_bytes() == expected
    assert sorted(os.listdir(tmp_path)) == ([] if how == "deleted" else ["a.txt"])
