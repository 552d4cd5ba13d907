"""Run every performance benchmark and print one markdown table of figures, baselines and ratios.

    python bench/run.py --quick      # a few minutes
    python bench/run.py              # the full run: tens of minutes on 2 cores
    python bench/run.py --only text --only startup
    python bench/run.py --quick --out /tmp/perf.md
    python bench/run.py --quick --rev HEAD     # a committed snapshot, not the working tree

Each benchmark is also a script of its own (``--help`` for its options):

=========  ==========================  =========================================================
name       script                      what
=========  ==========================  =========================================================
text       ``bench/perf_text.py``      ``fix_text`` MB/s against ``ftfy.fix_encoding``/``fix_text``
tree       ``bench/perf_tree.py``      ``mojifix fix --check`` on a folder against ftfy and a
                                       read-only floor (``--only folder``)
jobs       ``bench/perf_tree.py``      ``--jobs 1`` against ``--jobs N`` (``--only jobs``)
detect     ``bench/perf_detect.py``    ms/file against ``charset_normalizer``
startup    ``bench/perf_startup.py``   single-file CLI runs against ``ftfy``/``normalizer``,
                                       ``-X importtime``
memory     ``bench/perf_memory.py``    peak RSS streaming a big file through stdin/stdout
=========  ==========================  =========================================================

The profile that explains the figures is ``bench/perf_profile.py`` (not run here).  Progress
goes to standard error; standard output is the report.  Wall-clock figures need an idle
machine: the report gives the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import perf_detect, perf_memory, perf_startup, perf_text, perf_tree
from bench.perf_common import (
    REPO,
    REV_ENV,
    Row,
    load,
    log,
    machine,
    parse_size,
    print_table,
    usable_cores,
)

BENCHMARKS = ("text", "tree", "jobs", "detect", "startup", "memory")


@dataclass(frozen=True)
class Plan:
    text_size: str
    text_budget: float
    call_size: str
    files: int
    big_files: int
    scaling_trees: tuple[str, ...]
    scaling_repeat: int
    tree_timeout: float
    detect_every: int
    startup_runs: int
    memory_size: str
    memory_ftfy_size: str


FULL = Plan(
    text_size="20M",
    text_budget=40.0,
    call_size="512K",
    files=10_000,
    big_files=100,
    scaling_trees=("small", "big"),
    scaling_repeat=2,
    tree_timeout=900.0,
    detect_every=1,
    startup_runs=20,
    memory_size="1G",
    memory_ftfy_size="128M",
)
QUICK = Plan(
    text_size="2M",
    text_budget=6.0,
    call_size="128K",
    files=1_000,
    big_files=8,
    scaling_trees=("small", "big"),
    scaling_repeat=3,
    tree_timeout=300.0,
    detect_every=5,
    startup_runs=10,
    memory_size="64M",
    memory_ftfy_size="32M",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a few minutes")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only these")
    parser.add_argument("--skip", action="append", choices=BENCHMARKS, default=[], help="skip")
    parser.add_argument("--size", help="override the size of each text of 'text'")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--rev",
        help="measure this git revision's src/ (a snapshot from git archive) instead of the "
        "working tree, which others may be editing",
    )
    args = parser.parse_args(argv)
    if args.rev and not os.environ.get(REV_ENV):
        return _run_at(args.rev, sys.argv[1:] if argv is None else argv)
    plan = QUICK if args.quick else FULL
    chosen = [b for b in (args.only or BENCHMARKS) if b not in args.skip]
    text_size = args.size or plan.text_size

    began = time.perf_counter()
    before = load()
    rows: list[Row] = []
    extra: list[str] = []
    tree_done = False
    for name in chosen:
        log(f"== {name}")
        t0 = time.perf_counter()
        if name == "text":
            rows += perf_text.run(
                parse_size(text_size), plan.text_budget, call_size=parse_size(plan.call_size)
            )
        elif name in ("tree", "jobs"):
            if tree_done:
                continue  # "tree" and "jobs" share one tree and the --jobs N run
            tree_done = True
            only = tuple(o for o, b in (("folder", "tree"), ("jobs", "jobs")) if b in chosen)
            rows += perf_tree.run(
                plan.files,
                plan.big_files if "tree" in chosen else 0,
                only=only,
                scaling_trees=plan.scaling_trees,
                timeout=plan.tree_timeout,
                repeat=plan.scaling_repeat,
            )
        elif name == "detect":
            rows += perf_detect.run(plan.detect_every)
        elif name == "startup":
            more, imports = perf_startup.run(plan.startup_runs)
            rows += more
            extra.append(imports)
        elif name == "memory":
            rows += perf_memory.run(parse_size(plan.memory_size), parse_size(plan.memory_ftfy_size))
        log(f"   {name} took {time.perf_counter() - t0:.0f} s")
    rows.sort(key=lambda r: r.section)  # group sections in issue order (stable within)

    report = _report(args, plan, text_size, rows, extra, before, time.perf_counter() - began)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


def _run_at(rev: str, argv: list[str]) -> int:
    """Re-run this script with ``PYTHONPATH`` pointing at ``rev``'s ``src/``."""
    with tempfile.TemporaryDirectory(prefix="mojifix-perf-rev-") as tmp:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", rev],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", commit, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        src = os.path.join(tmp, "src")
        env = {**os.environ, REV_ENV: commit}
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        log(f"measuring {rev} ({commit}) from a snapshot in {src}")
        return subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode


def _report(args, plan, text_size, rows, extra, before, elapsed) -> str:
    import io

    out = io.StringIO()
    command = "python bench/run.py" + (" --quick" if args.quick else "")
    for name in args.only or ():
        command += f" --only {name}"
    for name in args.skip:
        command += f" --skip {name}"
    if args.rev:
        command += f" --rev {args.rev}"
    print(f"## mojifix performance ({'quick' if args.quick else 'full'} run)\n", file=out)
    print(f"- command: `{command}`", file=out)
    print(f"- machine: {machine()}", file=out)
    print(f"- load: {before} at the start; {load()} at the end", file=out)
    print(
        f"- sizes: texts {text_size} each ({plan.text_budget:g} s CPU budget per fixer), "
        f"{plan.files:,} small files + {plan.big_files} x 1 MiB, stream {plan.memory_size}, "
        f"detection every {plan.detect_every} file(s), {plan.startup_runs} runs per start-up "
        f"command, jobs up to {usable_cores()}",
        file=out,
    )
    print(f"- wall time of this run: {elapsed / 60:.1f} min\n", file=out)
    print_table(rows, out)
    met = [r for r in rows if r.met is not None]
    print(
        f"\nTargets met: {sum(1 for r in met if r.met)} of {len(met)}.",
        file=out,
    )
    for block in extra:
        print("\n" + block, file=out)
    return out.getvalue().rstrip()


if __name__ == "__main__":
    raise SystemExit(main())
