"""Values that cross module boundaries.

Everything here is a frozen dataclass or an enum, so a result handed from the engine to a
worker process, a sink or a test cannot be changed behind anyone's back, and pickles cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class MojifixError(Exception):
    """The one error family the library raises; its message is a single line for humans."""


class Kind(str, Enum):
    """What sort of damage a change undoes (or, for UNRECOVERABLE, only reports)."""

    MOJIBAKE = "mojibake"
    LOST_BYTE = "lost-byte"
    LEGACY = "legacy"
    UNRECOVERABLE = "unrecoverable"
    NORMALIZE = "normalize"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Change:
    """One repair: the span ``[start, end)`` of the input text and what replaced it.

    ``line`` and ``column`` are 1-based and point at ``start`` so that sinks can print
    ``path:line:col`` without recounting.  For ``unrecoverable`` damage ``replacement`` equals
    ``original``: the text is reported, not changed.
    """

    start: int
    end: int
    original: str
    replacement: str
    kind: Kind
    explanation: str
    line: int = 1
    column: int = 1

    @property
    def edits_text(self) -> bool:
        return self.original != self.replacement


@dataclass(frozen=True)
class Detection:
    """What the detector concluded about a byte string.

    ``encoding`` is a Python codec name (``codecs.lookup(...).name``), or ``None`` for binary
    data.  ``confidence`` is in [0, 1]; ``alternatives`` lists runners-up with their scores.
    """

    encoding: str | None
    confidence: float
    binary: bool = False
    bom: bool = False
    language: str | None = None
    alternatives: tuple[tuple[str, float], ...] = ()
    reason: str = ""
    mixed_lines: tuple[int, ...] = ()
    fallback: str | None = None  # legacy code page of the lines listed in mixed_lines


@dataclass(frozen=True)
class Repair:
    """The outcome of repairing one text or byte string.

    ``text`` is the repaired text; ``original`` the text before repair (after decoding, for
    bytes).  ``changes`` lists every repair and every report of unrecoverable damage, in order
    of position.  ``encoding``, ``confidence`` and ``binary`` describe how bytes were decoded;
    for ``repair_text`` they are ``None``, 1.0 and ``False``.
    """

    text: str
    original: str
    changes: list[Change] = field(default_factory=list)
    encoding: str | None = None
    confidence: float = 1.0
    binary: bool = False
    detection: Detection | None = None
    newline: str = "none"

    @property
    def changed(self) -> bool:
        """Whether the repair altered the text (reports of unrecoverable damage do not count)."""
        return self.text != self.original

    @property
    def findings(self) -> list[Change]:
        """Every change, including reports of unrecoverable damage."""
        return list(self.changes)


@dataclass(frozen=True)
class Options:
    """Opt-in behaviour.  The defaults change nothing but encoding damage.

    The stylistic fixes are off by default because each of them alters text that is correct:
    a curly quote, a ligature or a full-width letter is what the author wrote.
    """

    normalize: str | None = None  # "NFC", "NFKC", "NFD" or "NFKD"
    uncurl_quotes: bool = False
    fix_ligatures: bool = False
    fix_widths: bool = False
    fix_line_breaks: bool = False
    unescape_html: bool = False
    remove_control_chars: bool = False
    remove_bom: bool = False

    @property
    def any_style(self) -> bool:
        return bool(
            self.normalize
            or self.uncurl_quotes
            or self.fix_ligatures
            or self.fix_widths
            or self.fix_line_breaks
            or self.unescape_html
            or self.remove_control_chars
            or self.remove_bom
        )


DEFAULT_OPTIONS = Options()
