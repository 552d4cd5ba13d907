"""``mojifix detect``: what encoding each file is in, and how much ``fix`` would repair."""

from __future__ import annotations

from typing import Any

import click

from mojifix.cli.options import (
    build_options,
    common_options,
    encoding_options,
    encoding_setting,
    pick,
    style_options,
)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per file, with the runners-up."
)
@encoding_options
@click.option(
    "--include", multiple=True, metavar="GLOB", help="Only walk into files matching GLOB."
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB.")
@click.option(
    "--gitignore/--no-gitignore", default=True, help="Skip files ignored by .gitignore. [on]"
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU, fewer for little text).",
)
@style_options
@common_options
def detect(**params: Any) -> None:
    """Show each file's encoding, confidence, language, kind, line endings, BOM and repairs.

    With no PATH, or -, examine standard input.  Nothing is ever written.
    """
    from mojifix.config import ConfigError, load_config
    from mojifix.discover import iter_entries
    from mojifix.report import EXIT_FAILED, EXIT_OK
    from mojifix.runner import Settings, Status, WriteBack, fix_data, fix_paths
    from mojifix.sinks import jsonl, table
    from mojifix.sinks.console import Terminal, binary_stdin
    from mojifix.sinks.visible import display_path

    terminal = Terminal(params["verbose"] - params["quiet"], params["color"])
    paths: tuple[str, ...] = params["paths"]
    stdin = not paths or paths == ("-",)
    if not stdin and "-" in paths:
        raise click.UsageError("'-' (standard input) cannot be mixed with file paths")
    try:
        config = load_config([] if stdin else list(paths), params["config_file"])
    except ConfigError as exc:
        terminal.abort(str(exc), 2)
    settings = Settings(
        write_back=WriteBack.CHECK,
        options=build_options(params, config),
        encoding=encoding_setting(params, config, "encoding"),
        assume_legacy=encoding_setting(params, config, "assume-legacy"),
        accept_low_confidence=True,
        max_size=pick(params, config, "max-size", Settings.max_size),
    )
    try:
        if stdin:
            data = binary_stdin().read()
            results = [fix_data("-", data, settings)]
        else:
            include = list(params["include"]) or list(config.get("include", []))
            exclude = list(params["exclude"]) or list(config.get("exclude", []))
            entries = iter_entries(
                paths, config.root, include=include, exclude=exclude, gitignore=params["gitignore"]
            )
            jobs = pick(params, config, "jobs")
            results = [
                r
                for r in fix_paths(entries, settings, jobs=jobs)
                if r.detection is not None or r.status is Status.FAILED
            ]
        for result in results:
            if result.status is Status.FAILED:
                terminal.error(f"error: {display_path(result.path)}: {result.reason}")
        if params["as_json"]:
            body = "".join(jsonl.dumps(jsonl.detect_record(r)) + "\n" for r in results)
            terminal.write_bytes(body.encode())
        elif terminal.is_terminal(stderr=False):
            terminal.render(table.table(results))
        else:
            for result in results:
                terminal.line(table.plain_line(result))
        terminal.flush()
    except BrokenPipeError:
        terminal.pipe_closed()
    failed = any(r.status is Status.FAILED for r in results)
    raise click.exceptions.Exit(EXIT_FAILED if failed else EXIT_OK)
