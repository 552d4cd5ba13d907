"""``mojifix explain``: every repair of a text, where it is, and the story of the damage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from mojifix.cli.options import build_options, common_options, encoding_setting, style_options

if TYPE_CHECKING:
    from mojifix.model import Repair
    from mojifix.sinks.console import Terminal


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
@click.option(
    "--encoding", metavar="ENC", help="Decode standard input with ENC instead of detecting."
)
@style_options
@common_options
def explain(**params: Any) -> None:
    """Explain each repair of TEXT (or of standard input): span, kind, before → after, why.

    Invisible characters are spelled out (<NBSP>, <ZWSP>, <BOM>, \\x85) so that what changed
    can be seen.
    """
    from mojifix.api import repair_bytes, repair_text
    from mojifix.config import ConfigError, load_config
    from mojifix.model import MojifixError
    from mojifix.sinks.console import Terminal, binary_stdin

    terminal = Terminal(params["verbose"] - params["quiet"], params["color"])
    try:
        config = load_config([], params["config_file"])
    except ConfigError as exc:
        terminal.abort(str(exc), 2)
    options = build_options(params, config)
    try:
        if params["text"] is not None:
            repair = repair_text(params["text"], options)
        else:
            data = binary_stdin().read()
            encoding = encoding_setting(params, config, "encoding")
            repair = repair_bytes(data, encoding, options=options)
    except MojifixError as exc:
        terminal.abort(str(exc), 2)
    try:
        _show(terminal, repair, params["as_json"])
    except BrokenPipeError:  # ``mojifix explain ... | head``: stop quietly, as fix does
        terminal.pipe_closed()


def _show(terminal: Terminal, repair: Repair, as_json: bool) -> None:
    """Print the explanation of ``repair`` on standard output."""
    from mojifix.model import Kind
    from mojifix.sinks import jsonl
    from mojifix.sinks.visible import visible

    if as_json:
        record = {
            "encoding": repair.encoding,
            "confidence": repair.confidence,
            "binary": repair.binary,
            "changed": repair.changed,
            "text": repair.text,
            "changes": [jsonl.change_record(c) for c in repair.changes],
        }
        terminal.write_bytes((jsonl.dumps(record) + "\n").encode())
        terminal.flush()
        return
    if repair.binary:
        terminal.line("binary data: nothing to explain")
        return
    if not repair.changes:
        terminal.line("nothing to repair")
        return
    for change in repair.changes:
        where = f"{change.line}:{change.column}"
        if change.kind is Kind.UNRECOVERABLE or not change.edits_text:
            what = f'"{visible(change.original)}" (left as it is)'
        else:
            what = f'"{visible(change.original)}" → "{visible(change.replacement)}"'
        terminal.line(f"{where}: {change.kind}: {what}")
        if change.explanation:
            terminal.line(f"    {visible(change.explanation)}")
    repairs = sum(1 for c in repair.changes if c.edits_text)
    terminal.message(f"{repairs} repair(s); repaired text:", 1)
    terminal.message(visible(repair.text), 1)
