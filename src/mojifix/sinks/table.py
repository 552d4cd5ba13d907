"""What ``mojifix detect`` prints: a table on a terminal, one plain line per file otherwise."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from mojifix.runner import FileResult, Status
from mojifix.sinks.visible import display_path


def _cells(result: FileResult) -> list[str]:
    detection = result.detection
    if result.status is Status.FAILED or detection is None:
        return [display_path(result.path), "-", "-", "-", "-", "-", "-", "-", result.reason]
    binary = detection.binary
    unrecoverable = sum(1 for c in result.changes if not c.edits_text)
    note = result.reason if result.status is Status.SKIPPED and not binary else ""
    if unrecoverable:
        note = (note + "; " if note else "") + f"{unrecoverable} unrecoverable"
    return [
        display_path(result.path),
        result.encoding or "-",
        f"{result.confidence:.2f}" if result.confidence is not None else "-",
        detection.language or "-",
        "binary" if binary else "text",
        "-" if binary else result.newline,
        "BOM" if detection.bom else "-",
        "-" if binary else str(result.repairs),
        note,
    ]


HEADERS = ("path", "encoding", "confidence", "language", "kind", "newlines", "bom", "repairs", "")


def table(results: Sequence[FileResult]) -> Table:
    grid = Table(*HEADERS, box=None, pad_edge=False, header_style="bold")
    for result in results:
        grid.add_row(*(Text(cell) for cell in _cells(result)))
    return grid


def plain_line(result: FileResult) -> str:
    """``path: utf-8, confidence 1.00, text, LF line endings, no BOM, 0 repairs`` for pipes."""
    path, encoding, confidence, language, kind, newline, bom, repairs, note = _cells(result)
    if result.status is Status.FAILED or result.detection is None:
        return f"{path}: error: {note}"
    details = [encoding, f"confidence {confidence}"]
    if language != "-":
        details.append(f"language {language}")
    details.append(kind)
    if kind == "text":
        details.append("no line breaks" if newline == "none" else f"{newline} line endings")
        details.append("BOM" if bom == "BOM" else "no BOM")
        details.append(f"{repairs} repairs" if repairs != "1" else "1 repair")
    line = f"{path}: " + ", ".join(details)
    return f"{line} ({note})" if note else line
