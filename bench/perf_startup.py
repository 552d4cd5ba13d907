"""Start-up cost: what one pre-commit run on a single small file pays.

Times, hyperfine-style (warm-up runs, then the mean of ``--runs`` runs of a fresh process):

* ``python -c pass`` (the interpreter alone: the floor);
* ``mojifix --version``;
* ``mojifix fix --check --no-cache FILE`` on one small clean file (English with typographic
  punctuation), ``MOJIFIX_CACHE_DIR`` pointing at an empty temporary folder;
* ``ftfy FILE`` and ``normalizer FILE`` on the same file.

Then ``python -X importtime -c "import mojifix"`` (and ``import mojifix.cli``, what the
``mojifix`` script imports), best of 3, and the modules that cost the most, by their own
import time and by cumulative time of top-level packages.

    python bench/perf_startup.py --runs 20
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.perf_common import (
    CORPUS,
    Row,
    Timing,
    check,
    log,
    print_table,
    time_command,
    venv_tool,
)

_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def _cli(name: str) -> list[str] | None:
    exe = venv_tool(name)
    return [exe] if exe else None


def import_profile(
    statement: str = "import mojifix", repeats: int = 3
) -> list[tuple[str, int, int, int]]:
    """(module, self µs, cumulative µs, depth) of the fastest of ``repeats`` imports."""
    best: list[tuple[str, int, int, int]] | None = None
    best_total = None
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            capture_output=True,
            text=True,
            check=True,
        )
        rows = []
        for line in done.stderr.splitlines():
            m = _LINE.match(line)
            if m:
                depth = (len(m.group(3)) - 1) // 2
                rows.append((m.group(4), int(m.group(1)), int(m.group(2)), depth))
        total = sum(r[1] for r in rows)
        if best_total is None or total < best_total:
            best, best_total = rows, total
    return best or []


def importtime_report(statement: str = "import mojifix", top: int = 8) -> str:
    rows = import_profile(statement)
    total = sum(r[1] for r in rows)
    target = statement.split()[-1]
    ours = next((r for r in rows if r[0] == target), None)
    lines = [
        f'`python -X importtime -c "{statement}"` (best of 3): '
        f"{total / 1000:.1f} ms in {len(rows)} modules"
        + (f"; {target} cumulative {ours[2] / 1000:.1f} ms" if ours else ""),
        "",
        "| module (by own time) | self ms | cumulative ms |",
        "|---|---|---|",
    ]
    for name, self_us, cum_us, _ in sorted(rows, key=lambda r: -r[1])[:top]:
        lines.append(f"| {name} | {self_us / 1000:.1f} | {cum_us / 1000:.1f} |")
    # Top-level packages pulled in, by cumulative time (what a lazy import would save).
    roots: dict[str, int] = {}
    for name, _, cum_us, depth in rows:
        if depth <= 1 or "." not in name:
            root = name.split(".")[0]
            if root != target.split(".")[0]:
                roots[root] = max(roots.get(root, 0), cum_us)
    lines += ["", "| package (largest cumulative) | cumulative ms |", "|---|---|"]
    for root, cum_us in sorted(roots.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| {root} | {cum_us / 1000:.1f} |")
    return "\n".join(lines)


def run(runs: int = 20) -> tuple[list[Row], str]:
    mojifix = _cli("mojifix") or [sys.executable, "-m", "mojifix"]
    ftfy = _cli("ftfy")
    normalizer = _cli("normalizer")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="mojifix-perf-startup-") as tmp:
        sample = Path(tmp) / "notes.md"
        lines = (CORPUS / "dev" / "en.txt").read_text(encoding="utf-8").splitlines()[:12]
        sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {"MOJIFIX_CACHE_DIR": str(Path(tmp) / "cache"), "NO_COLOR": "1"}

        def timed(label: str, cmd: list[str] | None) -> Timing | None:
            if cmd is None:
                log(f"  {label}: not installed")
                return None
            t = time_command(cmd, runs, env=env, ok=lambda rc: rc in (0, 1))
            log(f"  {label:40} {t}")
            return t

        floor = timed("python -c pass", [sys.executable, "-c", "pass"])
        version = timed("mojifix --version", [*mojifix, "--version"])
        check_one = timed(
            "mojifix fix --check --no-cache FILE",
            [*mojifix, "fix", "--check", "--no-cache", str(sample)],
        )
        ftfy_t = timed("ftfy FILE", [*ftfy, str(sample)] if ftfy else None)
        norm_t = timed("normalizer FILE", [*normalizer, str(sample)] if normalizer else None)

    assert floor and version and check_one
    sec = "5. start-up"
    rows.append(
        Row(
            sec,
            "`mojifix --version`",
            str(version),
            "`python -c pass`",
            str(floor),
            version.mean / floor.mean,
            "",
            None,
            f"{(version.mean - floor.mean) * 1000:.0f} ms above the bare interpreter",
        )
    )
    for label, other, target in (
        ("`ftfy FILE`", ftfy_t, ""),
        ("`normalizer FILE`", norm_t, ""),
    ):
        if other is None:
            rows.append(
                Row(sec, "`mojifix fix --check FILE`", str(check_one), label, "not installed")
            )
            continue
        ratio = check_one.mean / other.mean
        rows.append(
            Row(
                sec,
                "`mojifix fix --check --no-cache FILE`, one 1 KB clean file",
                str(check_one),
                label,
                str(other),
                ratio,
                target,
                check(ratio, target),
                "ratio = mojifix time / other time (lower is better)",
            )
        )
    imports = importtime_report("import mojifix") + "\n\n" + importtime_report("import mojifix.cli")
    return rows, imports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command")
    args = parser.parse_args(argv)
    rows, imports = run(args.runs)
    print_table(rows)
    print()
    print(imports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
