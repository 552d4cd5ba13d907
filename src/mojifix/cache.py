"""Remember files that a previous run found clean, so a re-run on an unchanged tree is instant.

Like black's cache: one file per (mojifix version, settings that change output), holding for
each clean file its size, modification time and a BLAKE2 hash of its content.  A file is
skipped only when all three match: size and time are cheap to compare, and the hash catches
an edit that kept both (a same-second rewrite of the same length).  The cache lives in the
user cache folder (``platformdirs``), or in ``$MOJIFIX_CACHE_DIR``.  A damaged or unreadable
cache is treated as empty; failing to save it is not an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
from dataclasses import dataclass

from mojifix import __version__

ENV_VAR = "MOJIFIX_CACHE_DIR"


@dataclass(frozen=True)
class Fingerprint:
    """Size, modification time and content hash of one file."""

    size: int
    mtime_ns: int
    digest: str


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def file_digest(path: str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def cache_dir() -> str:
    """The folder for cache files: ``$MOJIFIX_CACHE_DIR`` or the user cache folder.

    A plain string, not a ``pathlib.Path``: importing pathlib costs a one-file pre-commit run
    more than everything else the cache does.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return override
    from platformdirs import user_cache_dir

    return user_cache_dir("mojifix", appauthor=False)


@functools.cache
def engine_fingerprint() -> str:
    """Identify the repair and detection code and data, so a changed engine never trusts a
    cache written by another one, whatever the version number says.

    Names, sizes and modification times, not contents: reading two megabytes of tables on
    every run would cost a one-file pre-commit check more than the check, and an edit or a
    reinstall changes the time.
    """
    package = os.path.dirname(os.path.realpath(__file__))
    digest = hashlib.sha256()
    for folder in ("repair", "repair/data", "detect"):
        with os.scandir(os.path.join(package, folder)) as found:
            for entry in sorted(found, key=lambda e: e.name):
                if entry.name.endswith((".py", ".bin", ".json")) and entry.is_file():
                    st = entry.stat()
                    digest.update(
                        f"{folder}/{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode()
                    )
    return digest.hexdigest()[:16]


class Cache:
    """Clean files for one settings key; load with :meth:`load`, then :meth:`save`."""

    def __init__(self, path: str, entries: dict[str, Fingerprint]) -> None:
        self.path = path
        self.entries = entries
        self._dirty = False

    @classmethod
    def load(cls, key: str) -> Cache:
        name = hashlib.sha256(f"{__version__}\0{engine_fingerprint()}\0{key}".encode()).hexdigest()[
            :24
        ]
        path = os.path.join(cache_dir(), f"cache.{name}.json")
        entries: dict[str, Fingerprint] = {}
        try:
            with open(path, encoding="utf-8") as handle:
                raw = json.load(handle)
            for file, (size, mtime_ns, hexdigest) in raw.items():
                entries[file] = Fingerprint(int(size), int(mtime_ns), str(hexdigest))
        except (OSError, ValueError, TypeError, AttributeError):
            entries = {}
        return cls(path, entries)

    def is_clean(self, real: str) -> bool:
        """Whether ``real`` (an absolute, resolved path) is unchanged since it was found clean."""
        known = self.entries.get(real)
        if known is None:
            return False
        try:
            st = os.stat(real)
            if (st.st_size, st.st_mtime_ns) != (known.size, known.mtime_ns):
                return False
            return file_digest(real) == known.digest
        except OSError:
            return False

    def mark_clean(self, real: str, fingerprint: Fingerprint) -> None:
        self.entries[real] = fingerprint
        self._dirty = True

    def forget(self, real: str) -> None:
        if self.entries.pop(real, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the cache atomically; a failure only costs the next run some time."""
        if not self._dirty:
            return
        payload = {
            file: [fp.size, fp.mtime_ns, fp.digest] for file, fp in sorted(self.entries.items())
        }
        try:
            folder = os.path.dirname(self.path)
            os.makedirs(folder, exist_ok=True)
            fd, tmp = _create_temporary(folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=True)
            os.replace(tmp, self.path)
        except BaseException as exc:
            # A full disk or a file-size limit stops the write half-way; the temporary would
            # otherwise pile up in the cache folder, one per run, never read again.
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(exc, OSError):
                raise


_serial = itertools.count()


def _create_temporary(folder: str) -> tuple[int, str]:
    """Create a new, private file in ``folder`` for the next cache; return (descriptor, path).

    ``O_EXCL`` makes the name ours alone, even with other runs saving at the same moment (a
    name taken by one of them is passed over); ``tempfile`` would do the same, but importing
    it, and the random module behind it, costs more than a small run's whole cache.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        path = os.path.join(folder, f".cache.{os.getpid()}.{next(_serial)}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a temporary file in {folder}")
