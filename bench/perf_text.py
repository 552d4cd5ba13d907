"""Text throughput: ``mojifix.fix_text`` against ``ftfy.fix_encoding`` and ``ftfy.fix_text``.

Four texts, each built by repeating lines of the hand-written corpus (``bench/corpus``, dev and
heldout splits, shuffled once with a fixed seed) up to ``--size`` of UTF-8:

``clean-en``     English with typographic punctuation (``en.txt``), unchanged by a right fixer
``clean-multi``  Chinese (both scripts), Japanese, Russian, Arabic, emoji and mixed-script lines
``cp1252``       every corpus language, each line UTF-8 read as Windows-1252 (WHATWG/sloppy):
                 mojibake on every line
``gbk``          every corpus language, each line UTF-8 read as GBK, bad pairs handled in turn
                 the Windows way (``鈥?``), with U+FFFD, and dropped (``bench/mangle.py``)

Each fixer is fed the same text in line-aligned pieces (every fixer repairs line by line, so
the output is the same as one call on the whole text); the pieces start at 4 KiB and grow
to 1 MiB.  A fixer stops when it has done the whole text or spent ``--budget`` seconds,
so a slow engine is measured on a prefix instead of running for hours; the table says how
much was measured.  Throughput is UTF-8 input MB (10^6 bytes) per second of CPU time in the
fixer calls (``time.process_time``; the work is single-threaded, so this equals wall time on
an idle machine and stays right when other processes share the cores), after a warm-up call;
the budget counts CPU time too.  ``restored`` is the share of lines that came out
exactly equal to the clean line, over the lines every fixer reached.

Feeding pieces would hide a cost that grows faster than the text (a 20 MB file is one call
for a library user), so one more row per mojibake text times a single call on
``--call-size`` of it (default 512 KiB, less if the budget cannot afford it, skipped under
64 KiB) against the same text cut into 4 KiB calls:
a ratio well under 1 means per-call work grows super-linearly with the text size.

    python bench/perf_text.py                   # 20 MiB per text, 40 s budget per fixer
    python bench/perf_text.py --size 2M --budget 6 --case gbk
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.mangle import Mangled, pipeline
from bench.perf_common import (
    MB,
    Row,
    check,
    corpus_lines,
    fmt_rate,
    log,
    parse_size,
    print_table,
    repeat_to_size,
    shuffled,
)

MULTILINGUAL = ("zh_hans", "zh_hant", "ja", "ru", "ar", "emoji", "mixed")
GBK_PIPELINES = ("utf8>gbk/win", "utf8>gbk/replace", "utf8>gbk/ignore")
CASES = ("clean-en", "clean-multi", "cp1252", "gbk")
DESCRIPTIONS = {
    "clean-en": "clean English, typographic punctuation",
    "clean-multi": "clean zh/ja/ru/ar/emoji",
    "cp1252": "cp1252 mojibake on every line",
    "gbk": "GBK mojibake on every line",
}
FIXERS = ("mojifix", "ftfy.fix_encoding", "ftfy.fix_text")
FIRST_PIECE = 4 << 10
LAST_PIECE = 1 << 20
MIN_CALL = 64 << 10  # smallest single call worth comparing with 4 KiB calls


def case_pairs(case: str) -> list[tuple[str, str]]:
    """(input line, right answer) pairs of one case, distinct lines in a fixed random order."""
    if case == "clean-en":
        lines = [line for _, line in corpus_lines(["en"])]
        return [(line, line) for line in shuffled(lines)]
    if case == "clean-multi":
        lines = [line for _, line in corpus_lines(MULTILINGUAL)]
        return [(line, line) for line in shuffled(lines)]
    if case == "cp1252":
        names = ["utf8>cp1252"]
    elif case == "gbk":
        names = list(GBK_PIPELINES)
    else:
        raise ValueError(case)
    pairs = []
    for i, (_, line) in enumerate(corpus_lines()):
        outcome = pipeline(names[i % len(names)]).mangle(line)
        if isinstance(outcome, Mangled):
            pairs.append((outcome.text, line))
    return shuffled(pairs)


def fixers() -> dict[str, Callable[[str], str]]:
    import ftfy

    import mojifix

    return {
        "mojifix": mojifix.fix_text,
        "ftfy.fix_encoding": ftfy.fix_encoding,
        "ftfy.fix_text": ftfy.fix_text,
    }


@dataclass
class Measure:
    fixer: str
    nbytes: int  # UTF-8 bytes of input measured
    seconds: float  # CPU seconds
    wall: float
    lines: list[str]  # output lines (without newlines)
    complete: bool

    @property
    def rate(self) -> float:
        return self.nbytes / MB / self.seconds if self.seconds else float("inf")


def measure(fix: Callable[[str], str], text: str, budget: float, name: str) -> Measure:
    """Feed ``text`` to ``fix`` in growing line-aligned pieces until done or out of budget."""
    pos, n = 0, len(text)
    spent = 0.0
    wall = 0.0
    nbytes = 0
    out: list[str] = []
    piece = FIRST_PIECE
    while pos < n:
        end = min(n, pos + piece)
        if end < n:
            nl = text.find("\n", end)
            end = n if nl < 0 else nl + 1
        chunk = text[pos:end]
        start, cpu = time.perf_counter(), time.process_time()
        fixed = fix(chunk)
        spent += time.process_time() - cpu
        wall += time.perf_counter() - start
        out.append(fixed)
        nbytes += len(chunk.encode("utf-8"))
        pos = end
        if spent >= budget:
            break
        # Grow the pieces, but do not start one the rate says would overrun the budget by far.
        rate = len(chunk) / max(spent, 1e-9) if spent else float("inf")
        piece = int(min(LAST_PIECE, piece * 2, max(FIRST_PIECE, rate * (budget - spent))))
    lines = "".join(out).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    log(
        f"  {name:18} {nbytes / MB:8.3f} MB in {spent:7.2f} s CPU ({wall:7.2f} s wall)"
        f" = {fmt_rate(nbytes / MB / max(spent, 1e-9))}"
    )
    return Measure(name, nbytes, max(spent, 1e-9), wall, lines, complete=pos >= n)


def restored(m: Measure, answers: list[str], upto: int) -> float:
    good = sum(1 for got, want in zip(m.lines[:upto], answers[:upto]) if got == want)
    return good / upto if upto else 0.0


def linearity(fix: Callable[[str], str], text: str, call_size: int) -> tuple[float, float, int]:
    """CPU seconds for one call on ~``call_size`` of ``text`` and for it in 4 KiB calls."""
    chars = int(call_size * len(text) / max(1, len(text.encode("utf-8"))))
    end = text.find("\n", min(len(text), chars))
    part = text if end < 0 else text[: end + 1]
    start = time.process_time()
    whole = fix(part)
    one = time.process_time() - start
    pieces = []
    pos = 0
    while pos < len(part):
        cut = part.find("\n", min(len(part), pos + FIRST_PIECE))
        cut = len(part) if cut < 0 else cut + 1
        pieces.append(part[pos:cut])
        pos = cut
    start = time.process_time()
    split = "".join(fix(piece) for piece in pieces)
    many = time.process_time() - start
    if whole != split:
        log("  note: one call and 4 KiB calls gave different output")
    return one, many, len(part.encode("utf-8"))


def run(size: int, budget: float, cases=CASES, call_size: int = 512 << 10) -> list[Row]:
    rows: list[Row] = []
    fns = fixers()
    for case in cases:
        pairs = case_pairs(case)
        inputs = repeat_to_size([p[0] for p in pairs], size)
        answers = repeat_to_size([p[1] for p in pairs], size)
        answers = answers[: len(inputs)]
        text = "\n".join(inputs) + "\n"
        log(f"{case}: {len(text.encode('utf-8')) / MB:.1f} MB, {len(pairs)} distinct lines")
        warm = "\n".join(inputs[:20]) + "\n"
        results: dict[str, Measure] = {}
        for name in FIXERS:
            fns[name](warm)
            results[name] = measure(fns[name], text, budget, name)
        upto = min(len(m.lines) for m in results.values())
        share = {name: restored(m, answers, upto) for name, m in results.items()}
        ours = results["mojifix"]
        clean = case.startswith("clean")
        for name in FIXERS[1:]:
            theirs = results[name]
            ratio = ours.rate / theirs.rate
            target = ""
            if name == "ftfy.fix_encoding":
                target = ">= 20x" if clean else ">= 1.5x"
            met = check(ratio, target)
            if met is not None and not clean:
                met = met and share["mojifix"] > share[name]
            what = "unchanged" if clean else "restored"
            note = (
                f"{what}: mojifix {share['mojifix']:.1%}, {name} {share[name]:.1%} "
                f"(first {upto} lines)"
            )
            if not ours.complete:
                note += f"; mojifix measured on {ours.nbytes / MB:.2f} MB (time budget)"
            if not theirs.complete:
                note += f"; {name} on {theirs.nbytes / MB:.2f} MB"
            rows.append(
                Row(
                    section="1. text throughput",
                    case=DESCRIPTIONS[case],
                    mojifix=fmt_rate(ours.rate),
                    baseline_name=name,
                    baseline=fmt_rate(theirs.rate),
                    ratio=ratio,
                    target=target + (" and repairs more" if target and not clean else ""),
                    met=met,
                    note=note,
                )
            )
        # The single-call row costs two passes over call_size: keep it near the budget.
        affordable = int(ours.rate * MB * max(budget, 5.0))
        if not clean and call_size and min(call_size, affordable) < MIN_CALL:
            rows.append(
                Row(
                    section="1. text throughput",
                    case=f"{DESCRIPTIONS[case]}: one big call",
                    mojifix="skipped",
                    note=f"too slow for a {MIN_CALL >> 10} KiB call within the budget",
                )
            )
        elif not clean and call_size:
            one, many, nbytes = linearity(fns["mojifix"], text, min(call_size, affordable))
            log(f"  one call on {nbytes / MB:.2f} MB: {one:.2f} s; in 4 KiB calls: {many:.2f} s")
            ratio = many / one if one else None
            rows.append(
                Row(
                    section="1. text throughput",
                    case=f"{DESCRIPTIONS[case]}: one {nbytes >> 10} KiB call",
                    mojifix=fmt_rate(nbytes / MB / max(one, 1e-9)),
                    baseline_name="mojifix, same text in 4 KiB calls",
                    baseline=fmt_rate(nbytes / MB / max(many, 1e-9)),
                    ratio=ratio,
                    target=">= 0.9x",
                    met=check(ratio, ">= 0.9x"),
                    note="ratio < 1: cost grows faster than the text (super-linear)",
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="20M", help="size of each text (default 20M)")
    parser.add_argument(
        "--budget", type=float, default=40.0, help="seconds each fixer may spend per text"
    )
    parser.add_argument("--case", action="append", choices=CASES, help="only these texts")
    parser.add_argument(
        "--call-size", default="512K", help="size of the single-call row (0: skip; default 512K)"
    )
    args = parser.parse_args(argv)
    rows = run(
        parse_size(args.size), args.budget, tuple(args.case or CASES), parse_size(args.call_size)
    )
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
