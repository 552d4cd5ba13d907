"""Unified diffs: plain text that ``git apply`` accepts, or coloured with the damage marked.

The plain form is exact: lines split on line feeds only (a CR stays part of its line, as git
sees it), the ``\\ No newline at end of file`` marker where a file ends without one, and the
``a/``/``b/`` prefixes git expects, so ``mojifix fix --diff | git apply`` reproduces the fix.

The coloured form is for eyes: removed and added lines in red and green, the characters that
actually changed inside each pair of lines highlighted, and invisible characters spelled out
(``<NBSP>``, ``<ZWSP>``, ``<BOM>``, ``\\x85``), because a diff that shows ``" "`` becoming
``" "`` explains nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mojifix.sinks.visible import display_path, parts

if TYPE_CHECKING:
    from rich.text import Text

NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _header_path(path: str) -> str:
    """The path git expects after ``a/``: relative, as ``git diff`` writes it."""
    shown = display_path(path)
    while shown.startswith("./"):
        shown = shown[2:]
    return shown.lstrip("/")


def unified_diff(before: str, after: str, path: str, context: int = 3) -> str:
    """The unified diff turning ``before`` into ``after`` for the file at ``path``."""
    name = _header_path(path)
    out: list[str] = []
    import difflib  # a run that shows no diff never loads it

    for line in difflib.unified_diff(
        _lines(before), _lines(after), f"a/{name}", f"b/{name}", n=context
    ):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n")
            out.append(NO_NEWLINE)
    return "".join(out)


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith("\n"):
        return line[:-1], "\n"
    return line, ""


def _changed_spans(old: str, new: str) -> tuple[set[int], set[int]]:
    """Indexes of characters of ``old`` and ``new`` that differ (by character diff)."""
    import difflib

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed: set[int] = set()
    added: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed.update(range(i1, i2))
            added.update(range(j1, j2))
    return removed, added


def _styled(sign: str, content: str, marked: set[int], style: str, mark: str) -> Text:
    from rich.text import Text

    text = Text(sign, style=style)
    pos = 0
    for shown, spelled in parts(content):
        length = 1 if spelled else len(shown)
        segment_marked = [pos + k in marked for k in range(length)]
        if spelled:
            extra = f"{mark} italic" if segment_marked[0] else f"{style} italic reverse"
            text.append(shown, style=extra)
        else:
            start = 0
            for k in range(1, length + 1):
                if k == length or segment_marked[k] != segment_marked[start]:
                    chunk = shown[start:k]
                    text.append(chunk, style=mark if segment_marked[start] else style)
                    start = k
        pos += length
    text.append("\n")
    return text


def colorize(diff: str) -> Text:
    """Render a plain unified diff with colours and intra-line highlights."""
    from rich.text import Text

    out = Text()
    lines = diff.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("--- ", "+++ ")):
            out.append(line, style="bold")
            i += 1
        elif line.startswith("@@"):
            out.append(line, style="cyan")
            i += 1
        elif line.startswith("-") or line.startswith("+"):
            removed = []
            while i < len(lines) and lines[i].startswith("-"):
                removed.append(_split_ending(lines[i][1:])[0])
                i += 1
            added = []
            while i < len(lines) and lines[i].startswith("+"):
                added.append(_split_ending(lines[i][1:])[0])
                i += 1
            marks_old: list[set[int]] = []
            marks_new: list[set[int]] = []
            for k in range(max(len(removed), len(added))):
                if k < len(removed) and k < len(added):
                    old_marks, new_marks = _changed_spans(removed[k], added[k])
                else:
                    old_marks, new_marks = set(), set()
                marks_old.append(old_marks)
                marks_new.append(new_marks)
            for k, content in enumerate(removed):
                out.append(_styled("-", content, marks_old[k], "red", "bold white on red"))
            for k, content in enumerate(added):
                out.append(_styled("+", content, marks_new[k], "green", "bold white on green"))
        elif line.startswith("\\"):
            out.append(line, style="dim")
            i += 1
        else:
            content = line[1:] if line.startswith(" ") else line
            out.append(_styled(" ", _split_ending(content)[0], set(), "", ""))
            i += 1
    return out
