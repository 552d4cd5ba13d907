"""Shared fixtures: every test gets its own mojifix cache folder, and a CLI runner."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never let a test read or write the user's real cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("MOJIFIX_CACHE_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder


@pytest.fixture
def mojifix() -> Invoke:
    """Run the real CLI in-process: ``mojifix(["fix", path], input=b"...")``."""
    return Invoke()


class Invoke:
    def __call__(
        self,
        args: Sequence[str],
        input: bytes | str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        from mojifix.cli import cli

        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
