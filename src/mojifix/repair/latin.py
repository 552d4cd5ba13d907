"""UTF-8 read as a single-byte code page (``rÃ©sumÃ©``)."""

from __future__ import annotations

import ftfy

from mojifix.model import Kind
from mojifix.repair.edits import Edit


def _describe(steps: list[tuple[str, str]]) -> str:
    return "; ".join(f"{op} {arg}" for op, arg in steps)


def _trim(before: str, after: str) -> tuple[int, int, str]:
    """Return the smallest span of ``before`` that changed, and what replaced it."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while (
        tail < limit - head
        and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
    ):
        tail += 1
    return head, len(before) - tail, after[head : len(after) - tail]


def find_edits(text: str) -> list[Edit]:
    """Find UTF-8 mojibake per line with ftfy's encoding fixer."""
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    edits: list[Edit] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        fixed, steps = ftfy.fix_and_explain(line, config=config)
        if fixed != line:
            start, end, replacement = _trim(line, fixed)
            edits.append(
                Edit(pos + start, pos + end, replacement, Kind.MOJIBAKE, _describe(steps or []))
            )
        pos += len(line)
    return edits
