"""Measure peak memory streaming a large generated file through ``python -m mojifix fix``.

The file issue asks that 1 GB piped through ``mojifix fix`` stay under 200 MB of peak RSS.
This script writes a file of the requested size (default 1 GiB) of ordinary lines with a
mojibake line every ``--every`` lines, pipes it through a child process
``python -m mojifix fix < big.txt > out.txt``, checks that the damaged lines came out
repaired, and prints the child's peak RSS (``getrusage(RUSAGE_CHILDREN).ru_maxrss``), the
wall time and the throughput.

    python bench/stream_memory.py                # 1 GiB
    python bench/stream_memory.py --size 100M    # quicker
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

CLEAN = [
    "The committee met on Tuesday and approved the budget for the coming year.\n",
    "Rainfall in the northern districts was twice the seasonal average.\n",
    "Shares closed higher after the central bank left interest rates unchanged.\n",
]
DAMAGED = "Le rÃ©sumÃ© de lâ€™Ã©tÃ© Ã  MontrÃ©al, cafÃ© compris.\n"
REPAIRED = "Le résumé de l’été à Montréal, café compris.\n"


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1].upper() in units:
        return int(float(text[:-1]) * units[text[-1].upper()])
    return int(text)


def generate(path: str, size: int, every: int) -> int:
    """Write about ``size`` bytes; return the number of damaged lines."""
    block_lines = [CLEAN[i % len(CLEAN)] for i in range(every - 1)] + [DAMAGED]
    block = "".join(block_lines).encode()
    count = 0
    with open(path, "wb") as out:
        written = 0
        chunk = block * max(1, (4 << 20) // len(block))
        per_chunk = chunk.count(DAMAGED.encode())
        while written + len(chunk) <= size:
            out.write(chunk)
            written += len(chunk)
            count += per_chunk
        while written + len(block) <= size:
            out.write(block)
            written += len(block)
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="input size, e.g. 1G, 200M (default 1G)")
    parser.add_argument("--every", type=int, default=200, help="a damaged line every N lines")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    size = parse_size(args.size)
    folder = tempfile.mkdtemp(prefix="mojifix-bench-")
    source = os.path.join(folder, "big.txt")
    target = os.path.join(folder, "out.txt")
    try:
        damaged = generate(source, size, args.every)
        actual = os.path.getsize(source)
        command = [sys.executable, "-m", "mojifix", "fix"]
        began = time.perf_counter()
        with open(source, "rb") as stdin, open(target, "wb") as stdout:
            done = subprocess.run(command, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - began
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        if done.returncode != 0:
            print(done.stderr.decode(errors="replace"), file=sys.stderr)
            return done.returncode
        with open(target, "rb") as result:
            repaired = result.read().count(REPAIRED.encode())
        print(f"command:     {' '.join(command)} < big.txt > out.txt")
        print(f"input:       {actual / (1 << 20):.0f} MiB, {damaged} damaged lines")
        print(f"repaired:    {repaired} lines {'(all)' if repaired == damaged else '(NOT ALL)'}")
        print(f"time:        {elapsed:.1f} s ({actual / (1 << 20) / elapsed:.1f} MiB/s)")
        print(f"peak RSS:    {peak_mb:.1f} MiB (limit 200 MB)")
        return 0 if repaired == damaged and peak_mb * 1.048576 < 200 else 1
    finally:
        if not args.keep:
            for name in (source, target):
                if os.path.exists(name):
                    os.unlink(name)
            os.rmdir(folder)


if __name__ == "__main__":
    sys.exit(main())
