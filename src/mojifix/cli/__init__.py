"""Command-line interface (a thin layer over :mod:`mojifix.api`)."""

from __future__ import annotations

import sys

import click

from mojifix import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mojifix")
def cli() -> None:
    """Find out how text was mis-decoded, and undo it."""


@cli.command()
def fix() -> None:
    """Repair standard input to standard output."""
    from mojifix.api import repair_bytes

    data = sys.stdin.buffer.read()
    result = repair_bytes(data)
    sys.stdout.write(result.text)


def main() -> None:
    cli()
