"""Turn the paths on the command line into the files to repair, or reasons to skip them.

Folders are walked recursively in sorted order, so a run lists files in the same order on every
machine.  Walking honours every ``.gitignore`` from the project root down (a later, deeper file
can re-include what an earlier one ignored, as in git), never enters version-control folders,
and does not follow symbolic links out of the tree, the folder named on the command line (not
the project root: ``mojifix fix docs`` never touches ``src``): a link to a file inside the tree
is repaired through its target (once, however many links point at it); a link to a folder is
not followed, which also rules out loops.  A folder swapped for a link while it is walked is
caught by resolving each file found, and reported.  ``--include``/``--exclude`` are git-style
globs matched against the path relative to the root.

Files named explicitly are taken even when ignored or not included (the user asked for them),
but ``--exclude`` still applies, so a configured exclusion holds under pre-commit too.  Whether
a file is binary is decided later, from its content, never from its name.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pathspec

TEMPORARY_SUFFIX = ".mojifix-tmp"  # files.py names temporaries ".NAME.<random>" + this
STALE_AFTER = 60.0  # seconds: older temporaries belong to a run that was killed


def _is_temporary(name: str) -> bool:
    """Whether ``name`` is one of mojifix's own temporary files, never a user's file."""
    return name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)


def _is_stale(entry: os.DirEntry[str]) -> bool:
    """Whether a temporary was left behind by an interrupted run.

    A run killed between creating its temporary and renaming it over the original leaves
    ``.NAME.<random>.mojifix-tmp`` beside NAME; the original is intact.  A fresh one may belong
    to a run still going, so only old ones count.
    """
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
    except OSError:
        return False


def _clear_temporary(path: str) -> str:
    try:
        os.unlink(path)
    except OSError as exc:
        return f"stale temporary from an interrupted run (could not remove: {exc.strerror})"
    return "stale temporary from an interrupted run, removed"


_SWAPPED = "a folder on its path was replaced by a symbolic link during the run; not followed"

VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul"})


@dataclass(frozen=True)
class Source:
    """A file to repair: ``path`` as the user will see it, ``real`` the file to read and write.

    ``root`` is the resolved folder the user named (for a file named on its own, the folder it
    is in): ``real`` was inside it when found, and the runner re-checks that at read and write
    time, so a folder swapped for a link during the run cannot send a write elsewhere.
    """

    path: str
    real: str
    root: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Skipped:
    """A path left alone on purpose, with the reason (``"ignored by .gitignore"``, ...)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Unreadable:
    """A path that could not even be looked at; it counts as a failure."""

    path: str
    reason: str


Entry = Source | Skipped | Unreadable


class _Ignores:
    """The ``.gitignore`` specs in force in one folder, outermost first."""

    def __init__(self, specs: tuple[tuple[str, pathspec.PathSpec[Any]], ...] = ()) -> None:
        self.specs = specs

    def entering(self, folder: str) -> _Ignores:
        spec = _read_gitignore(os.path.join(folder, ".gitignore"))
        return _Ignores((*self.specs, (folder, spec))) if spec is not None else self

    def ignored(self, path: str, is_dir: bool) -> bool:
        verdict = False
        for base, spec in self.specs:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if rel.startswith("../"):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def _spec(lines: Sequence[str]) -> pathspec.PathSpec[Any]:
    import pathspec  # only where there are patterns: most single-file runs have none

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_gitignore(path: str) -> pathspec.PathSpec[Any] | None:
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            return _spec(handle.read().splitlines())
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError:
        return None  # an unreadable .gitignore ignores nothing, as in git


def _globs(patterns: Sequence[str]) -> pathspec.PathSpec[Any] | None:
    return _spec(patterns) if patterns else None


class Walker:
    """Yield :data:`Entry` values for paths, relative to a project ``root``."""

    def __init__(
        self,
        root: str,
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        gitignore: bool = True,
    ) -> None:
        self.root = os.path.abspath(root)
        self.real_root = os.path.realpath(root)
        self.include = _globs(include)
        self.exclude = _globs(exclude)
        self.gitignore = gitignore
        self._seen: set[str] = set()
        self._bound = self.real_root  # the resolved folder being walked: links stay inside it

    def iter_entries(self, paths: Sequence[str]) -> Iterator[Entry]:
        for path in paths:
            yield from self._explicit(path)

    def _explicit(self, path: str) -> Iterator[Entry]:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            yield Unreadable(path, "no such file or folder")
            return
        except NotADirectoryError:
            yield Unreadable(path, "a part of the path is not a folder")
            return
        except OSError as exc:
            yield Unreadable(path, exc.strerror or "cannot be looked at")
            return
        if stat.S_ISDIR(st.st_mode):
            top = os.path.abspath(path)
            self._bound = os.path.realpath(top)
            yield from self._walk(path, top, self._ignores_above(top))
        elif self._matches(self.exclude, os.path.abspath(path), False):
            yield Skipped(path, "excluded")
        elif stat.S_ISREG(st.st_mode):
            real = os.path.realpath(path)
            yield from self._source(path, real, os.path.dirname(real))
        else:
            yield Skipped(path, "not a regular file")

    def _ignores_above(self, folder: str) -> _Ignores:
        """Load the ``.gitignore`` files between the root and ``folder`` (exclusive)."""
        ignores = _Ignores()
        if not self.gitignore:
            return ignores
        rel = os.path.relpath(folder, self.root)
        if rel.startswith(".."):
            return ignores
        current = self.root
        if rel != ".":
            for part in rel.split(os.sep):
                ignores = ignores.entering(current)
                current = os.path.join(current, part)
        return ignores

    def _walk(self, shown: str, absolute: str, ignores: _Ignores) -> Iterator[Entry]:
        if not self._within(os.path.realpath(absolute)):
            yield Unreadable(shown, _SWAPPED)
            return
        if self.gitignore:
            ignores = ignores.entering(absolute)
        try:
            with os.scandir(absolute) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield Unreadable(shown, exc.strerror or "cannot list the folder")
            return
        # Resolved once per folder, after listing it, rather than once per file: a file that is
        # not a link lies in its folder's resolved path (resolving costs a system call per
        # component, which for a tree of small files took as long as reading them).  A folder
        # swapped for a link before or while it was listed shows up here; one swapped later
        # is caught when the file is read or written (``files.confine``, ``write_atomic``).
        real_folder = os.path.realpath(absolute)
        inside = self._within(real_folder)
        for entry in entries:
            child = entry.name if shown == os.curdir else os.path.join(shown, entry.name)
            child_abs = os.path.join(absolute, entry.name)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError as exc:
                yield Unreadable(child, exc.strerror or "cannot be looked at")
                continue
            if is_dir and entry.name in VCS_FOLDERS:
                continue
            if is_file and _is_temporary(entry.name):
                if _is_stale(entry):
                    yield Skipped(child, _clear_temporary(child_abs))
                else:
                    yield Skipped(child, "temporary file of a mojifix run in progress")
                continue
            if self.gitignore and ignores.ignored(child_abs, is_dir or self._link_to_dir(entry)):
                yield Skipped(child, "ignored by .gitignore")
            elif self._matches(self.exclude, child_abs, is_dir):
                yield Skipped(child, "excluded")
            elif is_dir:
                yield from self._walk(child, child_abs, ignores)
            elif is_link:
                yield from self._link(child, child_abs)
            elif not is_file:
                yield Skipped(child, "not a regular file")
            elif self.include is not None and not self._matches(self.include, child_abs, False):
                yield Skipped(child, "not included")
            elif inside:
                yield from self._source(child, os.path.join(real_folder, entry.name), self._bound)
            else:  # listed through a folder that became a link after we looked at it
                yield Unreadable(child, _SWAPPED)

    @staticmethod
    def _link_to_dir(entry: os.DirEntry[str]) -> bool:
        try:
            return entry.is_symlink() and entry.is_dir()
        except OSError:
            return False

    def _link(self, shown: str, absolute: str) -> Iterator[Entry]:
        real = os.path.realpath(absolute)
        if not os.path.exists(real):
            yield Skipped(shown, "broken symbolic link")
        elif os.path.isdir(real):
            yield Skipped(shown, "symbolic link to a folder (not followed)")
        elif not self._within(real):
            yield Skipped(shown, "symbolic link out of the tree")
        elif not os.path.isfile(real):
            yield Skipped(shown, "not a regular file")
        elif self.include is not None and not self._matches(self.include, absolute, False):
            yield Skipped(shown, "not included")
        else:
            yield from self._source(shown, real, self._bound)

    def _within(self, real: str) -> bool:
        """Whether the resolved path ``real`` lies in the folder being walked."""
        return real == self._bound or os.path.commonpath([real, self._bound]) == self._bound

    def _source(self, shown: str, real: str, root: str) -> Iterator[Entry]:
        if real in self._seen:
            return  # the same file reached twice (two arguments, or a link and its target)
        self._seen.add(real)
        yield Source(shown, real, root)

    def _matches(self, spec: pathspec.PathSpec[Any] | None, absolute: str, is_dir: bool) -> bool:
        if spec is None:
            return False
        rel = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        if rel.startswith("../"):
            rel = os.path.basename(absolute)
        return spec.match_file(rel + "/" if is_dir else rel)


def iter_entries(
    paths: Sequence[str],
    root: str,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
) -> Iterator[Entry]:
    """Yield every file to repair under ``paths``, and every path skipped with its reason."""
    walker = Walker(root, include=include, exclude=exclude, gitignore=gitignore)
    return walker.iter_entries(paths)
