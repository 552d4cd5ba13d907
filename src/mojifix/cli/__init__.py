"""Command-line interface: a click group and one module per command.

Each command turns options into settings, calls the library (``api``, ``runner``, ``stream``)
and hands the results to ``sinks``.  Heavy imports happen inside the commands, so
``mojifix --help`` stays fast.

Exit codes: 0 nothing to do or all done; 1 ``--check``/``--diff`` found changes; 2 usage error;
123 some files could not be processed (see :mod:`mojifix.report`).
"""

from __future__ import annotations

import importlib
import sys

import click

from mojifix import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMANDS = ("fix", "detect", "explain")  # each in mojifix.cli.<name>, a command of that name


class _Commands(click.Group):
    """A group that imports a command's module only when that command runs (or help lists
    it): a pre-commit run of ``fix`` does not pay for ``detect``'s and ``explain``'s imports."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = getattr(
            importlib.import_module(f"mojifix.cli.{cmd_name}"), cmd_name
        )
        return command


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="mojifix")
def cli() -> None:
    """Find out how text was mis-decoded, and undo it.

    \b
    Exit codes:
      0    nothing to do, or everything done
      1    --check or --diff found files that would change
      2    usage error (bad option, bad configuration)
      123  some files could not be processed
    """


# Packages mojifix imports at run time (pyproject's dependencies, by import name).  They load
# lazily, so a missing one shows up mid-command, not at start-up.
DEPENDENCIES = frozenset(
    {"ftfy", "charset_normalizer", "chardet", "click", "rich", "pathspec", "platformdirs", "tomli"}
)


def main() -> None:
    """Entry point of the ``mojifix`` script and of ``python -m mojifix``."""
    try:
        cli(prog_name="mojifix")
    except ModuleNotFoundError as exc:
        # Running from a source tree (``PYTHONPATH=src``) without the dependencies installed:
        # say what is missing and how to install it, not a traceback from deep in a command.
        missing = (exc.name or "").partition(".")[0]
        if missing not in DEPENDENCIES:
            raise
        # Naming the interpreter helps where ``python`` is not the one mojifix was installed
        # for (a system Python running a source tree, another venv).
        # The command names that interpreter too: a bare "pip" may install for another one.
        from shlex import quote

        python = quote(sys.executable)
        click.echo(
            f"Error: mojifix needs the package {missing!r}, which is not installed for "
            f"{sys.executable}; install mojifix with its dependencies: {python} -m pip "
            f"install mojifix (or, in a checkout, {python} -m pip install .)",
            err=True,
        )
        raise SystemExit(2) from None
