"""One-line messages about files, and ``--check`` findings an editor or CI can parse.

A finding reads ``path:line:col: kind: what was found (explanation)``, the shape compilers use,
so a problem matcher such as ``^(.+):(\\d+):(\\d+): ([\\w-]+): (.*)$`` picks it up.
"""

from __future__ import annotations

from mojifix.model import Change, Kind
from mojifix.runner import FileResult, Status
from mojifix.sinks.visible import display_path, visible


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe(result: FileResult, *, check: bool) -> tuple[int, str]:
    """Return (minimum verbosity, message) for one result; failures use level -99."""
    path = display_path(result.path)
    if result.status is Status.FAILED:
        return -99, f"error: {path}: {result.reason}"
    if result.status is Status.SKIPPED:
        level = 0 if result.reason.startswith("low confidence") else 1
        return level, f"skipped {path}: {result.reason}"
    if result.status is Status.UNCHANGED:
        note = " (cached)" if result.cached else ""
        return 1, f"unchanged {path}{note}"
    details = [result.encoding or "?", _plural(result.repairs, "repair")]
    if result.reencoded:
        details.append(f"{result.encoding} → {result.output_encoding}")
    verb = "would repair" if check else "repaired"
    return 0, f"{verb} {path} ({', '.join(details)})"


def finding(path: str, change: Change) -> str:
    """Format one change as ``path:line:col: kind: found (explanation)``."""
    where = f"{display_path(path)}:{change.line}:{change.column}"
    found = f'"{visible(change.original)}"'
    if change.kind is not Kind.UNRECOVERABLE and change.edits_text:
        found += f' → "{visible(change.replacement)}"'
    explanation = f" ({visible(change.explanation)})" if change.explanation else ""
    return f"{where}: {change.kind}: {found}{explanation}"


def findings(result: FileResult) -> list[str]:
    """Every finding for a file: each change, then an encoding conversion if any."""
    lines = [finding(result.path, change) for change in result.changes]
    if result.reencoded:
        lines.append(
            f"{display_path(result.path)}:1:1: encoding: {result.encoding} "
            f"(would be written as {result.output_encoding})"
        )
    return lines
