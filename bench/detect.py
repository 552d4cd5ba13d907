"""Benchmark encoding detection: mojifix against charset-normalizer, chardet, cchardet, chardetng.

Usage (from the repository root)::

    python bench/detect.py [--no-heldout] [--no-corpus]

Two sample sets:

* the detection corpus in ``../shared/corpora/detect`` (real files; true encodings in its
  ``manifest.csv``), skipped when absent;
* a held-out set built here from text that never touched that corpus (gettext catalogs of
  the machine, encoded in each language's code pages; see ``_detect_heldout.py``).

A detector is right when its answer decodes the bytes to the same text as the true encoding
(``ascii`` and ``utf-8`` are both right for ASCII).  Besides whole files, every non-ASCII text
is cut to its first 512 and 64 bytes: the detector sees the whole prefix, and the comparison
runs on the prefix cut back to the last whole character of the true encoding, so that a
multibyte character split by the cut counts against nobody.  Files that declare a charset
(XML prolog, ``<meta>``) are also reported apart, since detectors that read declarations get
those for free.  Time is the mean wall time of the detection call per file; the detectors
take turns file by file, so a busy machine slows them alike.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _detect_corpus import (
    CORPUS,
    Decoder,
    Detector,
    Sample,
    is_right,
    load_corpus,
    prefixes,
)
from _detect_heldout import build
from _detect_rivals import available

SIZES: tuple[int | None, ...] = (None, 512, 64)


def mojifix_detector(data: bytes) -> Decoder:
    from mojifix.decode import decode
    from mojifix.detect import detect

    found = detect(data)

    def run(raw: bytes) -> str | None:
        if found.encoding is None:
            return None
        return decode(raw, found).text

    return run


def evaluate(
    detectors: dict[str, Detector], items: list[tuple[Sample, bytes]], whole: bool
) -> tuple[dict[str, list[bool]], dict[str, float]]:
    """Run every detector on every item; return right/wrong lists and seconds per item.

    The detectors take turns on each item (in an order that rotates from item to item),
    so that a machine busy with other work slows them all alike; each detection call is
    timed on its own, outside the judging of its answer.
    """
    names = list(detectors)
    right: dict[str, list[bool]] = {name: [] for name in names}
    spent: dict[str, float] = dict.fromkeys(names, 0.0)
    for det in detectors.values():
        det(b"warm up \xe9")
    for index, (sample, data) in enumerate(items):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            decoder = detectors[name](data)
            spent[name] += time.perf_counter() - start
            right[name].append(is_right(sample, data, decoder, whole=whole))
    seconds = {name: spent[name] / max(len(items), 1) for name in names}
    return right, seconds


def _pct(flags: Iterable[bool]) -> str:
    flags = list(flags)
    return f"{100 * sum(flags) / len(flags):5.1f}%" if flags else "    -"


def table(
    title: str,
    items: list[tuple[Sample, bytes]],
    right: dict[str, list[bool]],
    seconds: dict[str, float],
    keep: Callable[[Sample], bool] = lambda s: True,
) -> None:
    """Print accuracy per family and overall, one column per detector."""
    names = list(right)
    rows: dict[str, list[int]] = defaultdict(list)
    for i, (sample, _) in enumerate(items):
        if keep(sample):
            rows[sample.family].append(i)
    chosen = [i for idx in rows.values() for i in idx]
    print(f"\n## {title} ({len(chosen)} samples)")
    width = max([len(f) for f in rows] + [7])
    print(f"{'family':{width}} {'n':>5} " + " ".join(f"{n[:18]:>18}" for n in names))
    for family in sorted(rows):
        idx = rows[family]
        cells = " ".join(f"{_pct(right[n][i] for i in idx):>18}" for n in names)
        print(f"{family:{width}} {len(idx):5d} {cells}")
    cells = " ".join(f"{_pct(right[n][i] for i in chosen):>18}" for n in names)
    print(f"{'overall':{width}} {len(chosen):5d} {cells}")
    counts = " ".join(f"{sum(right[n][i] for i in chosen):>18d}" for n in names)
    print(f"{'right':{width}} {'':5} {counts}")
    times = " ".join(f"{seconds[n] * 1000:>16.3f}ms" for n in names)
    print(f"{'time/file':{width}} {'':5} {times}")
    ours = sum(right["mojifix"][i] for i in chosen)
    for n in names[1:]:
        theirs = sum(right[n][i] for i in chosen)
        ratio = ours / theirs if theirs else float("inf")
        speed = seconds[n] / seconds["mojifix"] if seconds["mojifix"] else float("inf")
        print(f"  mojifix/{n}: accuracy x{ratio:.3f}, speed x{speed:.2f} (>1 = mojifix faster)")


def failures(title: str, items: list[tuple[Sample, bytes]], right: dict[str, list[bool]]) -> None:
    """List the samples mojifix gets wrong: its answer, and which rivals get them right."""
    from mojifix.detect import detect

    wrong = [i for i, ok in enumerate(right["mojifix"]) if not ok]
    if not wrong:
        return
    print(f"\n### mojifix failures: {title}")
    for i in wrong:
        sample, data = items[i]
        found = detect(data)
        rivals = ",".join(n for n in right if n != "mojifix" and right[n][i]) or "-"
        print(
            f"  {sample.family[:20]:20} {sample.encoding:>12} -> {found.encoding or 'binary':12}"
            f" {found.confidence:.2f} rivals right: {rivals:40} {sample.name}"
        )


def run_set(
    label: str,
    samples: list[Sample],
    detectors: dict[str, Detector],
    show_failures: bool = False,
) -> None:
    """Benchmark one sample set at full length and at 512- and 64-byte prefixes."""
    for size in SIZES:
        if size is None:
            items = [(s, s.data) for s in samples]
            title = f"{label}: whole files"
        else:
            items = list(prefixes(samples, size))
            title = f"{label}: first {size} bytes of non-ASCII texts"
        right, seconds = evaluate(detectors, items, whole=size is None)
        table(title, items, right, seconds)
        if show_failures:
            failures(title, items, right)
        if size is None and any(s.declared for s in samples):
            table(
                f"{label}: whole files without a declared charset",
                items,
                right,
                seconds,
                keep=lambda s: not s.declared,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-corpus", action="store_true", help="skip the shared corpus")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out set")
    parser.add_argument(
        "--show-failures",
        action="store_true",
        help="list the files mojifix gets wrong, with the rivals that get them right",
    )
    parser.add_argument(
        "--only", metavar="NAME", action="append", help="run only these rivals (repeatable)"
    )
    args = parser.parse_args(argv)
    rivals = available()
    if args.only:
        rivals = {n: d for n, d in rivals.items() if n in args.only}
    detectors: dict[str, Detector] = {"mojifix": mojifix_detector, **rivals}
    corpus = [] if args.no_corpus else load_corpus()
    if not args.no_corpus and not corpus:
        print(f"corpus not found at {CORPUS}: running on the held-out set only")
    if corpus:
        run_set("corpus", corpus, detectors, args.show_failures)
    if not args.no_heldout:
        run_set("held-out", build(), detectors, args.show_failures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
