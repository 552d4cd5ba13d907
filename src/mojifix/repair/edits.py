"""Edits made by successive repair passes, traced back to spans of the original text.

Each pass sees the text the previous pass produced and reports its edits in that text's
coordinates.  :class:`Ledger` applies them and keeps every change expressed in the coordinates
of the caller's input, merging a later edit into an earlier one where they overlap, so that
``Repair.changes`` always points at what the user actually has.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from mojifix.model import Change, Kind


def split_lines(text: str) -> list[str]:
    """Split ``text`` after each ``\n``, keeping it.

    Only ``\n`` ends a line here: ``str.splitlines`` also breaks at U+0085, U+2028 and
    friends, and U+0085 is exactly what Windows-1252 mojibake is full of.
    """
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (coordinates of the pass's input)."""

    start: int
    end: int
    replacement: str
    kind: Kind
    explanation: str


@dataclass
class _Piece:
    """A stretch of the current text: either copied from the original, or a replacement."""

    orig_start: int
    orig_end: int
    text: str
    edited: bool
    kind: Kind | None = None
    explanation: str = ""


class Ledger:
    """The current text as pieces of the original, with the story of every edited piece."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._pieces = [_Piece(0, len(original), original, False)] if original else []
        self._reports: list[Change] = []

    @property
    def text(self) -> str:
        return "".join(p.text for p in self._pieces)

    def report(self, start: int, end: int, explanation: str) -> None:
        """Record unrecoverable damage at ``[start, end)`` of the *current* text."""
        o_start, o_end, _, _ = self._locate(start, end)
        snippet = self.original[o_start:o_end]
        self._reports.append(
            Change(o_start, o_end, snippet, snippet, Kind.UNRECOVERABLE, explanation)
        )

    def apply(self, edits: list[Edit]) -> None:
        """Apply non-overlapping ``edits`` given in coordinates of the current text.

        Edits go from the end of the text backwards, so the piece offsets computed once
        before the first one stay right for every piece an edit has not yet touched.
        """
        if not edits:
            return
        ends: list[int] = []
        pos = 0
        for piece in self._pieces:
            pos += len(piece.text)
            ends.append(pos)
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            self._apply_one(edit, ends)

    def _locate(self, start: int, end: int) -> tuple[int, int, int, int]:
        """Map ``[start, end)`` of the current text to original offsets and piece indexes.

        A position inside an edited piece widens to the whole piece: an edited piece has no
        finer correspondence with the original.
        """
        pos = 0
        first = last = -1
        o_start = o_end = len(self.original)
        for i, piece in enumerate(self._pieces):
            p_end = pos + len(piece.text)
            if first < 0 and (start < p_end or (start == p_end == pos)):
                first = i
                o_start = piece.orig_start if piece.edited else piece.orig_start + (start - pos)
            if first >= 0 and end <= p_end:
                last = i
                o_end = piece.orig_end if piece.edited else piece.orig_start + (end - pos)
                break
            pos = p_end
        if first < 0:
            first = last = len(self._pieces)
        elif last < 0:
            last = len(self._pieces) - 1
        return o_start, o_end, first, last

    def _apply_one(self, edit: Edit, ends: list[int]) -> None:
        pieces = self._pieces
        first = bisect_right(ends, edit.start)
        if first >= len(ends):
            o_start = o_end = len(self.original)
            pieces.append(
                _Piece(o_start, o_end, edit.replacement, True, edit.kind, edit.explanation)
            )
            ends.append((ends[-1] if ends else 0) + len(edit.replacement))
            return
        last = max(first, bisect_left(ends, edit.end, lo=first))
        last = min(last, len(ends) - 1)
        head_piece, tail_piece = pieces[first], pieces[last]
        head_start = ends[first] - len(head_piece.text)
        tail_start = ends[last] - len(tail_piece.text)
        head_cut = edit.start - head_start
        tail_cut = edit.end - tail_start
        o_start = head_piece.orig_start if head_piece.edited else head_piece.orig_start + head_cut
        o_end = tail_piece.orig_end if tail_piece.edited else tail_piece.orig_start + tail_cut
        new: list[_Piece] = []
        explanation = edit.explanation
        kind = edit.kind
        replacement = edit.replacement
        if head_piece.edited:
            replacement = head_piece.text[:head_cut] + replacement
            explanation = f"{head_piece.explanation}; then {explanation}"
        elif head_cut:
            new.append(
                _Piece(
                    head_piece.orig_start,
                    head_piece.orig_start + head_cut,
                    head_piece.text[:head_cut],
                    False,
                )
            )
        for piece in pieces[first + 1 : last + 1]:
            if piece.edited and piece is not head_piece:
                explanation = f"{piece.explanation}; then {explanation}"
        if tail_piece.edited:
            replacement += tail_piece.text[tail_cut:]
        new.append(_Piece(o_start, o_end, replacement, True, kind, explanation))
        if not tail_piece.edited and tail_cut < len(tail_piece.text):
            new.append(
                _Piece(
                    tail_piece.orig_start + tail_cut,
                    tail_piece.orig_end,
                    tail_piece.text[tail_cut:],
                    False,
                )
            )
        pieces[first : last + 1] = new
        # Offsets from here on are only ever needed for pieces before this edit; keep the
        # list sorted by cutting it at the last new piece.
        pos = head_start
        new_ends = []
        for piece in new:
            pos += len(piece.text)
            new_ends.append(pos)
        ends[first:] = new_ends

    def changes(self) -> list[Change]:
        """Every change and report, in coordinates of the original, ordered by position."""
        found: list[Change] = []
        for piece in self._pieces:
            if not piece.edited:
                continue
            before = self.original[piece.orig_start : piece.orig_end]
            if before == piece.text:
                continue
            assert piece.kind is not None
            found.append(
                Change(
                    piece.orig_start,
                    piece.orig_end,
                    before,
                    piece.text,
                    piece.kind,
                    piece.explanation,
                )
            )
        found.extend(self._reports)
        found.sort(key=lambda c: (c.start, c.end))
        positioned = []
        line, counted = 1, 0  # newlines before ``counted``, changes being in order
        for change in found:
            line += self.original.count("\n", counted, change.start)
            counted = change.start
            positioned.append(_with_position(self.original, change, line))
        return positioned


def _with_position(text: str, change: Change, line: int) -> Change:
    column = change.start - (text.rfind("\n", 0, change.start) + 1) + 1
    return Change(
        change.start,
        change.end,
        change.original,
        change.replacement,
        change.kind,
        change.explanation,
        line,
        column,
    )
