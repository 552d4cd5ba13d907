"""The one wrapper around rich: two consoles (stdout, stderr), verbosity and ``abort``.

Markup, emoji and highlighting are off: a file called ``[bold]x:smile:.txt`` must print as
itself, and a path or a snippet of mojibake is data, not something to prettify.  Verbosity is
one integer (``-v`` count minus ``-q`` count).  Soft wrapping is on, because a finding is one
line whatever the terminal width, so that editors and CI can parse it.

rich is imported only when something needs it (a terminal, colour, a table, a progress
bar): output to a pipe or a file, what pre-commit and CI read, is written as plain lines
exactly as rich would write them, and importing rich costs more than checking a small file.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import IO, TYPE_CHECKING, BinaryIO, NoReturn

import click

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Control characters rich drops from printed text (it keeps ESC and expands tabs).
_DROPPED = dict.fromkeys(map(ord, "\x07\x08\x0b\x0c\r"))
# Variables that make rich treat a pipe as a terminal.
_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def binary_stdin() -> BinaryIO:
    """Standard input as bytes (``sys.stdin.buffer``; click's test runner provides one too)."""
    return sys.stdin.buffer


def binary_stdout() -> BinaryIO:
    return sys.stdout.buffer


def _make_console(stream: IO[str] | None, stderr: bool, color: bool | None) -> Console:
    from rich.console import Console

    class _Console(Console):
        """A rich console that reports a closed pipe to its caller instead of exiting.

        rich's own ``on_broken_pipe`` raises ``SystemExit(1)``, which would skip
        :meth:`Terminal.pipe_closed` and turn ``mojifix fix --check ... | head`` into a failure.
        Raising ``BrokenPipeError`` again lets the command's handler end the run quietly with the
        conventional exit 0, whichever way the output was written (rich or raw bytes).
        """

        def on_broken_pipe(self) -> None:
            self.quiet = True  # drop whatever is still buffered; nobody is reading
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(
        file=stream,
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
        force_terminal=True if color else None,
        no_color=False if color else (True if color is False else None),
    )


def _is_terminal(stream: IO[str]) -> bool:
    """Whether rich would treat ``stream`` as a terminal (a TTY, or forced by a variable)."""
    if any(os.environ.get(name) for name in _FORCING):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


class Terminal:
    """Where the CLI writes: ``out`` for results, ``err`` for messages and progress."""

    def __init__(self, verbosity: int = 0, color: bool | None = None) -> None:
        self.verbosity = verbosity
        self._color = color
        self._out: Console | None = None
        self._err: Console | None = None
        no_color = bool(os.environ.get("NO_COLOR"))
        self.color = color if color is not None else (_is_terminal(sys.stdout) and not no_color)

    @property
    def out(self) -> Console:
        if self._out is None:
            self._out = _make_console(None, False, self._color)
        return self._out

    @out.setter
    def out(self, console: Console) -> None:
        self._out = console

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = _make_console(None, True, self._color)
        return self._err

    @err.setter
    def err(self, console: Console) -> None:
        self._err = console

    def is_terminal(self, stderr: bool) -> bool:
        """Whether standard error (or output) is a terminal, without importing rich for it."""
        console = self._err if stderr else self._out
        if console is not None:
            return console.is_terminal
        return bool(self._color) or _is_terminal(sys.stderr if stderr else sys.stdout)

    def _print(self, stderr: bool, text: str, style: str = "") -> None:
        console = self._err if stderr else self._out
        if console is not None or self.is_terminal(stderr):
            from rich.text import Text

            console = self.err if stderr else self.out
            console.print(Text(text, style=style if console.is_terminal else ""))
            return
        stream = sys.stderr if stderr else sys.stdout
        text = text.translate(_DROPPED)
        stream.write((text.expandtabs(8) if "\t" in text else text) + "\n")

    def message(self, text: str, level: int = 0) -> None:
        """Print ``text`` on standard error when the verbosity is at least ``level``."""
        if self.verbosity >= level:
            self._print(True, text)

    def warn(self, text: str) -> None:
        if self.verbosity >= 0:
            self._print(True, text, "yellow")

    def error(self, text: str) -> None:
        """Print an error on standard error, whatever the verbosity."""
        self._print(True, text, "red")

    def line(self, text: str) -> None:
        """Print one line of results on standard output, exactly as given."""
        self._print(False, text)

    def render(self, renderable: RenderableType) -> None:
        self.out.print(renderable)

    def write_bytes(self, data: bytes) -> None:
        """Write raw bytes (repaired text, a plain diff) on standard output."""
        sys.stdout.flush()
        binary_stdout().write(data)

    def flush(self) -> None:
        sys.stdout.flush()
        binary_stdout().flush()

    def abort(self, message: str, code: int) -> NoReturn:
        """Print ``message`` as an error and leave with exit ``code``."""
        self.error(f"Error: {message}")
        raise click.exceptions.Exit(code)

    def pipe_closed(self) -> NoReturn:
        """The reader of standard output went away (``| head``): stop quietly, exit 0.

        Standard output is pointed at ``/dev/null`` first, so the interpreter's final flush
        does not raise a second ``BrokenPipeError`` with a traceback.
        """
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # not a real file descriptor (in-process tests)
        raise click.exceptions.Exit(0)
