"""Options shared by several commands, and turning them (plus configuration) into settings.

Every option that can also come from ``[tool.mojifix]`` defaults to ``None`` here, so "not
given" can be told apart from "given" and the command line takes precedence over the file.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from mojifix import __version__
from mojifix.config import NORMAL_FORMS, Config
from mojifix.model import Options

F = TypeVar("F", bound=Callable[..., Any])

STYLE_FLAGS = (
    ("uncurl-quotes", "Replace curly quotes with straight ones."),
    ("fix-ligatures", "Replace ligatures such as 'ﬁ' with their letters."),
    ("fix-widths", "Replace full-width Latin letters and digits with normal ones."),
    ("fix-line-breaks", "Turn CRLF, CR and Unicode line separators into LF."),
    ("unescape-html", "Decode HTML entities such as '&amp;'."),
    ("remove-control-chars", "Remove control characters other than tab and line breaks."),
    ("remove-bom", "Remove a byte-order mark (a UTF-8 BOM is kept otherwise)."),
)


def _compose(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None


def style_options(function: F) -> F:
    """The opt-in stylistic fixes of :class:`mojifix.Options` (all off by default)."""
    decorators: list[Callable[[F], F]] = [
        click.option(
            "--normalize",
            type=click.Choice(NORMAL_FORMS, case_sensitive=False),
            default=None,
            help="Apply a Unicode normal form (off by default: it changes correct text).",
        )
    ]
    for name, help_text in STYLE_FLAGS:
        decorators.append(
            click.option(f"--{name}/--no-{name}", default=None, help=help_text + " [off]")
        )
    return _compose(*decorators)(function)


def encoding_options(function: F) -> F:
    return _compose(
        click.option(
            "--encoding",
            metavar="ENC",
            callback=_check_encoding,
            help="Decode input with ENC instead of detecting the encoding.",
        ),
        click.option(
            "--assume-legacy",
            metavar="ENC",
            callback=_check_encoding,
            help="Legacy code page to assume when the input is not UTF-8 (e.g. cp1251).",
        ),
    )(function)


def common_options(function: F) -> F:
    """--config, --color, -v and -q, and --version on every command."""
    return _compose(
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False),
            help="Read [tool.mojifix] from this file instead of searching for pyproject.toml.",
        ),
        click.option(
            "--color/--no-color",
            default=None,
            help="Force colour on or off (default: on for a terminal, off with NO_COLOR).",
        ),
        click.option("-v", "--verbose", count=True, help="Say more (repeatable)."),
        click.option("-q", "--quiet", count=True, help="Say less: only errors."),
        click.version_option(__version__, "-V", "--version", prog_name="mojifix"),
    )(function)


def pick(params: Mapping[str, Any], config: Config, name: str, default: Any = None) -> Any:
    """The command-line value of ``name`` if given, else the configured one, else default."""
    value = params.get(name.replace("-", "_"))
    if value is not None and value != ():
        return value
    return config.get(name, default)


def build_options(params: Mapping[str, Any], config: Config) -> Options:
    normalize = pick(params, config, "normalize")
    flags = {
        name.replace("-", "_"): bool(pick(params, config, name, False)) for name, _ in STYLE_FLAGS
    }
    return Options(normalize=normalize.upper() if normalize else None, **flags)


def encoding_setting(
    params: Mapping[str, Any], config: Config, name: str, default: str | None = None
) -> str | None:
    """An encoding from the command line or configuration, checked (usage error if unknown)."""
    value = pick(params, config, name, default)
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.UsageError(f"unknown encoding {value!r} ({name})") from None
