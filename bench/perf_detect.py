"""Detection time per file: ``mojifix.detect.detect`` against charset-normalizer.

Runs on the shared detection corpus (``../shared/corpora/detect``, loaded by
``bench/_detect_corpus.py``) and skips cleanly when it is absent.  Each file's bytes are
already in memory; the timed call is ``detect(data)`` for mojifix and
``charset_normalizer.from_bytes(data).best()`` for charset-normalizer, each after a warm-up
call.  Accuracy is ``bench/detect.py``'s business; this only times.

    python bench/detect.py            # accuracy and time, more detectors
    python bench/perf_detect.py       # every file
    python bench/perf_detect.py --every 5   # every 5th file (quick)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._detect_corpus import CORPUS, load_corpus
from bench.perf_common import Row, log, print_table


def _ms(values: list[float]) -> str:
    return (
        f"{statistics.fmean(values) * 1000:.2f} ms (median {statistics.median(values) * 1000:.2f})"
    )


def run(every: int = 1) -> list[Row]:
    samples = load_corpus()
    if not samples:
        log(f"detection corpus not found at {CORPUS}: skipped")
        return [Row("4. detection", "shared corpus", "skipped", note=f"{CORPUS} absent")]
    samples = samples[::every]
    import charset_normalizer

    from mojifix.detect import detect

    def ours(data: bytes) -> object:
        return detect(data)

    def theirs(data: bytes) -> object:
        return charset_normalizer.from_bytes(data).best()

    times: dict[str, list[float]] = {}
    for name, fn in (("mojifix", ours), ("charset-normalizer", theirs)):
        fn(b"warm up \xe9t\xe9")
        spent = []
        for sample in samples:
            start = time.perf_counter()
            fn(sample.data)
            spent.append(time.perf_counter() - start)
        times[name] = spent
        log(f"  {name:18} {_ms(spent)} per file over {len(samples)} files")
    total = sum(len(s.data) for s in samples)
    mean_ours = statistics.fmean(times["mojifix"])
    mean_theirs = statistics.fmean(times["charset-normalizer"])
    ratio = mean_theirs / mean_ours
    return [
        Row(
            "4. detection",
            f"{len(samples)} files of the shared corpus ({total / 1e6:.1f} MB)",
            _ms(times["mojifix"]),
            "charset_normalizer.from_bytes().best()",
            _ms(times["charset-normalizer"]),
            ratio,
            "",
            None,
            "ratio = speed-up of mojifix (mean time per file; > 1: mojifix faster)",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="time every Nth file only")
    args = parser.parse_args(argv)
    print_table(run(args.every))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
