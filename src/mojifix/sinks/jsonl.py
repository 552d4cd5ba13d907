"""One JSON object per line, for CI and scripts.

Text from a file may hold lone surrogates (bytes that did not decode); they are written as
``\\udcXX`` escapes, which is valid JSON, instead of making the output invalid UTF-8.

``path`` is the exact path, never the escaped form shown to humans (which is ambiguous: a file
literally named ``\\xff`` would print like one whose name holds the byte FF).  A name byte that
is not valid UTF-8 is, as Python's ``os.fsdecode`` has it, the lone surrogate U+DC00 + byte,
written ``\\udcXX``; a reader gets the bytes back with ``os.fsencode(record["path"])`` (or by
mapping U+DC80–U+DCFF to bytes 80–FF).
"""

from __future__ import annotations

import json
import re
from typing import Any

from mojifix.model import Change, Detection
from mojifix.runner import FileResult

_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(record: dict[str, Any]) -> str:
    text = json.dumps(record, ensure_ascii=False, sort_keys=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def change_record(change: Change) -> dict[str, Any]:
    return {
        "line": change.line,
        "column": change.column,
        "start": change.start,
        "end": change.end,
        "before": change.original,
        "after": change.replacement,
        "kind": str(change.kind),
        "explanation": change.explanation,
    }


def _alternatives(detection: Detection | None) -> list[dict[str, Any]]:
    if detection is None:
        return []
    return [{"encoding": name, "confidence": score} for name, score in detection.alternatives]


def file_record(result: FileResult, *, diff: str | None = None) -> dict[str, Any]:
    """The JSON object for one file of ``mojifix fix``."""
    detection = result.detection
    record: dict[str, Any] = {
        "path": result.path,  # exact (see the module docstring)
        "status": str(result.status),
        "encoding": result.encoding,
        "confidence": result.confidence,
        "language": detection.language if detection else None,
        "binary": bool(detection and detection.binary),
        "output_encoding": result.output_encoding,
        "changed": result.status.value == "changed",
        "written": result.written,
        "cached": result.cached,
        "changes": [change_record(c) for c in result.changes],
        "error": result.reason if result.status.value == "failed" else None,
        "reason": result.reason if result.status.value == "skipped" else None,
    }
    if diff is not None:
        record["diff"] = diff
    return record


def detect_record(result: FileResult) -> dict[str, Any]:
    """The JSON object for one file of ``mojifix detect``."""
    detection = result.detection
    return {
        "path": result.path,  # exact (see the module docstring)
        "encoding": result.encoding,
        "confidence": result.confidence,
        "language": detection.language if detection else None,
        "binary": bool(detection and detection.binary),
        "newline": result.newline if detection and not detection.binary else None,
        "bom": bool(detection and detection.bom),
        "repairs": result.repairs,
        "unrecoverable": sum(1 for c in result.changes if not c.edits_text),
        "reason": detection.reason if detection else None,
        "alternatives": _alternatives(detection),
        "error": result.reason if result.status.value == "failed" else None,
    }
