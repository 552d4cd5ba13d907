"""What a pre-commit run of one file loads: the commands it does not run, and the libraries
only other paths need, stay unimported, because importing them costs more than the check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "rich",  # only for a terminal, colour, tables and progress bars
    "pathspec",  # only when there are .gitignore files or globs to match
    "difflib",  # only for --diff
    "tomllib",  # only when a pyproject.toml is found
    "mojifix.cli.detect",
    "mojifix.cli.explain",
    "ftfy",  # only once a line carries a mark of damage
)

ENGINE = ("mojifix.api", "mojifix.detect", "mojifix.repair")

PROBE = """
import json, runpy, sys
sys.argv = ["mojifix", "fix", "--check", *sys.argv[1:]]
try:
    runpy.run_module("mojifix", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "loaded": sorted(m for m in %r if m in sys.modules)}))
"""


def _probe(path: Path, *, cache: bool = False, watch: tuple[str, ...] = HEAVY) -> dict[str, object]:
    flags = [] if cache else ["--no-cache"]
    run = subprocess.run(
        [sys.executable, "-c", PROBE % (watch,), *flags, str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return result


def test_checking_one_clean_file_through_a_pipe_loads_nothing_heavy(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("It’s “fine” — really: 3 × 4 = 12.\nNo damage here.\n", encoding="utf-8")
    assert _probe(path) == {"code": 0, "loaded": []}


def test_a_damaged_file_is_still_found_on_the_same_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("rÃ©sumÃ© of the cafÃ©\n", encoding="utf-8")
    result = _probe(path)
    assert result["code"] == 1  # --check found a file to repair


def test_a_file_known_clean_from_the_cache_does_not_load_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("It’s “fine”.\n", encoding="utf-8")
    assert _probe(path, cache=True, watch=ENGINE) == {"code": 0, "loaded": list(ENGINE)}
    assert _probe(path, cache=True, watch=ENGINE) == {"code": 0, "loaded": []}
