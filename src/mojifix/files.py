"""Read a file's bytes and write new bytes over it atomically.

A fixer that opens the original with ``open(path, "w")`` truncates it first: a crash, a kill or
a full disk in the middle leaves the user with half a file.  Here the new content goes to a
temporary file in the same folder (same file system, so the final rename is atomic), created
by :func:`tempfile.mkstemp` (unpredictable name, mode 0600), given the original's mode,
flushed and fsynced, and only then renamed over the original with :func:`os.replace`.  Until
that rename the original is untouched; after it the new content is complete.

Nothing here prints or decides policy; callers get exceptions and turn them into results.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass

__all__ = [
    "ChangedOnDisk",
    "Stamp",
    "Unsuitable",
    "describe_error",
    "read_source",
    "write_atomic",
]


class Unsuitable(Exception):
    """The path exists but is not something to repair (a FIFO, a file over the size limit).

    It is a reason to skip, not a failure.
    """


class ChangedOnDisk(Exception):
    """The file changed between our read and our write; overwriting it would lose that edit."""


@dataclass(frozen=True)
class Stamp:
    """What we saw of a file when we read it; compared again just before replacing it."""

    size: int
    mtime_ns: int
    inode: int
    device: int
    mode: int
    uid: int
    gid: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(
            st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, st.st_mode, st.st_uid, st.st_gid
        )

    def same_file_and_content(self, other: Stamp) -> bool:
        return (self.size, self.mtime_ns, self.inode, self.device) == (
            other.size,
            other.mtime_ns,
            other.inode,
            other.device,
        )


def read_source(path: str, max_size: int | None = None) -> tuple[bytes, Stamp]:
    """Return the bytes of the regular file at ``path`` and its :class:`Stamp`.

    ``O_NONBLOCK`` keeps a FIFO from hanging the run (it is then refused as not a regular
    file); the checks use ``fstat`` on the open descriptor, so they describe the file we read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(st.st_mode):
            raise Unsuitable("not a regular file")
        if max_size is not None and st.st_size > max_size:
            raise Unsuitable(f"too large ({st.st_size} bytes; limit {max_size}, see --max-size)")
        data = handle.read()
    return data, Stamp.of(st)


def write_atomic(
    path: str,
    data: bytes,
    *,
    expected: Stamp,
    original: bytes,
    backup_suffix: str | None = None,
) -> Stamp:
    """Replace the file at ``path`` with ``data``; return the new file's :class:`Stamp`.

    ``expected`` and ``original`` are what the caller read: if the file on disk no longer
    matches them, :class:`ChangedOnDisk` is raised and nothing is replaced.  A file with no
    write permission for its owner is treated as deliberately read-only and refused (root could
    otherwise rename over it).  With ``backup_suffix`` the original bytes are first written,
    also atomically, to ``path + backup_suffix``.  On any error the temporary file is removed
    and the original is left as it was.
    """
    if not expected.mode & stat.S_IWUSR:
        raise PermissionError(errno.EACCES, "file is read-only", path)
    if backup_suffix:
        _write_new(path + backup_suffix, original, expected)
    tmp = _write_new(path, data, expected, rename=False)
    try:
        _verify_unchanged(path, expected, original)
        os.replace(tmp, path)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_folder(path)
    return Stamp.of(os.stat(path))


def _write_new(path: str, data: bytes, like: Stamp, *, rename: bool = True) -> str:
    """Write ``data`` to a fresh temporary file beside ``path`` with ``like``'s mode and owner.

    With ``rename`` the temporary file then replaces ``path``; otherwise its name is returned
    for the caller to rename after its own checks.
    """
    folder, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".mojifix-tmp", dir=folder or ".")
    try:
        if hasattr(os, "fchmod"):  # POSIX; on Windows mkstemp's file is already private
            os.fchmod(fd, stat.S_IMODE(like.mode))
        if hasattr(os, "fchown") and (like.uid, like.gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):  # not root: the file becomes ours
                os.fchown(fd, like.uid, like.gid)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove_quietly(tmp)
        raise
    os.close(fd)
    if rename:
        try:
            os.replace(tmp, path)
        except BaseException:
            _remove_quietly(tmp)
            raise
    return tmp


def _verify_unchanged(path: str, expected: Stamp, original: bytes) -> None:
    try:
        now = Stamp.of(os.stat(path))
    except FileNotFoundError:
        raise ChangedOnDisk("it was deleted or moved while being processed") from None
    if not now.same_file_and_content(expected):
        raise ChangedOnDisk("it changed on disk while being processed")
    with open(path, "rb") as handle:
        if handle.read() != original:
            raise ChangedOnDisk("it changed on disk while being processed")


def _fsync_folder(path: str) -> None:
    """Make the rename itself durable; some file systems refuse, which is not our failure."""
    try:
        fd = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


_MESSAGES = {
    errno.ENOENT: "no such file (deleted or moved?)",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "is a folder, expected a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOSPC: "no space left on device",
    errno.EFBIG: "file too large for the file system or the process limit",
    errno.EROFS: "read-only file system",
    errno.EDQUOT: "disk quota exceeded",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error",
}


def describe_error(exc: OSError) -> str:
    """Turn an ``OSError`` into a short phrase without the path (the caller names the path)."""
    if exc.errno == errno.EACCES and exc.strerror == "file is read-only":
        return "file is read-only"
    if exc.errno in _MESSAGES:
        return _MESSAGES[exc.errno]
    return exc.strerror or type(exc).__name__
