"""The runner: pure decisions in fix_bytes, deterministic order whatever the worker count."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mojifix import runner
from mojifix.discover import iter_entries
from mojifix.runner import Settings, Status, WriteBack, fix_bytes, fix_paths

BROKEN = "the cafÃ© au lait\n"


def test_write_back_decided_once_from_flags() -> None:
    assert WriteBack.from_flags(check=False, diff=False) is WriteBack.YES
    assert WriteBack.from_flags(check=True, diff=False) is WriteBack.CHECK
    assert WriteBack.from_flags(check=True, diff=True) is WriteBack.DIFF


def test_fix_bytes_is_pure_and_keeps_identical_bytes() -> None:
    clean = b"already fine\r\n"
    fixed = fix_bytes(clean, Settings())
    assert fixed.status is Status.UNCHANGED and fixed.output is None
    fixed = fix_bytes(BROKEN.encode(), Settings())
    assert fixed.status is Status.CHANGED
    assert fixed.output == "the café au lait\n".encode()


def test_fix_bytes_utf16_keeps_byte_order_when_keeping_encoding() -> None:
    data = "\ufeffthe cafÃ©\n".encode("utf-16-be")
    fixed = fix_bytes(data, Settings(keep_encoding=True))
    assert fixed.output == "\ufeffthe café\n".encode("utf-16-be")
    fixed = fix_bytes(data, Settings())
    assert fixed.output == "the café\n".encode()


def test_results_identical_and_in_order_whatever_the_jobs(tmp_path: Path) -> None:
    for i in range(40):
        content = BROKEN if i % 3 == 0 else "clean line\n"
        (tmp_path / f"f{i:02}.txt").write_text(content, encoding="utf-8")
    (tmp_path / "zz.bin").write_bytes(b"\x00\x01")
    settings = Settings(write_back=WriteBack.CHECK)

    def run(jobs: int) -> list[tuple[str, Status, int]]:
        entries = iter_entries([str(tmp_path)], str(tmp_path))
        return [(r.path, r.status, r.repairs) for r in fix_paths(entries, settings, jobs=jobs)]

    serial = run(1)
    assert [Path(p).name for p, _, _ in serial] == sorted(p.name for p in tmp_path.iterdir())
    assert run(2) == serial
    assert run(4) == serial


def test_cli_output_identical_whatever_the_jobs(mojifix, tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"f{i:02}.txt").write_text(BROKEN * (i % 4), encoding="utf-8")
    outputs = {
        jobs: mojifix(["fix", "--check", "--no-cache", "-j", str(jobs), str(tmp_path)])
        for jobs in (1, 2)
    }
    assert outputs[1].exit_code == outputs[2].exit_code == 1
    assert outputs[1].stdout == outputs[2].stdout
    assert outputs[1].stderr == outputs[2].stderr


def test_settings_cache_key_ignores_write_back() -> None:
    base = Settings()
    assert base.cache_key() == replace(base, write_back=WriteBack.DIFF, backup=".b").cache_key()
    assert base.cache_key() != replace(base, to="utf-16").cache_key()


MIXED = "Bonjour à tous, ça va très bien.\n".encode() * 3 + b"un caf\xe9 cr\xe8me\n"


def test_mixed_file_guessed_line_is_a_finding_and_not_written_unless_accepted() -> None:
    for data in (MIXED, MIXED + BROKEN.encode()):  # with and without another repair
        fixed = fix_bytes(data, Settings())
        assert fixed.status is Status.FAILED and fixed.output is None
        assert "line 4 is not valid UTF-8" in fixed.reason and "cp1252" in fixed.reason
        assert fixed.repair is not None
        (finding,) = [c for c in fixed.repair.changes if c.line == 4]
        assert (finding.column, finding.original, finding.replacement) == (
            1,
            "un caf\udce9 cr\udce8me",
            "un café crème",
        )
        accepted = fix_bytes(data, Settings(accept_low_confidence=True))
        assert accepted.status is Status.CHANGED and accepted.output is not None
        assert accepted.output.split(b"\n")[3] == "un café crème".encode()


def test_odd_trailing_byte_of_utf16_is_undecodable_not_unencodable() -> None:
    fixed = fix_bytes("abcdefg".encode("utf-16-be") + b"\n", Settings())
    assert fixed.status is Status.FAILED
    assert "not valid utf-16" in fixed.reason and "nothing lost" in fixed.reason


def _pool_sizes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int | None, size: int
) -> list[int]:
    """The worker counts fix_paths asks for over 16 files of ``size`` bytes each."""
    for i in range(16):
        (tmp_path / f"f{i}.txt").write_bytes(b"plain text\n" * (size // 11))
    asked: list[int] = []

    def no_pool(workers: int, method: str) -> None:
        asked.append(workers)
        return None  # run in this process, as on a platform without process pools

    monkeypatch.setattr(runner, "_executor", no_pool)
    monkeypatch.setattr(runner, "default_jobs", lambda: 2)
    entries = iter_entries([str(tmp_path)], str(tmp_path))
    results = list(fix_paths(entries, Settings(), jobs=jobs))
    assert len(results) == 16 and all(r.status is Status.UNCHANGED for r in results)
    return asked


def test_default_jobs_start_no_workers_for_little_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Starting workers costs more than a few kilobytes of text take in one process."""
    assert _pool_sizes(monkeypatch, tmp_path, None, 1000) == []


def test_default_jobs_start_workers_for_enough_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _pool_sizes(monkeypatch, tmp_path, None, 600_000) == [2]


def test_explicit_jobs_are_obeyed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert _pool_sizes(monkeypatch, tmp_path, 2, 1000) == [2]


def test_workers_are_forked_only_while_this_process_has_one_thread() -> None:
    """A fork copies locks held by other threads, which then never unlock in the child."""
    import sys
    import threading

    if not sys.platform.startswith("linux"):
        assert runner.start_method() in ("forkserver", "spawn")
        return
    assert threading.active_count() == 1, "another test left a thread running"
    assert runner.start_method() == "fork"
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert runner.start_method() == "forkserver"
    finally:
        release.set()
        other.join()


def test_a_forked_pool_gives_the_same_results_as_one_process(tmp_path: Path) -> None:
    """The first share of the files is done before forking (to warm the engine the workers
    inherit); the rest by the workers; together, in order, exactly what one process gives."""
    for i in range(70):
        content = BROKEN if i % 7 == 0 else f"clean line {i}\nthe café\n"
        (tmp_path / f"f{i:02}.txt").write_text(content, encoding="utf-8")
    settings = Settings(write_back=WriteBack.CHECK)

    def run(jobs: int) -> list[runner.FileResult]:
        return list(fix_paths(iter_entries([str(tmp_path)], str(tmp_path)), settings, jobs=jobs))

    assert run(2) == run(1)


def test_a_run_without_a_cache_does_not_hash_files(tmp_path: Path) -> None:
    from mojifix.discover import Source

    path = tmp_path / "clean.txt"
    path.write_text("nothing to see\n", encoding="utf-8")
    source = Source(str(path), str(path), str(tmp_path))
    hashed = runner.fix_file(source, Settings())
    assert hashed.status is Status.UNCHANGED and hashed.fingerprint is not None
    assert hashed.fingerprint.size == path.stat().st_size
    plain = runner.fix_file(source, Settings(), fingerprint=False)
    assert plain == replace(hashed, fingerprint=None)


def _auto_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, files: int, method: str
) -> list[int]:
    """The worker counts fix_paths asks for, jobs not given, over ``files`` tiny files."""
    for i in range(files):
        (tmp_path / f"f{i:04}.txt").write_bytes(b"plain text\n")
    asked: list[int] = []

    def no_pool(workers: int, method: str) -> None:
        asked.append(workers)
        return None

    def unsized(sources: object) -> int:
        raise AssertionError("sizes are not needed: the number of files decides")

    monkeypatch.setattr(runner, "_executor", no_pool)
    monkeypatch.setattr(runner, "default_jobs", lambda: 2)
    monkeypatch.setattr(runner, "start_method", lambda: method)
    if method == "fork":
        monkeypatch.setattr(runner, "_total_size", unsized)
    entries = iter_entries([str(tmp_path)], str(tmp_path))
    results = list(fix_paths(entries, Settings(write_back=WriteBack.CHECK), jobs=None))
    assert len(results) == files and all(r.status is Status.UNCHANGED for r in results)
    return asked


def test_default_jobs_share_many_small_files_among_forked_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each file has fixed costs, so a thousand small files are work worth sharing when
    workers are forked (they start in milliseconds); the count alone decides, no sizes read."""
    files = runner.MIN_BYTES_PER_FORKED_WORKER * 2 // runner.FILE_WEIGHT
    assert _auto_workers(monkeypatch, tmp_path, files, "fork") == [2]


def test_default_jobs_start_no_fresh_interpreters_for_small_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = runner.MIN_BYTES_PER_FORKED_WORKER * 2 // runner.FILE_WEIGHT
    assert _auto_workers(monkeypatch, tmp_path, files, "forkserver") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_forked_workers_ignore_ctrl_c_and_do_not_keep_it_blocked() -> None:
    """Born with Ctrl-C blocked (no moment in which it would kill them with a traceback),
    a forked worker ignores it, then unblocks it."""
    import signal

    from mojifix.files import hold_interrupts, release_interrupts

    executor = runner._executor(1, "fork")
    assert executor is not None
    with executor:
        held = hold_interrupts()
        try:
            handler = executor.submit(signal.getsignal, signal.SIGINT)
        finally:
            release_interrupts(held)
        blocked = executor.submit(signal.pthread_sigmask, signal.SIG_BLOCK, [])
        assert handler.result() == signal.SIG_IGN
        assert signal.SIGINT not in blocked.result()
