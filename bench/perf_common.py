"""Shared pieces of the performance benchmarks (``bench/perf_*.py``, driven by ``bench/run.py``).

Every benchmark returns :class:`Row` objects: one figure for mojifix, the figure it is compared
with *measured in the same run*, their ratio and the target from the performance issue.  Rows
are printed as a markdown table by :func:`print_table`.

Nothing here imports mojifix: the CLI benchmarks measure fresh processes, and the in-process
ones import it themselves.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus"
SPLITS = ("dev", "heldout")
MB = 1_000_000  # throughput figures are in decimal MB/s
MIB = 1 << 20
REV_ENV = "MOJIFIX_BENCH_REV"  # set by ``run.py --rev``: mojifix comes from a snapshot


@dataclass
class Row:
    """One line of the results table.

    ``ratio`` is oriented so that the target reads naturally: for throughput it is
    mojifix / baseline (higher is better), for times it is mojifix / baseline (lower is
    better); ``target`` says which, e.g. ``">= 20x"`` or ``"<= 3x"``.
    """

    section: str
    case: str
    mojifix: str
    baseline_name: str = ""
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


def check(ratio: float | None, target: str) -> bool | None:
    """Judge ``ratio`` against a target written ``">= 1.5x"`` or ``"<= 3x"``."""
    if ratio is None or not target:
        return None
    op, _, value = target.partition(" ")
    bound = float(value.rstrip("x"))
    return ratio >= bound if op == ">=" else ratio <= bound


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    if ratio >= 100:
        return f"{ratio:.0f}x"
    if ratio >= 10:
        return f"{ratio:.1f}x"
    if ratio >= 0.1:
        return f"{ratio:.2f}x"
    return f"{ratio:.3g}x"


def fmt_rate(mb_per_s: float) -> str:
    if mb_per_s >= 100:
        return f"{mb_per_s:.0f} MB/s"
    if mb_per_s >= 1:
        return f"{mb_per_s:.2f} MB/s"
    return f"{mb_per_s:.3g} MB/s"


def fmt_seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def print_table(rows: Sequence[Row], out=None) -> None:
    """Print ``rows`` as one markdown table (plus a notes column when any row has one)."""
    out = out or sys.stdout
    header = ["benchmark", "case", "mojifix", "compared with", "figure", "ratio", "target", "met"]
    notes = any(r.note for r in rows)
    if notes:
        header.append("notes")
    print("| " + " | ".join(header) + " |", file=out)
    print("|" + "|".join("---" for _ in header) + "|", file=out)
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        cells = [
            r.section,
            r.case,
            r.mojifix,
            r.baseline_name,
            r.baseline,
            fmt_ratio(r.ratio),
            r.target,
            met,
        ]
        if notes:
            cells.append(r.note)
        print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |", file=out)
    out.flush()


def machine() -> str:
    """CPU model, usable cores, Python version, and the mojifix commit measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = usable_cores()
    py = f"{platform.python_implementation()} {platform.python_version()}"
    commit = _measured_commit()
    versions = []
    for name in ("ftfy", "charset_normalizer"):
        try:
            module = __import__(name)
            versions.append(f"{name} {getattr(module, '__version__', '?')}")
        except ImportError:
            versions.append(f"{name} absent")
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / (1 << 20):.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"CPU: {cpu}; {cores} usable cores{mem}; {py} on {platform.system()}; "
        f"mojifix at {commit}; {', '.join(versions)}"
    )


def load() -> str:
    """The 1-minute load average: above the core count, other work competes for the CPU."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return "load average unknown"
    busy = " (BUSY: other processes share the cores; wall times are inflated)"
    return f"load average {one:.2f}" + (busy if one > 0.5 * usable_cores() else "")


def _measured_commit() -> str:
    """Which mojifix is measured: a ``--rev`` snapshot, or the working tree at HEAD."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("mojifix")
        where = str(Path(spec.origin).parent.parent) if spec and spec.origin else "?"
    except ImportError:
        where = "?"
    if os.environ.get(REV_ENV):
        return f"{os.environ[REV_ENV]} (snapshot in {where})"
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "src"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return f"? ({where})"
    return commit + (" + uncommitted changes in src/ (working tree)" if dirty else "")


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def parse_size(text: str) -> int:
    """``"20M"`` → 20 MiB; ``"2k"``; a bare number is bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip()
    if text[-1].upper() in units:
        return int(float(text[:-1]) * units[text[-1].upper()])
    return int(text)


# --------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------


def corpus_lines(languages: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(language, line) for every line of the dev and heldout corpus, in a fixed order."""
    out = []
    for split in SPLITS:
        folder = CORPUS / split
        for path in sorted(folder.glob("*.txt")):
            if languages is not None and path.stem not in languages:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    out.append((path.stem, line))
    return out


def repeat_to_size(lines: Sequence[str], size: int) -> list[str]:
    """Repeat ``lines`` (each without its newline) until their UTF-8 size reaches ``size``."""
    block = sum(len(line.encode("utf-8")) + 1 for line in lines)
    reps, rest = divmod(size, block)
    out = list(lines) * reps
    for line in lines:
        if rest <= 0:
            break
        out.append(line)
        rest -= len(line.encode("utf-8")) + 1
    return out


def shuffled(items: Sequence, seed: int = 1) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


def venv_tool(name: str) -> str | None:
    """The console script ``name`` next to this interpreter, else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_kib: int
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for
    timed_out: bool = False
    stderr: bytes = b""


# Linux keeps the high-water RSS of the image a process replaces at exec, and a child
# spawned from a big benchmark process starts as (a view of) that process: its ru_maxrss
# would include the parent's.  A small launcher process in between keeps it honest.
_LAUNCHER = r"""
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    stdin=None,
    stdout=subprocess.DEVNULL,
    timeout: float | None = None,
    cwd: str | None = None,
    peak_rss: bool = False,
) -> Run:
    """Run ``cmd``; return its wall time and CPU time.

    With ``peak_rss``, ``max_rss_kib`` is the peak RSS of ``cmd`` alone, measured through a
    small launcher (see ``_LAUNCHER``); otherwise it is not meaningful.
    """
    full_env = {**os.environ, **(env or {})}
    # An installed package has its bytecode compiled (pip does it; an editable install writes
    # it on first import).  Where the environment forbids writing it, every run would compile
    # mojifix's sources again while the rivals load theirs from site-packages: not what a
    # user pays, so the warm-up runs may write it.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    rss_file = None
    if peak_rss:
        import tempfile

        fd, rss_file = tempfile.mkstemp(prefix="mojifix-perf-rss-")
        os.close(fd)
        cmd = [sys.executable, "-c", _LAUNCHER, rss_file, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=full_env,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        start_new_session=True,
    )
    # Drain stderr on a thread so a chatty child cannot block on a full pipe.
    import threading

    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    timed_out = False
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            os.killpg(proc.pid, 9)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=5)
    max_rss = usage.ru_maxrss
    if rss_file is not None:
        try:
            max_rss = int(Path(rss_file).read_text() or 0)
        except ValueError:
            max_rss = 0
        os.unlink(rss_file)
    return Run(
        seconds=seconds,
        returncode=proc.returncode,
        max_rss_kib=max_rss,
        cpu=usage.ru_utime + usage.ru_stime,
        timed_out=timed_out,
        stderr=b"".join(chunks),
    )


@dataclass
class Timing:
    mean: float
    stdev: float
    minimum: float
    runs: int

    def __str__(self) -> str:
        return f"{self.mean * 1000:.0f} ± {self.stdev * 1000:.0f} ms"


def time_command(
    cmd: Sequence[str],
    runs: int,
    *,
    warmup: int = 2,
    env: dict[str, str] | None = None,
    ok: Callable[[int], bool] = lambda rc: rc == 0,
) -> Timing:
    """hyperfine-like: ``warmup`` untimed runs, then ``runs`` timed ones."""
    times = []
    for i in range(warmup + runs):
        run = run_process(cmd, env=env)
        if not ok(run.returncode):
            raise RuntimeError(
                f"{' '.join(cmd)} exited {run.returncode}: {run.stderr.decode(errors='replace')}"
            )
        if i >= warmup:
            times.append(run.seconds)
    return Timing(
        mean=statistics.fmean(times),
        stdev=statistics.stdev(times) if len(times) > 1 else 0.0,
        minimum=min(times),
        runs=runs,
    )


def section_header(title: str) -> None:
    print(f"\n### {title}", file=sys.stderr, flush=True)


def log(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the results."""
    print(message, file=sys.stderr, flush=True)
