"""A run killed mid-write leaves ``.NAME.XXXX.mojifix-tmp``; the next run clears it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from mojifix.cli import cli


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_next_run_removes_a_stale_temporary_and_keeps_the_original(tmp_path: Path) -> None:
    original = tmp_path / "notes.txt"
    original.write_bytes("caf\u00c3\u00a9\n".encode())
    stale = tmp_path / ".notes.txt.k3j9x2.mojifix-tmp"
    stale.write_bytes(b"half-written")
    _age(stale, 3600)

    result = CliRunner().invoke(cli, ["fix", "-v", "--no-cache", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert "stale temporary" in result.output
    assert original.read_bytes() == "caf\u00e9\n".encode()


def test_a_fresh_temporary_may_belong_to_a_running_fix_and_is_left(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("plain\n")
    fresh = tmp_path / ".notes.txt.a1b2c3.mojifix-tmp"
    fresh.write_bytes(b"in progress")

    result = CliRunner().invoke(cli, ["fix", "-v", "--check", "--no-cache", str(tmp_path)])

    assert fresh.exists()
    assert fresh.read_bytes() == b"in progress"
    assert result.exit_code == 0, result.output
    assert "in progress" in result.output
