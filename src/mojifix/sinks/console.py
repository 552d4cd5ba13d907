"""The one wrapper around rich: two consoles (stdout, stderr), verbosity and ``abort``.

Markup, emoji and highlighting are off: a file called ``[bold]x:smile:.txt`` must print as
itself, and a path or a snippet of mojibake is data, not something to prettify.  Verbosity is
one integer (``-v`` count minus ``-q`` count).  Soft wrapping is on, because a finding is one
line whatever the terminal width, so that editors and CI can parse it.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import IO, BinaryIO, NoReturn

import click
from rich.console import Console, RenderableType
from rich.text import Text


def binary_stdin() -> BinaryIO:
    """Standard input as bytes (``sys.stdin.buffer``; click's test runner provides one too)."""
    return sys.stdin.buffer


def binary_stdout() -> BinaryIO:
    return sys.stdout.buffer


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


def _console(stream: IO[str] | None, stderr: bool, color: bool | None) -> Console:
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


class Terminal:
    """Where the CLI writes: ``out`` for results, ``err`` for messages and progress."""

    def __init__(self, verbosity: int = 0, color: bool | None = None) -> None:
        self.verbosity = verbosity
        self.out = _console(None, False, color)
        self.err = _console(None, True, color)
        no_color = bool(os.environ.get("NO_COLOR"))
        self.color = color if color is not None else (self.out.is_terminal and not no_color)

    def message(self, text: str, level: int = 0) -> None:
        """Print ``text`` on standard error when the verbosity is at least ``level``."""
        if self.verbosity >= level:
            self.err.print(Text(text))

    def warn(self, text: str) -> None:
        if self.verbosity >= 0:
            self.err.print(Text(text, style="yellow" if self.err.is_terminal else ""))

    def error(self, text: str) -> None:
        """Print an error on standard error, whatever the verbosity."""
        self.err.print(Text(text, style="red" if self.err.is_terminal else ""))

    def line(self, text: str) -> None:
        """Print one line of results on standard output, exactly as given."""
        self.out.print(Text(text))

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
