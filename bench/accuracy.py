"""Exact-match accuracy of mojifix, next to ftfy, on mojibake generated from a clean corpus.

Why this exists: "it fixes my example" says nothing about how often a repair engine is
right.  Here every case has a known right answer (the clean line it was made from), every
damage pipeline is reported separately, and ftfy runs on the very same cases in the same
run, so a number is always read next to its baseline.

Usage::

    python -m bench.accuracy                       # dev and heldout, 100 cases per pipeline
    python -m bench.accuracy --split heldout --family east-asian --show-failures 10
    python -m bench.accuracy --limit 0 --jobs 2    # every case (slower)

A case is one line (or, for ``[line]`` pipelines, a three-line text in which only one line
is damaged).  A repair counts only if it equals the clean text exactly, or one of the
alternatives the generator accepts (U+FFFD where a byte was destroyed).  Clean corpus lines
and hard negatives count as right only if they come back byte-identical.

The output is deterministic for a given ``--seed`` except the timing footer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.mangle import FAMILIES, PIPELINES, Mangled, Pipeline, Skip

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS: tuple[str, ...] = ("dev", "heldout")
CLEAN = "clean"
NEGATIVE = "negative"
ALL_FAMILIES: tuple[str, ...] = (*FAMILIES, CLEAN, NEGATIVE)

# What the engine is judged on (share of exact matches, per family).
TARGETS: dict[str, float] = {
    "single-byte": 0.98,
    "east-asian": 0.90,
    "legacy": 0.85,
    CLEAN: 1.0,
    NEGATIVE: 1.0,
}

FIXERS: tuple[str, ...] = ("mojifix", "ftfy.fix_encoding", "ftfy.fix_text")
DEFAULT_LIMIT = 100
CONTEXT_LINES = 1  # clean lines kept on each side of the damaged one in ``[line]`` cases


@dataclass
class PipelineStats:
    """What one pipeline made of one split's corpus, before sampling."""

    generated: int = 0
    lossy: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Case:
    """One input and the outputs that count as right (the first is the clean text)."""

    split: str
    family: str
    pipeline: str
    language: str
    source: str  # "dev/en.txt:12"
    damaged: str
    expected: tuple[str, ...]
    lossy: bool = False
    wholly_lost: int = 0  # characters that lost every byte (see bench.mangle.wholly_lost)

    def accepts(self, output: str) -> bool:
        return output in self.expected


# --------------------------------------------------------------------------------------
# Corpus and case generation
# --------------------------------------------------------------------------------------


def load_corpus(split: str) -> dict[str, list[str]]:
    """Return ``{language: lines}`` for one split, languages sorted by name."""
    folder = CORPUS / split
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus split not found: {folder}")
    return {
        path.stem: path.read_text(encoding="utf-8").splitlines()
        for path in sorted(folder.glob("*.txt"))
    }


def load_negatives(split: str) -> list[str]:
    """Return the hard negatives of one split: correct text that looks like mojibake."""
    return (CORPUS / NEGATIVE / f"{split}.txt").read_text(encoding="utf-8").splitlines()


def clean_cases(split: str, families: Iterable[str] = (CLEAN, NEGATIVE)) -> list[Case]:
    """Every clean line and every hard negative, expected back unchanged."""
    wanted = set(families)
    cases: list[Case] = []
    if CLEAN in wanted:
        for language, lines in load_corpus(split).items():
            for number, line in enumerate(lines, 1):
                source = f"{split}/{language}.txt:{number}"
                cases.append(Case(split, CLEAN, CLEAN, language, source, line, (line,)))
    if NEGATIVE in wanted:
        for number, line in enumerate(load_negatives(split), 1):
            source = f"{split}/negative.txt:{number}"
            cases.append(Case(split, NEGATIVE, NEGATIVE, NEGATIVE, source, line, (line,)))
    return cases


def _pipeline_cases(
    split: str, pipe: Pipeline, corpus: dict[str, list[str]], stats: PipelineStats
) -> list[Case]:
    """All cases one pipeline makes from one split, counting skips by reason."""
    cases: list[Case] = []
    for language, lines in corpus.items():
        if pipe.languages is not None and language not in pipe.languages:
            continue
        for index, line in enumerate(lines):
            outcome = pipe.mangle(line)
            if isinstance(outcome, Skip):
                stats.skipped[outcome.reason] += 1
                continue
            assert isinstance(outcome, Mangled)
            source = f"{split}/{language}.txt:{index + 1}"
            expected = (line, *outcome.alternatives)
            damaged = outcome.text
            if pipe.in_context:
                lo, hi = max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1
                before, after = lines[lo:index], lines[index + 1 : hi]

                def embed(middle: str, before: list[str] = before, after: list[str] = after) -> str:
                    return "\n".join([*before, middle, *after]) + "\n"

                damaged = embed(damaged)
                expected = tuple(embed(text) for text in expected)
            cases.append(
                Case(
                    split,
                    pipe.family,
                    pipe.name,
                    language,
                    source,
                    damaged,
                    expected,
                    outcome.lossy,
                    outcome.wholly_lost,
                )
            )
            stats.generated += 1
            stats.lossy += outcome.lossy
    return cases


def _stratified(cases: list[Case], limit: int, rng: random.Random) -> list[Case]:
    """Pick ``limit`` cases spread evenly over languages (round-robin over shuffled lists)."""
    if limit <= 0 or len(cases) <= limit:
        return cases
    by_language: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_language[case.language].append(case)
    queues = []
    for language in sorted(by_language):
        group = by_language[language]
        rng.shuffle(group)
        queues.append(group)
    picked: list[Case] = []
    while len(picked) < limit:
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop())
    return picked


def generate_cases(
    split: str,
    *,
    families: Iterable[str] = FAMILIES,
    limit: int = DEFAULT_LIMIT,
    seed: int = 0,
    pipeline_filter: str | None = None,
) -> tuple[list[Case], dict[str, PipelineStats]]:
    """Generate damaged cases for one split: at most ``limit`` per pipeline (0: all).

    Returns the cases and, per pipeline, how many cases it could make and how many corpus
    lines it skipped and why; the statistics cover the whole split, before sampling.
    """
    wanted = set(families)
    corpus = load_corpus(split)
    cases: list[Case] = []
    stats: dict[str, PipelineStats] = {}
    for pipe in PIPELINES:
        if pipe.family not in wanted:
            continue
        if pipeline_filter and pipeline_filter not in pipe.name:
            continue
        stats[pipe.name] = PipelineStats()
        made = _pipeline_cases(split, pipe, corpus, stats[pipe.name])
        rng = random.Random(f"{seed}/{split}/{pipe.name}")
        cases.extend(_stratified(made, limit, rng))
    return cases, stats


def sample_family(split: str, family: str, n: int, seed: int = 0) -> list[Case]:
    """A small deterministic slice of one family, spread across its pipelines.

    Used by the smoke test: ``n`` cases taken round-robin over the family's pipelines (in
    seeded random order), each pipeline's cases in seeded random order.  For ``clean`` and
    ``negative``, ``n`` lines in seeded random order.
    """
    if family in (CLEAN, NEGATIVE):
        pool = clean_cases(split, [family])
        random.Random(f"{seed}/{split}/{family}").shuffle(pool)
        return pool[:n]
    cases, _ = generate_cases(split, families=[family], limit=0, seed=seed)
    by_pipeline: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_pipeline[case.pipeline].append(case)
    queues = []
    for name, group in by_pipeline.items():
        random.Random(f"{seed}/{split}/{name}/smoke").shuffle(group)
        queues.append(group)
    # Shuffle the pipeline order too, so that n < number of pipelines is still a fair slice.
    random.Random(f"{seed}/{split}/{family}/order").shuffle(queues)
    picked: list[Case] = []
    while len(picked) < n and any(queues):
        for queue in queues:
            if queue and len(picked) < n:
                picked.append(queue.pop())
    return picked


# --------------------------------------------------------------------------------------
# Running the fixers
# --------------------------------------------------------------------------------------


def _fixer_functions(names: Sequence[str]) -> list[Callable[[str], str]]:
    import ftfy

    import mojifix

    table: dict[str, Callable[[str], str]] = {
        "mojifix": mojifix.fix_text,
        "ftfy.fix_encoding": ftfy.fix_encoding,
        "ftfy.fix_text": ftfy.fix_text,
    }
    return [table[name] for name in names]


@dataclass(frozen=True)
class Verdict:
    """Per case: right or wrong for each fixer, and mojifix's output when it was wrong."""

    right: tuple[bool, ...]
    got: str | None


def _run_chunk(
    items: list[tuple[str, tuple[str, ...]]], names: tuple[str, ...]
) -> tuple[list[Verdict], list[float]]:
    """Worker: run every fixer on every item; exceptions count as wrong answers."""
    functions = _fixer_functions(names)
    seconds = [0.0] * len(functions)
    outcomes: list[Verdict] = []
    for damaged, expected in items:
        right: list[bool] = []
        got: str | None = None
        for i, function in enumerate(functions):
            start = time.perf_counter()
            try:
                output = function(damaged)
            except Exception as exc:  # an engine crash is a wrong answer, not a dead run
                output = f"<{type(exc).__name__}: {exc}>"
            seconds[i] += time.perf_counter() - start
            ok = output in expected
            right.append(ok)
            if i == 0 and not ok:
                got = output
        outcomes.append(Verdict(tuple(right), got))
    return outcomes, seconds


def run(
    cases: Sequence[Case], names: tuple[str, ...], jobs: int
) -> tuple[list[Verdict], dict[str, float]]:
    """Run the fixers over ``cases`` (in ``jobs`` processes); results are in case order."""
    items = [(case.damaged, case.expected) for case in cases]
    if not items:
        return [], dict.fromkeys(names, 0.0)
    chunk = max(1, min(200, len(items) // (jobs * 8) or 1))
    pieces = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    outcomes: list[Verdict] = []
    seconds = [0.0] * len(names)
    if jobs <= 1:
        results: Iterable[tuple[list[Verdict], list[float]]] = (
            _run_chunk(piece, names) for piece in pieces
        )
        for chunk_outcomes, chunk_seconds in results:
            outcomes.extend(chunk_outcomes)
            seconds = [a + b for a, b in zip(seconds, chunk_seconds, strict=True)]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk_outcomes, chunk_seconds in pool.map(
                _run_chunk, pieces, [names] * len(pieces)
            ):
                outcomes.extend(chunk_outcomes)
                seconds = [a + b for a, b in zip(seconds, chunk_seconds, strict=True)]
    return outcomes, dict(zip(names, seconds, strict=True))


# --------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "–"


def _pp(a: int, b: int, total: int) -> str:
    if not total:
        return "–"
    return f"{100 * (a - b) / total:+.1f}"


def _err_ratio(mine: int, theirs: int, total: int) -> str:
    """mojifix's errors as a multiple of the baseline's (lower is better)."""
    my_errors, their_errors = total - mine, total - theirs
    if not total:
        return "–"
    if their_errors == 0:
        return "0×" if my_errors == 0 else "∞"
    return f"{my_errors / their_errors:.2f}×"


def show(text: str) -> str:
    """Quote ``text`` so invisible and control characters can be seen in a terminal."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n":
            out.append("⏎")
        elif category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and char != " "):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "«" + "".join(out) + "»"


@dataclass
class Tally:
    """Right answers per fixer over a group of cases."""

    total: int = 0
    lossy: int = 0
    right: Counter[str] | None = None

    def add(self, case: Case, outcome: Verdict, names: Sequence[str]) -> None:
        if self.right is None:
            self.right = Counter()
        self.total += 1
        self.lossy += case.lossy
        for name, ok in zip(names, outcome.right, strict=True):
            self.right[name] += ok

    def get(self, name: str) -> int:
        return (self.right or Counter())[name]


def tally(
    cases: Sequence[Case], outcomes: Sequence[Verdict], names: Sequence[str], key: str
) -> dict[tuple[str, str], Tally]:
    """Group results by (split, ``key`` attribute of the case)."""
    groups: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for case, outcome in zip(cases, outcomes, strict=True):
        groups[(case.split, getattr(case, key))].add(case, outcome, names)
    return groups


FAMILY_LABELS = {
    "single-byte": "single-byte (UTF-8 as 1-byte page)",
    "east-asian": "east-asian (UTF-8 as CJK page)",
    "legacy": "legacy-as-legacy",
    CLEAN: "clean lines unchanged",
    NEGATIVE: "hard negatives unchanged",
}


def family_table(
    groups: dict[tuple[str, str], Tally], splits: Sequence[str], names: Sequence[str]
) -> list[str]:
    """Markdown rows: one per (family, split), mojifix vs each ftfy baseline."""
    has_ftfy = "ftfy.fix_encoding" in names
    head = "| family | split | cases | mojifix |"
    rule = "| --- | --- | ---: | ---: |"
    if has_ftfy:
        head += " fix_encoding | fix_text | Δ enc (pp) | Δ text (pp) | errors vs enc |"
        rule += " ---: | ---: | ---: | ---: | ---: |"
    head += " target | met |"
    rule += " ---: | :-: |"
    lines = [head, rule]
    for family in ALL_FAMILIES:
        for split in splits:
            group = groups.get((split, family))
            if group is None or not group.total:
                continue
            n, mine = group.total, group.get("mojifix")
            row = f"| {FAMILY_LABELS[family]} | {split} | {n} | {_pct(mine, n)} |"
            if has_ftfy:
                enc, txt = group.get("ftfy.fix_encoding"), group.get("ftfy.fix_text")
                row += (
                    f" {_pct(enc, n)} | {_pct(txt, n)} | {_pp(mine, enc, n)} |"
                    f" {_pp(mine, txt, n)} | {_err_ratio(mine, enc, n)} |"
                )
            target = TARGETS[family]
            met = "yes" if mine / n >= target else "**no**"
            row += f" ≥{100 * target:g}% | {met} |"
            lines.append(row)
    return lines


def pipeline_table(
    groups: dict[tuple[str, str], Tally],
    stats: dict[tuple[str, str], PipelineStats],
    splits: Sequence[str],
    names: Sequence[str],
) -> list[str]:
    """Markdown rows: one per pipeline, a block of columns per split."""
    has_ftfy = "ftfy.fix_encoding" in names
    head, rule = "| family | pipeline |", "| --- | --- |"
    for split in splits:
        head += f" {split} n | mojifix |"
        rule += " ---: | ---: |"
        if has_ftfy:
            head += " enc | text |"
            rule += " ---: | ---: |"
    lines = [head, rule]
    for pipe in PIPELINES:
        if not any((split, pipe.name) in stats for split in splits):
            continue
        row = f"| {pipe.family} | `{pipe.name}` |"
        for split in splits:
            group = groups.get((split, pipe.name), Tally())
            n = group.total
            row += f" {n} | {_pct(group.get('mojifix'), n)} |"
            if has_ftfy:
                row += (
                    f" {_pct(group.get('ftfy.fix_encoding'), n)} |"
                    f" {_pct(group.get('ftfy.fix_text'), n)} |"
                )
        lines.append(row)
    return lines


def survival_table(
    cases: Sequence[Case], outcomes: Sequence[Verdict], splits: Sequence[str], names: Sequence[str]
) -> list[str]:
    """Markdown rows: East Asian cases split by whether some character lost every byte.

    Where every character kept a byte, the replay narrows each hole to a few dozen
    candidates; where one lost all of its bytes, only the context can say what it was, and
    with ``ignore`` not even where it stood.  The last column is the family's rate if every
    case of the first kind were right and the second stayed as it is: what perfect byte-level
    work alone could reach.
    """
    head = "| split | pipeline | all kept a byte | mojifix | one lost all | mojifix | ceiling |"
    lines = [head, "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for split in splits:
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for case, outcome in zip(cases, outcomes, strict=True):
            if case.split != split or case.family != "east-asian":
                continue
            ok = outcome.right[names.index("mojifix")]
            for key in (case.pipeline, "all"):
                row = rows[key]
                if case.wholly_lost:
                    row[2] += 1
                    row[3] += ok
                else:
                    row[0] += 1
                    row[1] += ok
        for key, (kept, kept_ok, lost, lost_ok) in sorted(
            rows.items(), key=lambda item: (item[0] == "all", item[0])
        ):
            total = kept + lost
            name = "**all**" if key == "all" else f"`{key}`"
            lines.append(
                f"| {split} | {name} | {kept} | {_pct(kept_ok, kept)} | {lost} |"
                f" {_pct(lost_ok, lost)} | {_pct(kept + lost_ok, total)} |"
            )
    return lines


def skip_table(stats: dict[tuple[str, str], PipelineStats], splits: Sequence[str]) -> list[str]:
    """Markdown rows: per pipeline, cases it can make and corpus lines skipped, by reason."""
    reasons = sorted({reason for item in stats.values() for reason in item.skipped})
    head = "| pipeline | generated | lossy | " + " | ".join(f"skip: {r}" for r in reasons) + " |"
    rule = "| --- | ---: | ---: |" + " ---: |" * len(reasons)
    lines = [head, rule]
    for pipe in PIPELINES:
        keys = [(split, pipe.name) for split in splits]
        present = [stats[key] for key in keys if key in stats]
        if not present:
            continue
        total: Counter[str] = Counter()
        for item in present:
            total.update(item.skipped)
        made = sum(item.generated for item in present)
        lost = sum(item.lossy for item in present)
        cells = " | ".join(str(total[r]) for r in reasons)
        lines.append(f"| `{pipe.name}` | {made} | {lost} | {cells} |")
    return lines


def failure_report(cases: Sequence[Case], outcomes: Sequence[Verdict], count: int) -> list[str]:
    """Up to ``count`` mojifix failures, taken round-robin over pipelines."""
    by_pipeline: dict[str, list[tuple[Case, Verdict]]] = defaultdict(list)
    for case, outcome in zip(cases, outcomes, strict=True):
        if not outcome.right[0]:
            by_pipeline[case.pipeline].append((case, outcome))
    queues = [list(reversed(items)) for items in by_pipeline.values()]
    picked: list[tuple[Case, Verdict]] = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop())
    lines = []
    for case, outcome in picked:
        lines += [
            f"- `{case.pipeline}` {case.source}{' (lossy)' if case.lossy else ''}",
            f"  - input:    {show(case.damaged)}",
            f"  - expected: {show(case.expected[0])}",
        ]
        lines += [f"  - or:       {show(alt)}" for alt in case.expected[1:]]
        lines.append(f"  - got:      {show(outcome.got or '')}")
    return lines


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.accuracy",
        description="Exact-match accuracy of mojifix vs ftfy on generated mojibake.",
    )
    parser.add_argument("--split", choices=[*SPLITS, "both"], default="both")
    parser.add_argument(
        "--family",
        action="append",
        choices=ALL_FAMILIES,
        help="only these families (repeatable; default: all)",
    )
    parser.add_argument("--pipeline", help="only pipelines whose name contains this text")
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help="max cases per pipeline and split, spread over languages "
        f"(0: all; default {DEFAULT_LIMIT})",
    )
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (default 0)")
    parser.add_argument(
        "--show-failures", type=int, default=0, metavar="N", help="print N mojifix failures"
    )
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes"
    )
    parser.add_argument("--no-ftfy", action="store_true", help="run mojifix only (faster)")
    parser.add_argument("--json", type=Path, help="also write per-case results to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    splits = list(SPLITS) if args.split == "both" else [args.split]
    families = args.family or list(ALL_FAMILIES)
    names: tuple[str, ...] = ("mojifix",) if args.no_ftfy else FIXERS

    cases: list[Case] = []
    stats: dict[tuple[str, str], PipelineStats] = {}
    for split in splits:
        made, split_stats = generate_cases(
            split,
            families=[f for f in families if f in FAMILIES],
            limit=args.limit,
            seed=args.seed,
            pipeline_filter=args.pipeline,
        )
        cases.extend(made)
        stats.update({(split, name): item for name, item in split_stats.items()})
        if not args.pipeline:
            cases.extend(clean_cases(split, [f for f in families if f in (CLEAN, NEGATIVE)]))

    started = time.perf_counter()
    outcomes, seconds = run(cases, names, max(1, args.jobs))
    elapsed = time.perf_counter() - started

    by_family = tally(cases, outcomes, names, "family")
    by_pipeline = tally(cases, outcomes, names, "pipeline")

    limit = "all" if args.limit <= 0 else f"≤{args.limit}"
    print(f"## mojifix accuracy — split {args.split}, seed {args.seed}, {limit} cases per pipeline")
    print()
    print("Exact match with the clean text (or an accepted U+FFFD alternative when lossy).")
    if not args.no_ftfy:
        print("`fix_encoding` / `fix_text` (`enc` / `text`): ftfy's, on the same cases.")
        print("Δ: mojifix minus ftfy, percentage points. errors vs enc: mojifix errors / ftfy's.")
    print()
    print("\n".join(family_table(by_family, splits, names)))
    if any(family in FAMILIES for family in families):
        print()
        print("### Per pipeline")
        print()
        print("\n".join(pipeline_table(by_pipeline, stats, splits, names)))
        print()
        if any(case.family == "east-asian" for case in cases):
            print("### East Asian cases by what the decoder left")
            print()
            print(
                "Cases where every character kept at least one byte, and cases where some"
                " character lost all of its bytes; ceiling: the family's rate were the first"
                " all right."
            )
            print()
            print("\n".join(survival_table(cases, outcomes, splits, names)))
            print()
        print("### Cases each pipeline can make, and corpus lines it skipped")
        print()
        print("Splits summed, counted before sampling.")
        print()
        print("\n".join(skip_table(stats, splits)))
    if args.show_failures:
        print()
        print(f"### mojifix failures (up to {args.show_failures})")
        print()
        print("\n".join(failure_report(cases, outcomes, args.show_failures)) or "(none)")
    print()
    timing = ", ".join(f"{name} {seconds[name]:.1f}s" for name in names)
    print(f"_{len(cases)} cases in {elapsed:.1f}s wall ({timing} CPU), {args.jobs} jobs_")

    if args.json:
        records = [
            {
                **asdict(case),
                "right": dict(zip(names, outcome.right, strict=True)),
                "got": outcome.got,
            }
            for case, outcome in zip(cases, outcomes, strict=True)
        ]
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
