"""The special cases of UTF-8 mojibake that ftfy knows, with ftfy's own safeguards.

ftfy has years of hard-won rules for damage the general single-byte pass does not model: a
byte A0 that some process turned into a plain space (``Ã ``), Java's modified UTF-8 and
CESU-8, C1 control characters that were meant as Windows-1252, and sequences where a lost
byte left a lone ``â€``.  Only its encoding fixes run here; its stylistic clean-ups stay
off, because they change correct text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from mojifix.model import Kind
from mojifix.repair import lexicon
from mojifix.repair.edits import Edit, split_lines
from mojifix.repair.latin import _trim


@lru_cache(maxsize=1)
def _config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(
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


def _describe(steps: Sequence[tuple[str, str]]) -> str:
    parts = []
    for op, arg in steps:
        parts.append(f"{op} {arg}" if op != "apply" else arg.replace("_", " "))
    return "ftfy: " + ", ".join(parts)


MAX_DIFF = 2000  # characters between the first and the last change worth diffing


def _only_lone_capitals(line: str, fixed: str) -> bool:
    """Whether ftfy's only change is reading a one-letter capital word as a lost A0.

    "Ã é a letra" is Portuguese about the letter Ã, and "Â (A with circumflex)" is English
    about Â; ftfy reads "Ã " as "à" with its no-break space turned into a space.  Inside a
    word ("voilÃ le") or beside other mojibake the reading stands; alone, it does not.
    """
    from difflib import SequenceMatcher

    # Diff only the stretch between the common head and tail: a long line with one repair
    # costs a linear trim, not a quadratic diff of the whole line.
    head, end, middle = _trim(line, fixed)
    if end - head > MAX_DIFF:
        return False  # changes spread over a long stretch are not one lone capital
    matcher = SequenceMatcher(None, line[head:end], middle, autojunk=False)
    changed = [
        (i1 + head, i2 + head) for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"
    ]
    if not changed:
        return False
    for i1, i2 in changed:
        start = i1
        while start > 0 and line[start - 1].isalpha():
            start -= 1
        word = line[start:i2].strip()
        lone = (
            len(word) == 1
            and word.isupper()
            and (start == 0 or not line[start - 1].isalnum())
            and line[start + 1 : start + 2] in (" ", "\u00a0")
        )
        if not lone:
            return False
    return True


_C1 = re.compile("[\x80-\x9f]")


def _ftfy_may_change(line: str) -> bool:
    """Whether ftfy, as configured here, could change ``line`` at all.

    Its encoding fixer leaves text its badness heuristic does not flag untouched (the first
    test of each step), and the one other fixer enabled rewrites C1 controls; asking those
    two questions directly spares a clean line ftfy's whole round of fixers.
    """
    from ftfy.badness import is_bad

    return _C1.search(line) is not None or bool(is_bad(line))


def find_edits(text: str) -> list[Edit]:
    """Run ftfy's encoding fixer on each line that is not plain ASCII."""
    import ftfy

    config = _config()
    edits: list[Edit] = []
    pos = 0
    for line in split_lines(text):
        if lexicon.needs_search(line) and _ftfy_may_change(line):
            fixed, steps = ftfy.fix_and_explain(line, config=config)
            if fixed != line and not _only_lone_capitals(line, fixed):
                start, end, replacement = _trim(line, fixed)
                edits.append(
                    Edit(pos + start, pos + end, replacement, Kind.MOJIBAKE, _describe(steps or []))
                )
        pos += len(line)
    return edits
