"""Count what happened to each file and own the exit code.

Exit codes (black's convention):

====  =====================================================================
0     nothing to do, or everything done
1     ``--check`` or ``--diff`` found files that would change
2     usage error (bad option, unknown configuration key) — raised by click
123   at least one file could not be processed
====  =====================================================================

A failure outranks "would change": a CI job must not mistake an unreadable file for a mere
style finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mojifix.runner import FileResult, Status

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_FAILED = 123


@dataclass
class Report:
    """Tally of a run; ``check`` means nothing is written, so changes are findings."""

    check: bool = False
    changed: int = 0
    unchanged: int = 0
    cached: int = 0
    failed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        if result.status is Status.CHANGED:
            self.changed += 1
        elif result.status is Status.UNCHANGED:
            self.unchanged += 1
            self.cached += result.cached
        elif result.status is Status.SKIPPED:
            self.skipped[_reason_kind(result.reason)] += 1
        else:
            self.failed += 1

    @property
    def return_code(self) -> int:
        if self.failed:
            return EXIT_FAILED
        if self.check and self.changed:
            return EXIT_CHANGES
        return EXIT_OK

    def summary(self) -> str:
        """One line for humans: ``2 files repaired, 5 unchanged, 1 skipped (binary).``"""
        parts = []
        verb = "would be repaired" if self.check else "repaired"
        parts.append(f"{_files(self.changed)} {verb}")
        unchanged = f"{self.unchanged} unchanged"
        if self.cached:
            unchanged += f" ({self.cached} from cache)"
        parts.append(unchanged)
        skipped = sum(self.skipped.values())
        if skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            parts.append(f"{skipped} skipped ({reasons})")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts) + "."


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _reason_kind(reason: str) -> str:
    """Group skip reasons for the summary: "too large (3 MB ...)" counts as "too large"."""
    head = reason.split(":", 1)[0].split(" (", 1)[0]
    return head or "skipped"
