"""Command-line interface: a click group and one module per command.

Each command turns options into settings, calls the library (``api``, ``runner``, ``stream``)
and hands the results to ``sinks``.  Heavy imports happen inside the commands, so
``mojifix --help`` stays fast.

Exit codes: 0 nothing to do or all done; 1 ``--check``/``--diff`` found changes; 2 usage error;
123 some files could not be processed (see :mod:`mojifix.report`).
"""

from __future__ import annotations

import click

from mojifix import __version__
from mojifix.cli.detect import detect
from mojifix.cli.explain import explain
from mojifix.cli.fix import fix

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
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


cli.add_command(fix)
cli.add_command(detect)
cli.add_command(explain)


def main() -> None:
    """Entry point of the ``mojifix`` script and of ``python -m mojifix``."""
    cli(prog_name="mojifix")
