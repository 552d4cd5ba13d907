"""[tool.mojifix] in pyproject.toml: found like black, validated, overridden by the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from mojifix.config import ConfigError, load_config

BROKEN = "the cafÃ© au lait\n"


def project(root: Path, table: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.mojifix]\n{table}\n")
    return root


def test_found_by_walking_up_from_common_parent(tmp_path: Path) -> None:
    root = project(tmp_path / "proj", 'exclude = ["vendor/"]')
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "c").mkdir(parents=True)
    config = load_config([str(root / "a" / "b"), str(root / "a" / "c")])
    assert config.path == str(root / "pyproject.toml")
    assert config.root == str(root)
    assert config.get("exclude") == ["vendor/"]


def test_walk_stops_at_repository_root(tmp_path: Path) -> None:
    project(tmp_path, "to = 'utf-16'")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    config = load_config([str(repo)])
    assert config.path is None and config.root == str(repo)


def test_pyproject_without_table_is_passed_over(tmp_path: Path) -> None:
    project(tmp_path, "keep-encoding = true")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert load_config([str(inner)]).get("keep-encoding") is True


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("colour = true", "unknown key 'colour'"),
        ("uncurl-quotes = 'yes'", "uncurl-quotes must be true or false"),
        ("normalize = 'NFX'", "normalize must be one of NFC"),
        ("include = '*.txt'", "include must be a list of glob patterns"),
        ("jobs = 0", "jobs must be a number of processes"),
        ("max-size = true", "max-size must be a number of bytes"),
    ],
)
def test_bad_settings_are_errors(tmp_path: Path, table: str, message: str) -> None:
    project(tmp_path, table)
    with pytest.raises(ConfigError, match=message):
        load_config([str(tmp_path)])


def test_unknown_key_exits_2_through_cli(mojifix, tmp_path: Path) -> None:
    project(tmp_path, "frobnicate = 1")
    (tmp_path / "a.txt").write_text(BROKEN, encoding="utf-8")
    result = mojifix(["fix", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown key 'frobnicate' in [tool.mojifix]" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == BROKEN


def test_invalid_toml_exits_2(mojifix, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mojifix\n")
    result = mojifix(["fix", "--check", str(tmp_path)])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr


def test_settings_apply_and_cli_takes_precedence(mojifix, tmp_path: Path) -> None:
    project(tmp_path, 'uncurl-quotes = true\nexclude = ["skip/"]\nto = "utf-16"')
    (tmp_path / "skip").mkdir()
    skipped = tmp_path / "skip" / "a.txt"
    skipped.write_text(BROKEN, encoding="utf-8")
    target = tmp_path / "b.txt"
    target.write_text("“quoted” cafÃ©\n", encoding="utf-8")
    result = mojifix(["fix", "--to", "utf-8", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == b'"quoted" caf\xc3\xa9\n'  # from config, --to from CLI
    assert skipped.read_text(encoding="utf-8") == BROKEN
    (tmp_path / "c.txt").write_text("“quoted”\n", encoding="utf-8")
    result = mojifix(["fix", "--no-uncurl-quotes", "--to", "utf-8", str(tmp_path / "c.txt")])
    assert result.exit_code == 0
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == "“quoted”\n"


def test_explicit_config_file(mojifix, tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("[tool.mojifix]\nfix-ligatures = true\n")
    target = tmp_path / "a.txt"
    target.write_text("ﬁne\n", encoding="utf-8")
    assert mojifix(["fix", "--config", str(settings), str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == "fine\n"
