"""Conformance with ftfy's own test cases, plus mojifix's cases written in the same schema.

Why: ftfy's JSON cases are the best public record of real mojibake and of correct text
that looks like it.  mojifix replaces ftfy, so it must do at least what ftfy does on them.

This mirrors ftfy 6.3.1's runner (``tests/test_examples_in_json.py``), which for every
``expect: pass`` case checks

- ``fix_text(original) == fixed`` (default config, stylistic clean-ups included);
- ``fix_encoding(original) == fixed-encoding`` (or ``fixed`` when absent);
- the explained plan replays to the same output (``apply_plan``);
- ``fix_text(original.encode("utf-8").decode("latin-1")) == fixed`` (one more layer);

and runs ``expect: fail`` cases as strict xfails of the ``fix_encoding`` check.

For mojifix: the full comparison calls ``fix_text`` with :data:`FTFY_LIKE`, the Options
that switch on what ftfy's default config does besides encoding repair; the encoding-only
comparison calls mojifix's default ``fix_text``; the plan check replays
``repair_text(...).changes``.  A case is required of mojifix only if ftfy 6.3.1 passes the
same check in this very session (computed here, not copied from the file), so the bar is
exactly "whatever ftfy does".  Negative cases must come back unchanged under the default
configuration whatever ftfy does, and at least three known ftfy failures must be fixed.

Cases from ``tests/data/*.json`` (double-byte and legacy damage ftfy cannot handle) are
required of mojifix without the ftfy gate.

The ftfy cases live outside the repository (``../shared/corpora/ftfy`` next to the repo
root, or ``$MOJIFIX_FTFY_CASES``); without them those tests are skipped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ftfy
import pytest

import mojifix
from mojifix import Options

REPO = Path(__file__).resolve().parents[1]
FTFY_CASES = Path(os.environ.get("MOJIFIX_FTFY_CASES", REPO.parent / "shared" / "corpora" / "ftfy"))
DATA = Path(__file__).resolve().parent / "data"

# ftfy 6.3.1's default TextFixerConfig, step by step:
#   unescape_html="auto"        -> unescape_html=True (mojifix's switch has no "auto")
#   remove_terminal_escapes     -> remove_control_chars=True (mojifix removes both together)
#   fix_encoding, restore_byte_a0, replace_lossy_sequences, decode_inconsistent_utf8,
#   fix_c1_controls, fix_surrogates -> encoding repair: mojifix does these by default
#   fix_latin_ligatures         -> fix_ligatures=True
#   fix_character_width         -> fix_widths=True
#   uncurl_quotes               -> uncurl_quotes=True
#   fix_line_breaks             -> fix_line_breaks=True
#   remove_control_chars        -> remove_control_chars=True (ftfy's also drops U+FEFF,
#                                  hence remove_bom=True)
#   normalization="NFC"         -> normalize="NFC"
FTFY_LIKE = Options(
    normalize="NFC",
    uncurl_quotes=True,
    fix_ligatures=True,
    fix_widths=True,
    fix_line_breaks=True,
    unescape_html=True,
    remove_control_chars=True,
    remove_bom=True,
)


@dataclass(frozen=True)
class JsonCase:
    """One test case in ftfy's schema, tagged with where it came from."""

    id: str
    origin: str  # "ftfy" or "mojifix"
    file: str  # file stem, e.g. "in-the-wild"
    label: str
    original: str
    fixed: str
    fixed_encoding: str
    expect: str
    raw: dict[str, Any]


def _load(folder: Path, origin: str) -> list[JsonCase]:
    if not folder.is_dir():
        return []
    cases: list[JsonCase] = []
    seen: dict[str, int] = {}
    for path in sorted(folder.glob("*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8")):
            base = f"{origin}/{path.stem}:{raw.get('label', '?')}"
            seen[base] = seen.get(base, 0) + 1
            case_id = base if seen[base] == 1 else f"{base} #{seen[base]}"
            cases.append(
                JsonCase(
                    id=case_id,
                    origin=origin,
                    file=path.stem,
                    label=raw.get("label", ""),
                    original=raw.get("original", ""),
                    fixed=raw.get("fixed", ""),
                    fixed_encoding=raw.get("fixed-encoding", raw.get("fixed", "")),
                    expect=raw.get("expect", ""),
                    raw=raw,
                )
            )
    return cases


FTFY = _load(FTFY_CASES, "ftfy")
OURS = _load(DATA, "mojifix")
ALL = FTFY + OURS
PASSING = [case for case in ALL if case.expect == "pass"]
FTFY_PASSING = [case for case in FTFY if case.expect == "pass"]
KNOWN_FAILURES = [case for case in FTFY if case.expect == "fail"]
NEGATIVES = [
    case for case in PASSING if case.file == "negative" and case.fixed_encoding == case.original
]
MIN_KNOWN_FAILURES_FIXED = 3


def _params(cases: list[JsonCase]) -> list[Any]:
    """One pytest param per case, or a single skipped param when there are none."""
    if not cases:
        reason = f"ftfy test cases not found at {FTFY_CASES}"
        return [pytest.param(None, id="no-cases", marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(case, id=case.id) for case in cases]


def _replay(original: str, changes: list[mojifix.Change]) -> str:
    """Apply the edits of ``changes`` (spans of ``original``) and return the result."""
    edits = sorted((c for c in changes if c.edits_text), key=lambda c: (c.start, c.end))
    out: list[str] = []
    pos = 0
    for change in edits:
        assert change.start >= pos, f"overlapping changes at {change.start}"
        assert original[change.start : change.end] == change.original, "span mismatch"
        out.append(original[pos : change.start])
        out.append(change.replacement)
        pos = change.end
    out.append(original[pos:])
    return "".join(out)


def _same_or_restored(got: str, expected: str) -> bool:
    """Compare like ftfy's tests, except where ftfy keeps a U+FFFD that mojifix restores.

    ftfy leaves the U+FFFD that Python's strict decoders put where a byte was undefined
    (``Sloven�ina``); mojifix chooses the lost byte from context (``Slovenčina``), as its
    engine issue requires.  Those positions may hold any character; all others must match.
    """
    if got == expected:
        return True
    if "\ufffd" not in expected or len(got) != len(expected):
        return False
    return all(g == e or e == "\ufffd" for g, e in zip(got, expected))


def _fixed_known_failure(case: JsonCase) -> bool:
    """Whether mojifix gets a case ftfy 6.3.1 is known to get wrong.

    ftfy's ``fixed`` has straight quotes (its default uncurls them) and these cases have no
    ``fixed-encoding``, so either comparison counts: encoding-only against ``fixed`` with
    the default, or the full comparison with :data:`FTFY_LIKE`.
    """
    return (
        mojifix.fix_text(case.original) == case.fixed_encoding
        or mojifix.fix_text(case.original, FTFY_LIKE) == case.fixed
    )


@pytest.mark.parametrize("case", _params(ALL))
def test_well_formed(case: JsonCase) -> None:
    """Every case has the fields the runner relies on (guards against a bad data edit)."""
    for key in ("label", "original", "fixed", "expect"):
        assert isinstance(case.raw.get(key), str), f"missing or non-string {key!r}"
    assert case.expect in ("pass", "fail")


@pytest.mark.parametrize("case", _params(PASSING))
def test_full_fix(case: JsonCase) -> None:
    """``fix_text(original, FTFY_LIKE) == fixed`` wherever ftfy's ``fix_text`` manages it."""
    if case.origin == "ftfy" and ftfy.fix_text(case.original) != case.fixed:
        pytest.skip("ftfy 6.3.1 fails this check too")
    got = mojifix.fix_text(case.original, FTFY_LIKE)
    assert _same_or_restored(got, case.fixed), got


@pytest.mark.parametrize("case", _params(PASSING))
def test_encoding_only(case: JsonCase) -> None:
    """Default ``fix_text(original) == fixed-encoding`` wherever ftfy's ``fix_encoding`` does."""
    if case.origin == "ftfy" and ftfy.fix_encoding(case.original) != case.fixed_encoding:
        pytest.skip("ftfy 6.3.1 fails this check too")
    got = mojifix.fix_text(case.original)
    assert _same_or_restored(got, case.fixed_encoding), got


@pytest.mark.parametrize("case", _params(FTFY_PASSING))
def test_extra_layer(case: JsonCase) -> None:
    """One more UTF-8-as-Latin-1 layer on top still repairs to ``fixed`` (as in ftfy)."""
    extra_bad = case.original.encode("utf-8").decode("latin-1")
    if ftfy.fix_text(extra_bad) != case.fixed:
        pytest.skip("ftfy 6.3.1 fails this check too")
    got = mojifix.fix_text(extra_bad, FTFY_LIKE)
    assert _same_or_restored(got, case.fixed), got


@pytest.mark.parametrize("case", _params(PASSING))
def test_changes_replay(case: JsonCase) -> None:
    """``repair_text(...).changes`` replays to ``.text`` (ftfy's plan/``apply_plan`` check)."""
    result = mojifix.repair_text(case.original)
    assert result.text == mojifix.fix_text(case.original)
    assert _replay(case.original, result.changes) == result.text


@pytest.mark.parametrize("case", _params(NEGATIVES))
def test_negative_unchanged(case: JsonCase) -> None:
    """Correct text that looks like mojibake comes back byte-identical by default."""
    assert mojifix.fix_text(case.original) == case.original


@pytest.mark.parametrize("case", _params(KNOWN_FAILURES))
def test_known_failure(case: JsonCase) -> None:
    """Report, per case, whether mojifix beats ftfy here; only the count is required."""
    if not _fixed_known_failure(case):
        pytest.skip("not fixed by mojifix either (counts toward the known-failure target)")


@pytest.mark.skipif(not KNOWN_FAILURES, reason=f"ftfy test cases not found at {FTFY_CASES}")
def test_known_failures_fixed_count() -> None:
    """mojifix fixes at least three of the cases ftfy's heuristics are known to get wrong."""
    fixed = [case.label for case in KNOWN_FAILURES if _fixed_known_failure(case)]
    assert len(fixed) >= MIN_KNOWN_FAILURES_FIXED, fixed


@pytest.mark.skipif(not FTFY_PASSING, reason=f"ftfy test cases not found at {FTFY_CASES}")
def test_ftfy_gate_is_honest() -> None:
    """The gate above trusts the installed ftfy; check it is the 6.3.1 the cases describe.

    ftfy 6.3.1 passes every ``expect: pass`` case on both checks; if it no longer does, the
    installed ftfy or the case files changed and the gate would silently excuse mojifix.
    """
    if ftfy.__version__ != "6.3.1":
        pytest.skip(f"ftfy {ftfy.__version__} installed; gate calibrated on 6.3.1")
    failing = [
        case.id
        for case in FTFY_PASSING
        if ftfy.fix_text(case.original) != case.fixed
        or ftfy.fix_encoding(case.original) != case.fixed_encoding
    ]
    assert not failing
