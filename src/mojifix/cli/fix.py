"""``mojifix fix``: repair standard input to standard output, or files in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from mojifix.cli.options import (
    build_options,
    common_options,
    encoding_options,
    encoding_setting,
    pick,
    style_options,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

    from mojifix.config import Config
    from mojifix.runner import FileResult, Settings
    from mojifix.sinks.console import Terminal
    from mojifix.stream import Event

READ_SIZE = 1 << 16
STDIN_NAME = "-"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--check", is_flag=True, help="Write nothing; list findings; exit 1 if any file would change."
)
@click.option(
    "--diff",
    is_flag=True,
    help="Write nothing; print a unified diff; exit 1 if any file would change.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per file on standard output."
)
@encoding_options
@click.option("--to", metavar="ENC", help="Encoding to write (default utf-8).")
@click.option(
    "--keep-encoding/--no-keep-encoding",
    default=None,
    help="Write files back in the encoding they were read in.",
)
@click.option(
    "--backup",
    metavar="SUFFIX",
    help="Keep each original beside the repaired file, as PATH+SUFFIX.",
)
@click.option(
    "--accept-low-confidence/--no-accept-low-confidence",
    default=None,
    help="Act on an encoding guess of low confidence (below 0.5), and on lines of a "
    "mostly-UTF-8 file decoded in a guessed code page.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Only walk into files matching GLOB (repeatable).",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB (repeatable)."
)
@click.option(
    "--gitignore/--no-gitignore",
    default=True,
    help="Skip files ignored by .gitignore when walking folders. [on]",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU, fewer for little text).",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=0),
    metavar="BYTES",
    help="Skip files larger than this (default 256 MiB).",
)
@click.option(
    "--cache/--no-cache",
    default=None,
    help="Skip files found clean by an earlier run with the same settings. [on]",
)
@style_options
@common_options
def fix(**params: Any) -> None:
    """Repair PATHs in place (folders recursively), or standard input to standard output.

    With no PATH, or -, read standard input and write the repaired text to standard output,
    in bounded memory whatever its size.  Files are written atomically, in UTF-8 unless --to
    or --keep-encoding say otherwise; line endings, a UTF-8 BOM and the final newline are kept.
    """
    from mojifix.config import ConfigError, load_config
    from mojifix.sinks.console import Terminal

    terminal = Terminal(params["verbose"] - params["quiet"], params["color"])
    paths: tuple[str, ...] = params["paths"]
    stdin = not paths or paths == (STDIN_NAME,)
    if not stdin and STDIN_NAME in paths:
        raise click.UsageError("'-' (standard input) cannot be mixed with file paths")
    if params["to"] and params["keep_encoding"]:
        raise click.UsageError("--to and --keep-encoding cannot be used together")
    if params["backup"] is not None and not params["backup"].strip():
        raise click.BadParameter("must not be empty", param_hint="--backup")
    try:
        config = load_config([] if stdin else list(paths), params["config_file"])
    except ConfigError as exc:
        terminal.abort(str(exc), 2)
    settings = _settings(params, config)
    try:
        if stdin:
            code = _run_stdin(terminal, settings, params)
        else:
            code = _run_files(terminal, settings, params, config, paths)
    except BrokenPipeError:
        terminal.pipe_closed()
    except KeyboardInterrupt:
        terminal.abort("interrupted", 130)
    raise click.exceptions.Exit(code)


def _settings(params: dict[str, Any], config: Config) -> Settings:
    from mojifix.runner import DEFAULT_MAX_SIZE, Settings, WriteBack

    write_back = WriteBack.from_flags(check=params["check"], diff=params["diff"])
    keep = bool(pick(params, config, "keep-encoding", False))
    to = encoding_setting(params, config, "to", "utf-8")
    if params["to"] is None and keep:
        to = "utf-8"  # keep-encoding from the file, --to not given: no conflict
    return Settings(
        write_back=write_back,
        options=build_options(params, config),
        encoding=encoding_setting(params, config, "encoding"),
        assume_legacy=encoding_setting(params, config, "assume-legacy"),
        to=to or "utf-8",
        keep_encoding=keep,
        backup=params["backup"],
        accept_low_confidence=bool(pick(params, config, "accept-low-confidence", False)),
        max_size=pick(params, config, "max-size", DEFAULT_MAX_SIZE),
        keep_texts=params["diff"],
    )


# -- files ------------------------------------------------------------------------------------


def _run_files(
    terminal: Terminal,
    settings: Settings,
    params: dict[str, Any],
    config: Config,
    paths: tuple[str, ...],
) -> int:
    from mojifix.discover import iter_entries
    from mojifix.report import Report
    from mojifix.runner import WriteBack, fix_paths
    from mojifix.sinks.progress import ProgressBar

    include = list(params["include"]) or list(config.get("include", []))
    exclude = list(params["exclude"]) or list(config.get("exclude", []))
    entries = iter_entries(
        paths, config.root, include=include, exclude=exclude, gitignore=params["gitignore"]
    )
    cache = None
    if pick(params, config, "cache", True):
        from mojifix.cache import Cache  # hashing and the cache folder: not for --no-cache

        cache = Cache.load(settings.cache_key())
    jobs = pick(params, config, "jobs")
    report = Report(check=settings.write_back is not WriteBack.YES)
    with ProgressBar(terminal) as bar:
        for result in fix_paths(entries, settings, jobs=jobs, cache=cache, on_total=bar.set_total):
            bar.advance()
            report.add(result)
            _render(terminal, result, settings, params["as_json"])
    terminal.flush()
    if cache is not None:
        cache.save()
    if report.failed:
        terminal.message(report.summary(), -1)
    else:
        terminal.message(report.summary())
    return report.return_code


def _render(terminal: Terminal, result: FileResult, settings: Settings, as_json: bool) -> None:
    from mojifix.runner import Status, WriteBack

    if (
        result.status is Status.UNCHANGED
        and not (as_json or result.changes or result.notes)
        and terminal.verbosity < 1
    ):
        return  # the common case in a big tree: a clean file, nothing to say unless -v
    from mojifix.sinks import text
    from mojifix.sinks.visible import display_path

    check = settings.write_back is not WriteBack.YES
    patch = None
    if settings.write_back is WriteBack.DIFF and result.before is not None:
        from mojifix.sinks import diff

        assert result.after is not None
        patch = diff.unified_diff(result.before, result.after, result.path)
    if as_json:
        from mojifix.sinks import jsonl

        terminal.write_bytes((jsonl.dumps(jsonl.file_record(result, diff=patch)) + "\n").encode())
        if result.status is Status.FAILED:
            terminal.error(text.describe(result, check=check)[1])
        return
    level, message = text.describe(result, check=check)
    for note in result.notes:
        terminal.warn(f"warning: {display_path(result.path)}: {note}")
    if result.status is Status.FAILED:
        terminal.error(message)
    elif level == 0 and result.status is Status.SKIPPED:
        terminal.warn(message)
    else:
        terminal.message(message, level)
    if settings.write_back is WriteBack.CHECK:
        for line in text.findings(result):
            terminal.line(line)
    elif patch:
        from mojifix.sinks import diff

        if terminal.color:
            terminal.render(diff.colorize(patch))
        else:
            terminal.write_bytes(patch.encode("utf-8", "surrogateescape"))


# -- standard input ---------------------------------------------------------------------------


def _run_stdin(terminal: Terminal, settings: Settings, params: dict[str, Any]) -> int:
    from mojifix.runner import WriteBack

    if settings.write_back is WriteBack.DIFF or params["as_json"]:
        return _stdin_whole(terminal, settings, params)
    return _stdin_stream(terminal, settings)


def _stdin_stream(terminal: Terminal, settings: Settings) -> int:
    """Stream standard input through the repairer in bounded memory."""
    from mojifix.report import EXIT_CHANGES, EXIT_FAILED, EXIT_OK
    from mojifix.runner import WriteBack
    from mojifix.sinks.console import binary_stdin, binary_stdout
    from mojifix.stream import StreamError, StreamRepairer, StreamSettings

    repairer = StreamRepairer(
        StreamSettings(
            options=settings.options,
            encoding=settings.encoding,
            assume_legacy=settings.assume_legacy,
            to=settings.to,
            keep_encoding=settings.keep_encoding,
            accept_low_confidence=settings.accept_low_confidence,
        )
    )
    check = settings.write_back is WriteBack.CHECK
    source = binary_stdin()
    sink = binary_stdout()

    def chunks() -> Iterator[bytes]:
        while True:
            data = source.read1(READ_SIZE) if hasattr(source, "read1") else source.read(READ_SIZE)
            if not data:
                return
            yield data

    try:
        for chunk in chunks():
            for event in repairer.feed(chunk):
                _stream_event(terminal, event, check, sink)
        for event in repairer.close():
            _stream_event(terminal, event, check, sink)
    except StreamError as exc:
        sink.flush()
        terminal.error(f"error: {STDIN_NAME}: {exc}")
        return EXIT_FAILED
    sink.flush()
    if check and repairer.changed:
        terminal.message(f"would repair {STDIN_NAME}")
        return EXIT_CHANGES
    return EXIT_OK


def _stream_event(terminal: Terminal, event: Event, check: bool, sink: BinaryIO) -> None:
    from mojifix.sinks import text
    from mojifix.stream import Notice

    if isinstance(event, Notice):
        terminal.warn(f"warning: {STDIN_NAME}: {event.message}")
    elif check:
        for change in event.changes:
            terminal.line(text.finding(STDIN_NAME, change))
    elif event.data:
        sink.write(event.data)


def _stdin_whole(terminal: Terminal, settings: Settings, params: dict[str, Any]) -> int:
    """--diff and --json on standard input: read it whole (a diff needs both sides).

    Nothing but the diff or the JSON object goes to standard output.
    """
    from mojifix.report import Report
    from mojifix.runner import WriteBack, fix_data
    from mojifix.sinks.console import binary_stdin

    data = binary_stdin().read()
    result = fix_data(STDIN_NAME, data, settings)
    report = Report(check=settings.write_back is not WriteBack.YES)
    report.add(result)
    _render(terminal, result, settings, params["as_json"])
    terminal.flush()
    return report.return_code
