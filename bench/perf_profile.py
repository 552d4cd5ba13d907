"""Profile mojifix (cProfile) where the benchmarks say it is slow, and list the hotspots.

Profiles, each for about ``--budget`` CPU seconds (profiling slows Python code ~2x; shares
are what matter):

``clean-multi``, ``cp1252``, ``gbk``, ``clean-en``
    ``mojifix.fix_text`` on the texts of ``bench/perf_text.py``, fed the same way;
``tree``
    ``mojifix fix --check --no-cache --jobs 1`` over a small tree of ``bench/perf_tree.py``
    (``python -m cProfile``, in a child process; one job so that all work is in one process);
``one-file``
    ``mojifix fix --check --no-cache`` on one small clean file: a pre-commit run, imports
    included (``-X importtime`` in ``bench/perf_startup.py`` splits those further).

For each, the functions with the most own time and the mojifix functions with the most
cumulative time, as shares of the profile's total.  ``--save DIR`` keeps the ``.prof`` files
(open them with ``python -m pstats`` or snakeviz).

    python bench/perf_profile.py --budget 20
    python bench/perf_profile.py --case gbk --top 25
    PYTHONPATH=/tmp/snapshot/src python bench/perf_profile.py   # profile another checkout
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.perf_common import CORPUS, REPO, log, repeat_to_size
from bench.perf_text import case_pairs, fixers, measure
from bench.perf_tree import make_small_tree

CASES = ("clean-multi", "cp1252", "gbk", "clean-en", "tree", "one-file")


def _src() -> str:
    """The folder mojifix is imported from (``src/``, or a ``run.py --rev`` style snapshot)."""
    spec = importlib.util.find_spec("mojifix")
    if spec is None or spec.origin is None:
        return str(REPO / "src") + os.sep
    return str(Path(spec.origin).resolve().parents[1]) + os.sep


SRC = _src()


def _where(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    if filename.startswith(SRC):
        filename = filename[len(SRC) :]
    elif filename == "~":
        return func  # a builtin, e.g. "{method 'get' of 'dict' objects}"
    else:
        parts = Path(filename).parts
        for anchor in ("site-packages", "lib"):
            if anchor in parts:
                filename = "/".join(parts[parts.index(anchor) + 1 :])
                break
    return f"{filename}:{line}:{func}"


def report(stats: pstats.Stats, title: str, top: int) -> str:
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in raw.values()) or 1e-9
    lines = [f"#### {title}: {total:.2f} s profiled", ""]
    lines += ["| own time | share | calls | function |", "|---|---|---|---|"]
    by_self = sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]
    for key, (_, nc, tt, _, _) in by_self:
        lines.append(f"| {tt:.2f} s | {tt / total:.0%} | {nc} | `{_where(key)}` |")
    lines += ["", "| cumulative | share | function (mojifix only) |", "|---|---|---|"]
    ours = [(k, v) for k, v in raw.items() if k[0].startswith(SRC)]
    by_cum = sorted(ours, key=lambda kv: -kv[1][3])[:top]
    for key, (_, _, _, ct, _) in by_cum:
        lines.append(f"| {ct:.2f} s | {ct / total:.0%} | `{_where(key)}` |")
    # Own time summed per mojifix file: where a rewrite pays most.
    per_file: dict[str, float] = {}
    for key, (_, _, tt, _, _) in raw.items():
        name = key[0][len(SRC) :] if key[0].startswith(SRC) else "(outside mojifix)"
        per_file[name] = per_file.get(name, 0.0) + tt
    lines += ["", "| own time per file | share |", "|---|---|"]
    for name, tt in sorted(per_file.items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"| `{name}` | {tt / total:.0%} |")
    return "\n".join(lines)


def profile_text(case: str, budget: float, size: int, save: Path | None) -> pstats.Stats:
    pairs = case_pairs(case)
    text = "\n".join(repeat_to_size([p[0] for p in pairs], size)) + "\n"
    fix = fixers()["mojifix"]
    fix("\n".join(p[0] for p in pairs[:20]))  # warm-up: lazy tables are not the hotspot
    profiler = cProfile.Profile()
    profiler.enable()
    measure(fix, text, budget, f"mojifix ({case})")
    profiler.disable()
    if save:
        profiler.dump_stats(str(save / f"{case}.prof"))
    return pstats.Stats(profiler)


def profile_tree(files: int, save: Path | None, name: str = "tree") -> pstats.Stats:
    base = Path(tempfile.mkdtemp(prefix="mojifix-perf-profile-"))
    try:
        if name == "one-file":
            (base / "tree").mkdir()
            lines = (CORPUS / "dev" / "en.txt").read_text(encoding="utf-8").splitlines()[:12]
            (base / "tree" / "notes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            make_small_tree(base / "tree", files)
        out = base / f"{name}.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mojifix"]
        cmd += ["fix", "--check", "--no-cache", "--jobs", "1", str(base / "tree")]
        env = {**os.environ, "MOJIFIX_CACHE_DIR": str(base / "cache"), "NO_COLOR": "1"}
        done = subprocess.run(cmd, env=env, capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(done.stderr.decode(errors="replace"))
        if save:
            shutil.copy(out, save / f"{name}.prof")
        return pstats.Stats(str(out))
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run(
    cases=CASES, budget: float = 20.0, files: int = 300, top: int = 15, save: Path | None = None
) -> str:
    parts = []
    for case in cases:
        log(f"profiling {case}")
        if case == "tree":
            stats = profile_tree(files, save)
            title = f"`mojifix fix --check --no-cache --jobs 1` over {files} small files"
        elif case == "one-file":
            stats = profile_tree(1, save, "one-file")
            title = "`mojifix fix --check --no-cache FILE` on one 1 KB clean file (whole process)"
        else:
            stats = profile_text(case, budget, 4 << 20, save)
            title = f"`mojifix.fix_text` on {case}"
        parts.append(report(stats, title, top))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=CASES, help="only these profiles")
    parser.add_argument("--budget", type=float, default=20.0, help="CPU seconds per text")
    parser.add_argument("--files", type=int, default=300, help="files in the profiled tree")
    parser.add_argument("--top", type=int, default=15, help="rows per table")
    parser.add_argument("--save", type=Path, help="keep the .prof files in this folder")
    args = parser.parse_args(argv)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    print(run(tuple(args.case or CASES), args.budget, args.files, args.top, args.save))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
