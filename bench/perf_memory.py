"""Peak memory streaming a large file through ``mojifix fix`` (stdin → stdout).

Reuses ``bench/stream_memory.py``'s generator (ordinary English lines with a line of cp1252
mojibake every ``--every`` lines) and its check that every damaged line came out repaired,
but measures the child's *own* peak RSS with ``wait4`` in a small launcher process (so that
it can run after other benchmarks in one big process: Linux would otherwise count the
parent's RSS in the child's), and runs the ``ftfy`` command (which also streams line by line)
on the same file, or on its first ``--ftfy-size`` bytes, for comparison.  Target: under
200 MB (10^6 bytes) for 1 GiB.

    python bench/perf_memory.py                  # 1 GiB; ftfy on the first 256 MiB
    python bench/perf_memory.py --size 64M
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.perf_common import (
    MB,
    MIB,
    Row,
    check,
    fmt_rate,
    log,
    parse_size,
    print_table,
    run_process,
    venv_tool,
)
from bench.stream_memory import REPAIRED, generate

LIMIT_MB = 200


def _stream(cmd: list[str], source: str, target: str, timeout: float | None):
    with open(source, "rb") as stdin, open(target, "wb") as stdout:
        return run_process(cmd, stdin=stdin, stdout=stdout, timeout=timeout, peak_rss=True)


def run(
    size: int, ftfy_size: int | None = None, every: int = 200, timeout: float = 3600
) -> list[Row]:
    folder = tempfile.mkdtemp(prefix="mojifix-perf-memory-")
    source = os.path.join(folder, "big.txt")
    target = os.path.join(folder, "out.txt")
    rows: list[Row] = []
    sec = "6. memory, streaming"
    try:
        log(f"writing {size / MIB:.0f} MiB to {source}")
        damaged = generate(source, size, every)
        actual = os.path.getsize(source)
        cmd = [sys.executable, "-m", "mojifix", "fix"]
        ours = _stream(cmd, source, target, timeout)
        if ours.returncode != 0:
            raise RuntimeError(ours.stderr.decode(errors="replace"))
        with open(target, "rb") as fh:
            repaired = sum(chunk.count(REPAIRED.encode()) for chunk in _chunks(fh))
        peak = ours.max_rss_kib * 1024 / MB
        rate = actual / MB / ours.seconds
        log(f"  mojifix fix: peak {peak:.0f} MB, {fmt_rate(rate)}, {repaired}/{damaged} repaired")
        rows.append(
            Row(
                sec,
                f"`mojifix fix < {actual / MIB:.0f} MiB > out`, peak RSS",
                f"{peak:.0f} MB",
                "limit",
                f"{LIMIT_MB} MB",
                peak / LIMIT_MB,
                "<= 1x",
                check(peak / LIMIT_MB, "<= 1x") and repaired == damaged,
                f"{repaired}/{damaged} damaged lines repaired; {fmt_rate(rate)} wall",
            )
        )
        ftfy = venv_tool("ftfy")
        if ftfy:
            part = min(actual, ftfy_size or actual)
            theirs_source = source
            if part < actual:
                theirs_source = os.path.join(folder, "part.txt")
                with open(source, "rb") as src, open(theirs_source, "wb") as dst:
                    left = part
                    while left > 0:
                        chunk = src.read(min(left, 4 << 20))
                        if not chunk:
                            break
                        dst.write(chunk)
                        left -= len(chunk)
                os.unlink(target)
            theirs = _stream([ftfy, "-"], theirs_source, target, timeout)
            if theirs.returncode != 0:
                raise RuntimeError(theirs.stderr.decode(errors="replace"))
            their_peak = theirs.max_rss_kib * 1024 / MB
            their_rate = part / MB / theirs.seconds
            log(f"  ftfy -:      peak {their_peak:.0f} MB, {fmt_rate(their_rate)}")
            what = "same file" if part == actual else f"first {part / MIB:.0f} MiB"
            rows.append(
                Row(
                    sec,
                    "peak RSS",
                    f"{peak:.0f} MB",
                    f"`ftfy - < file` ({what})",
                    f"{their_peak:.0f} MB",
                    peak / their_peak,
                    "",
                    None,
                    "ratio = mojifix / ftfy (lower is better)",
                )
            )
            rows.append(
                Row(
                    sec,
                    "streaming throughput",
                    fmt_rate(rate),
                    f"`ftfy - < file` ({what})",
                    fmt_rate(their_rate),
                    rate / their_rate,
                    "",
                    None,
                    "wall time incl. start-up; ftfy runs its default fix_text",
                )
            )
    finally:
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
    return rows


def _chunks(fh, size: int = 8 << 20):
    # A damaged line never straddles two chunks in a useful way for counting; count per line.
    rest = b""
    while True:
        chunk = fh.read(size)
        if not chunk:
            if rest:
                yield rest
            return
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        rest = chunk[cut:]
        yield chunk[:cut]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="input size, e.g. 1G, 64M (default 1G)")
    parser.add_argument(
        "--ftfy-size", default="256M", help="run ftfy on this much of the file (default 256M)"
    )
    parser.add_argument("--every", type=int, default=200, help="a damaged line every N lines")
    args = parser.parse_args(argv)
    print_table(run(parse_size(args.size), parse_size(args.ftfy_size), args.every))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
