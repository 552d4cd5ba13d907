"""Find and read the ``[tool.mojifix]`` table of ``pyproject.toml``.

Like black, the file is found by walking up from the common parent of the paths on the command
line (or the current folder for standard input).  The walk takes the nearest
``pyproject.toml`` that has a ``[tool.mojifix]`` table and stops at the root of the repository
(a folder holding ``.git`` or ``.hg``), so a project never picks up settings from a folder
above its checkout.  Keys are spelled as the long command-line options (``keep-encoding``);
command-line options take precedence.  An unknown key or a value of the wrong type is a
:class:`ConfigError`, because a misspelt setting that is silently ignored is worse than none.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mojifix.model import MojifixError

NORMAL_FORMS = ("NFC", "NFKC", "NFD", "NFKD")

# key -> (type, description used in error messages)
KEYS: Mapping[str, tuple[type, str]] = {
    "include": (list, "a list of glob patterns"),
    "exclude": (list, "a list of glob patterns"),
    "to": (str, "an encoding name"),
    "keep-encoding": (bool, "true or false"),
    "encoding": (str, "an encoding name"),
    "assume-legacy": (str, "an encoding name"),
    "accept-low-confidence": (bool, "true or false"),
    "max-size": (int, "a number of bytes"),
    "jobs": (int, "a number of processes"),
    "cache": (bool, "true or false"),
    "normalize": (str, "one of " + ", ".join(NORMAL_FORMS)),
    "uncurl-quotes": (bool, "true or false"),
    "fix-ligatures": (bool, "true or false"),
    "fix-widths": (bool, "true or false"),
    "fix-line-breaks": (bool, "true or false"),
    "unescape-html": (bool, "true or false"),
    "remove-control-chars": (bool, "true or false"),
    "remove-bom": (bool, "true or false"),
}

_VCS_MARKERS = (".git", ".hg")


class ConfigError(MojifixError):
    """The configuration file is unreadable or holds an unknown key or a wrong value."""


@dataclass(frozen=True)
class Config:
    """Settings read from a file (``path``) and the folder paths are matched against."""

    root: str
    path: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def common_parent(paths: Sequence[str]) -> str:
    """Return the deepest folder containing every path (the current folder if none)."""
    folders = []
    for path in paths or ["."]:
        absolute = os.path.abspath(path)
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    return os.path.commonpath(folders)


def find_config(start: str) -> tuple[str | None, str | None]:
    """Walk up from ``start``; return (pyproject with [tool.mojifix], repository root)."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _has_table(candidate):
            return candidate, _repo_root(folder)
        if any(os.path.exists(os.path.join(folder, m)) for m in _VCS_MARKERS):
            return None, folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None, None
        folder = parent


def _repo_root(folder: str) -> str | None:
    while True:
        if any(os.path.exists(os.path.join(folder, m)) for m in _VCS_MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_table(path: str) -> bool:
    return "mojifix" in _read_toml(path).get("tool", {})


def _read_toml(path: str) -> dict[str, Any]:
    # Imported here: only a folder with a pyproject.toml pays for the parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised only on Python 3.10
        try:
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            raise ConfigError(
                f"{path}: reading pyproject.toml needs tomli on Python 3.10"
            ) from None
    try:
        with open(path, "rb") as handle:
            loaded: dict[str, Any] = tomllib.load(handle)
            return loaded
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(paths: Sequence[str], explicit: str | None = None) -> Config:
    """Find (or read ``explicit``) and validate the settings for a run over ``paths``.

    ``root`` is the folder that include/exclude patterns and ``.gitignore`` files are relative
    to: the configuration file's folder, else the repository root, else the common parent.
    """
    start = common_parent(paths)
    if explicit is not None:
        table = _read_toml(explicit).get("tool", {}).get("mojifix", {})
        return Config(
            root=os.path.dirname(os.path.abspath(explicit)),
            path=explicit,
            values=validate(table, explicit),
        )
    path, repo = find_config(start)
    if path is None:
        return Config(root=repo or start)
    table = _read_toml(path)["tool"]["mojifix"]
    return Config(root=os.path.dirname(path), path=path, values=validate(table, path))


def validate(table: Any, source: str) -> dict[str, Any]:
    """Check every key and value of a ``[tool.mojifix]`` table; return it as a plain dict."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.mojifix] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.mojifix] (known: {known})")
        kind, description = KEYS[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if ok and kind is list:
            ok = all(isinstance(item, str) for item in value)
        if ok and key == "normalize":
            ok = value in NORMAL_FORMS
        if ok and kind is int:
            ok = value >= (1 if key == "jobs" else 0)
        if not ok:
            raise ConfigError(
                f"{source}: [tool.mojifix] {key} must be {description}, not {value!r}"
            )
        values[key] = value
    return values
