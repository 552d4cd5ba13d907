"""A progress bar on standard error for runs longer than a moment.

It appears only after :data:`DELAY` seconds (a quick run never flickers), only when standard
error is a terminal and the user did not ask for quiet, and it is transient: once the run
ends, the summary takes its place.  Messages printed through the same console scroll above it.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING

from mojifix.sinks.console import Terminal

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY = 0.5


class ProgressBar:
    """Use as a context manager; call :meth:`set_total` once, then :meth:`advance` per file."""

    def __init__(self, terminal: Terminal, *, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = terminal.is_terminal(stderr=True) and terminal.verbosity >= 0
        self.enabled = enabled
        self.terminal = terminal
        self.total = 0
        self.done = 0
        self._began = time.monotonic()
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
        return self

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self._began < DELAY or self.done >= self.total:
                return
            self._start()
        assert self._progress is not None and self._task is not None
        self._progress.update(self._task, completed=self.done)

    def _start(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.terminal.err,
            transient=True,
        )
        progress.start()
        self._task = progress.add_task("repairing", total=self.total, completed=self.done)
        self._progress = progress

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
