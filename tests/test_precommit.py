"""The hooks in .pre-commit-hooks.yaml, driven by the real pre-commit in a temporary repo.

pre-commit installs the hook repository into its own virtualenv with pip (dependencies come
from the package index, or pip's cache); that environment is built once per test session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROKEN = "the cafÃ© au lait\n"
FIXED = "the café au lait\n"

pytestmark = pytest.mark.slow


def git(
    cwd: Path, *args: str, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=environment
    )


def env(home: Path, cache: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PRE_COMMIT_HOME=str(home),
        MOJIFIX_CACHE_DIR=str(cache),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """A committed copy of this checkout (try-repo needs commits), and a pre-commit home."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hookrepo")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", repo / "src", ignore=ignore)
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, repo / name)
    if not (repo / "README.md").exists():
        (repo / "README.md").write_text("mojifix\n")
    home = tmp_path_factory.mktemp("precommit-home")
    cache = tmp_path_factory.mktemp("mojifix-cache")
    environment = env(home, cache)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=environment)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=environment)
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=repo, check=True, env=environment)
    rev = git(repo, "rev-parse", "HEAD").stdout.strip()
    yield repo, rev, home


def project(tmp_path: Path, environment: dict[str, str]) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=environment)
    (work / "clean.txt").write_text("nothing wrong\n", encoding="utf-8")
    (work / "news.txt").write_text(BROKEN, encoding="utf-8")
    return work


def pre_commit(
    *args: str, cwd: Path, environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_check_hook_fails_without_modifying(
    hook_repo: tuple[Path, str, Path], tmp_path: Path
) -> None:
    repo, _, home = hook_repo
    environment = env(home, tmp_path / "cache")
    work = project(tmp_path, environment)
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=environment)
    done = pre_commit(
        "try-repo", str(repo), "mojifix-check", "--all-files", cwd=work, environment=environment
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "news.txt:1:8: mojibake:" in done.stdout
    assert (work / "news.txt").read_text(encoding="utf-8") == BROKEN


def test_commit_with_mojibake_is_stopped_and_repaired(
    hook_repo: tuple[Path, str, Path], tmp_path: Path
) -> None:
    repo, rev, home = hook_repo
    environment = env(home, tmp_path / "cache")
    work = project(tmp_path, environment)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n  - id: mojifix\n"
    )
    installed = pre_commit("install", cwd=work, environment=environment)
    assert installed.returncode == 0, installed.stderr
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=environment)
    first = git(work, "commit", "-m", "add news", environment=environment)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (work / "news.txt").read_text(encoding="utf-8") == FIXED
    assert git(work, "rev-list", "--all").stdout == ""  # nothing was committed
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=environment)
    second = git(work, "commit", "-m", "add news", environment=environment)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git(work, "show", "HEAD:news.txt").stdout == FIXED
