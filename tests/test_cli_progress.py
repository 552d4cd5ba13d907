"""The progress bar: only on a terminal, never with --quiet, only after a moment, transient."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import mojifix.sinks.progress as progress
from mojifix.sinks.console import Terminal


def terminal(is_terminal: bool, verbosity: int = 0) -> tuple[Terminal, io.StringIO]:
    term = Terminal(verbosity)
    buffer = io.StringIO()
    term.err = Console(file=buffer, force_terminal=is_terminal, width=80)
    return term, buffer


def test_off_when_stderr_is_not_a_terminal() -> None:
    term, _ = terminal(False)
    assert progress.ProgressBar(term).enabled is False


def test_off_with_quiet() -> None:
    term, _ = terminal(True, verbosity=-1)
    assert progress.ProgressBar(term).enabled is False


def test_waits_a_moment_then_shows_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    term, buffer = terminal(True)
    clock = [0.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    with progress.ProgressBar(term) as bar:
        assert bar.enabled
        bar.set_total(10)
        bar.advance()
        assert bar._progress is None  # a quick run never shows a bar
        clock[0] = 1.0
        bar.advance()
        assert bar._progress is not None
        for _ in range(8):
            bar.advance()
    shown = buffer.getvalue()
    assert ("repairing" in shown and "10/10" in shown) or "9/10" in shown


def test_cli_with_quiet_and_a_pipe_prints_no_bar(mojifix, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for i in range(20):
        (tmp_path / f"{i}.txt").write_text("clean\n", encoding="utf-8")
    result = mojifix(["fix", str(tmp_path)])
    assert "repairing" not in result.stderr and "\x1b[" not in result.stderr
