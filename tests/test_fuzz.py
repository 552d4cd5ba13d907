"""The fuzz targets in ``fuzz/``: a short coverage-guided run each, and every regression replayed.

The short runs (a few thousand executions, seeded from the benchmark corpus, fixed libFuzzer
seed) only show that the targets work and that nothing obvious is broken; real fuzzing is the
long run documented in fuzz/README.md.  They are skipped when atheris is not installed.  The
regression replays need no atheris: every file in tests/regressions/ goes through the target's
``test_one_input`` on each run.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
FUZZ = REPO / "fuzz"
REGRESSIONS = Path(__file__).resolve().parent / "regressions"

# Executions per short run: the CLI target runs detection twice per input (stream and file
# repairers), at ~30 executions a second; the library target manages ~200.
RUNS = {"repair": 2000, "cli": 600}
if os.environ.get("MOJIFIX_FUZZ_RUNS"):
    RUNS = dict.fromkeys(RUNS, int(os.environ["MOJIFIX_FUZZ_RUNS"]))

# Regression inputs whose bug is open (reported; see tests/regressions/README.md).
OPEN_BUGS: dict[str, str] = {}


def load_target(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", FUZZ / f"fuzz_{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def regression_cases() -> list[object]:
    cases = []
    for path in sorted(REGRESSIONS.glob("*/*")):
        key = f"{path.parent.name}/{path.name}"
        marks = []
        if key in OPEN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=f"bug: {OPEN_BUGS[key]}"))
        cases.append(pytest.param(path.parent.name, path, id=key, marks=marks))
    return cases


@pytest.mark.parametrize(("target", "path"), regression_cases())
def test_regression_replays(target: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOJIFIX_FUZZ_IGNORE_KNOWN", raising=False)
    module = load_target(target)
    module.test_one_input(path.read_bytes())


def test_every_open_bug_has_its_regression_file() -> None:
    for key in OPEN_BUGS:
        assert (REGRESSIONS / key).is_file(), key


def _have_atheris() -> bool:
    return importlib.util.find_spec("atheris") is not None


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-seeds")
    spec = importlib.util.spec_from_file_location("make_seeds", FUZZ / "make_seeds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_seeds(root, count=8, max_lines=1)
    return root


@pytest.mark.skipif(not _have_atheris(), reason="atheris is not installed (pip install atheris)")
@pytest.mark.parametrize("target", ["repair", "cli"])
def test_short_fuzz_run(target: str, seed_corpus: Path, tmp_path: Path) -> None:
    """A bounded libFuzzer run: ``-runs`` executions, fixed seed, a time cap as a safety net."""
    work = tmp_path / "corpus"
    work.mkdir()
    env = {**os.environ, "MOJIFIX_FUZZ_IGNORE_KNOWN": "1", "MOJIFIX_FUZZ_MAX": "256"}
    done = subprocess.run(
        [
            sys.executable,
            str(FUZZ / f"fuzz_{target}.py"),
            f"-runs={RUNS[target]}",
            "-seed=1",
            "-max_len=256",
            "-max_total_time=60",
            "-timeout=30",
            f"-artifact_prefix={tmp_path}/",
            str(work),
            str(seed_corpus / target),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
    )
    tail = done.stderr[-3000:]
    assert done.returncode == 0, f"the fuzzer found a crash:\n{tail}"
    assert "Done " in done.stderr, tail
    assert not list(tmp_path.glob("crash-*")), tail
