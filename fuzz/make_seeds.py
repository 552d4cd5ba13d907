"""Write seed inputs for the fuzz targets from the benchmark corpus (clean and mangled lines).

    python fuzz/make_seeds.py fuzz/corpus      # makes fuzz/corpus/repair and fuzz/corpus/cli

Each seed starts with the target's selector byte (see the targets' ``test_one_input``), then
a few lines of clean corpus text, damaged by one of the benchmark pipelines and/or encoded
in a legacy code page, so the fuzzer starts from realistic mojibake instead of nothing.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import load_corpus
from bench.mangle import PIPELINES, Mangled

ENCODINGS = ("utf-8", "utf-8", "utf-8", "cp1252", "cp1251", "gbk", "utf-16")


def seeds(count: int, rng: random.Random, max_lines: int = 3) -> list[bytes]:
    """``count`` inputs (without selector byte) of 1 to ``max_lines`` damaged corpus lines."""
    corpus = load_corpus("dev")
    lines = [line for group in corpus.values() for line in group]
    out: list[bytes] = []
    while len(out) < count:
        text = "\n".join(rng.sample(lines, rng.randint(1, max_lines))) + "\n"
        outcome = rng.choice(PIPELINES).mangle(text)
        if isinstance(outcome, Mangled):
            text = outcome.text
        out.append(text.encode(rng.choice(ENCODINGS), "replace")[:4000])
    return out


def write_seeds(root: Path, count: int = 200, max_lines: int = 3, seed: int = 0) -> None:
    """Write ``root/repair`` and ``root/cli`` seed folders."""
    rng = random.Random(seed)
    for target in ("repair", "cli"):
        folder = root / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in seeds(count, rng, max_lines):
            unit = bytes([rng.randrange(256)]) + data
            (folder / hashlib.sha1(unit).hexdigest()).write_bytes(unit)


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus")
    write_seeds(root)
    print(f"seeds written under {root}")


if __name__ == "__main__":
    main()
