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
import signal
import stat
from dataclasses import dataclass

__all__ = [
    "BackupExists",
    "ChangedOnDisk",
    "Escaped",
    "Stamp",
    "Unsuitable",
    "confine",
    "describe_error",
    "hold_interrupts",
    "read_source",
    "release_interrupts",
    "write_atomic",
]


class Unsuitable(Exception):
    """The path exists but is not something to repair (a FIFO, a file over the size limit).

    It is a reason to skip, not a failure.
    """


class ChangedOnDisk(Exception):
    """The file changed between our read and our write; overwriting it would lose that edit."""


class Escaped(Exception):
    """The path no longer leads to a file inside the named folder.

    Discovery resolved every link, so a link on the way now means a folder (or the file) was
    swapped for a symbolic link during the run; following it could write anywhere.
    """


class BackupExists(Exception):
    """``--backup`` would overwrite a file already at the backup name (maybe not ours)."""


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
    ``path`` is a resolved path (discovery resolved links), so ``O_NOFOLLOW`` only refuses a
    file that was swapped for a link since: :class:`Escaped`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if _NOFOLLOW and exc.errno in _LINK_ERRNOS and os.path.islink(path):
            raise Escaped("it was replaced by a symbolic link during the run") from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(st.st_mode):
            raise Unsuitable("not a regular file")
        if max_size is not None and st.st_size > max_size:
            raise Unsuitable(f"too large ({st.st_size} bytes; limit {max_size}, see --max-size)")
        data = _read_all(fd, st.st_size)
    finally:
        os.close(fd)
    return data, Stamp.of(st)


def _read_all(fd: int, size: int) -> bytes:
    """Read to the end of ``fd``, expecting ``size`` bytes (a file may grow while it is read).

    Plain ``os.read`` calls on the descriptor: a buffered file object around it costs more
    than reading a small file takes, and a run checks thousands of them.
    """
    pieces = [os.read(fd, size + 1)]  # one more than expected: usually the whole file
    while pieces[-1]:
        pieces.append(os.read(fd, max(size, 1 << 16)))
    return pieces[0] if len(pieces) == 2 else b"".join(pieces)


def write_atomic(
    path: str,
    data: bytes,
    *,
    expected: Stamp,
    original: bytes,
    backup_suffix: str | None = None,
    root: str | None = None,
) -> Stamp:
    """Replace the file at ``path`` with ``data``; return the new file's :class:`Stamp`.

    ``expected`` and ``original`` are what the caller read: if the file on disk no longer
    matches them, :class:`ChangedOnDisk` is raised and nothing is replaced.  A file with no
    write permission for its owner is treated as deliberately read-only and refused (root could
    otherwise rename over it).  With ``backup_suffix`` the original bytes are first written,
    also atomically, to ``path + backup_suffix``; an existing file there is never replaced
    (:class:`BackupExists`).  On any error the temporary file is removed and the original is
    left as it was.

    ``root`` is the resolved folder the user named: the file's folder is then opened from it
    one component at a time without following links, and before each step that names the
    folder by path (creating the temporary, renaming) the path is checked to still lead to the
    folder held open.  A folder swapped for a link during the run raises :class:`Escaped`, and
    nothing outside ``root`` is opened for writing.
    """
    if not expected.mode & stat.S_IWUSR:
        raise PermissionError(errno.EACCES, "file is read-only", path)
    folder = _Folder.open(os.path.dirname(path) or ".", root) if root is not None else None
    try:
        if backup_suffix:
            if folder is not None:
                folder.check()
            _write_backup(path + backup_suffix, original, expected, folder)
        if folder is not None:
            folder.check()
        tmp = ""
        try:
            # Assigned inside the ``try``: nothing can interrupt between the return and here.
            tmp = _write_new(path, data, expected, rename=False, folder=folder)
            _verify_unchanged(path, expected, original, folder)
            if folder is not None:
                folder.check()
            os.replace(tmp, path)
        except BaseException:
            if tmp:
                _remove_quietly(tmp)
            raise
    finally:
        if folder is not None:
            folder.close()
    _fsync_folder(path)
    return Stamp.of(os.stat(path, follow_symlinks=False))


def confine(path: str, root: str) -> None:
    """Raise :class:`Escaped` unless ``path`` still lies inside ``root`` through no link.

    Called before reading a file found by discovery: a folder swapped for a link since then
    would otherwise have us read (and show in a diff) a file from elsewhere.
    """
    folder = _Folder.open(os.path.dirname(path) or ".", root)
    try:
        folder.check()
        name = os.path.basename(path)
        try:
            st = folder.lstat(name)
        except FileNotFoundError:
            return  # reading it will say so
        if stat.S_ISLNK(st.st_mode):
            raise Escaped("it was replaced by a symbolic link during the run")
    finally:
        folder.close()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK, errno.ENOTDIR})
_SWAPPED = "a folder on its path was replaced by a symbolic link during the run"


def _descend(fd: int, parts: list[str], flags: int) -> int:
    """Open each of ``parts`` below the folder ``fd`` in turn, never following a link (a link
    met on the way is a folder swapped for one: :class:`Escaped`); return the last folder's
    descriptor.  ``fd`` is handed over: each folder's descriptor is closed once the next is
    open, and whatever is open is closed on failure."""
    try:
        for part in parts:
            try:
                child = os.open(part, flags, dir_fd=fd)
            except OSError as exc:
                if exc.errno in _LINK_ERRNOS:
                    raise Escaped(_SWAPPED) from None
                raise
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


class _Folder:
    """A folder held open by descriptor, reached from a trusted root without following links.

    The writes themselves go through paths (``mkstemp``, ``os.replace``), so :meth:`check`
    compares the folder the path leads to *now* with the one held open, right before each of
    them.  Where descriptors relative to a folder are not available (Windows), the check falls
    back to comparing resolved paths.
    """

    def __init__(self, path: str, root: str, fd: int | None) -> None:
        self.path = path
        self.root = root
        self.fd = fd

    @classmethod
    def open(cls, path: str, root: str) -> _Folder:
        parts = _parts_below(path, root)
        if parts is not None and os.open in os.supports_dir_fd:
            # Discovery hands over resolved paths, the file's below its root: no need to
            # resolve the root again (a system call per component of it, for every file).
            # Opening it without following a link gives the folder resolving would name (a
            # link above the root leads there too); a root that is itself a link now takes
            # the long way, which decides as before.
            try:
                return cls._walk_down(path, root, parts)
            except _RootIsLink:
                pass
        real_root = os.path.realpath(root)
        rel = os.path.relpath(os.path.abspath(path), real_root)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
            # the path itself already points elsewhere (its resolved form may still be inside)
            if not _inside(os.path.realpath(path), real_root):
                raise Escaped(_SWAPPED)
            rel = os.path.relpath(os.path.realpath(path), real_root)
        flags = os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(real_root, flags | _NOFOLLOW)
        except OSError as exc:
            if exc.errno in _LINK_ERRNOS:
                raise Escaped(_SWAPPED) from None
            raise
        if os.open not in os.supports_dir_fd:  # no dir_fd here: fall back to resolved paths
            os.close(fd)
            folder = cls(path, real_root, None)
            folder.check()
            return folder
        parts = [] if rel == os.curdir else rel.split(os.sep)
        return cls(path, real_root, _descend(fd, parts, flags | _NOFOLLOW))

    @classmethod
    def _walk_down(cls, path: str, root: str, parts: list[str]) -> _Folder:
        """Open ``root`` (not following it) and then each of ``parts`` without following links."""
        flags = os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW
        try:
            fd = os.open(root, flags)
        except OSError as exc:
            if exc.errno in _LINK_ERRNOS:
                raise _RootIsLink from None
            raise
        return cls(path, root, _descend(fd, parts, flags))

    def check(self) -> None:
        """Raise :class:`Escaped` unless ``self.path`` leads to the folder held open."""
        if self.fd is None:
            if not _inside(os.path.realpath(self.path), self.root):
                raise Escaped(_SWAPPED)
            return
        try:
            now = os.stat(self.path)
        except OSError:
            raise Escaped(_SWAPPED) from None
        held = os.fstat(self.fd)
        if (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino):
            raise Escaped(_SWAPPED)

    def lstat(self, name: str) -> os.stat_result:
        """``lstat`` of ``name`` in the held folder (by path where descriptors are missing)."""
        if self.fd is None:
            return os.lstat(os.path.join(self.path, name))
        return os.stat(name, dir_fd=self.fd, follow_symlinks=False)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class _RootIsLink(Exception):
    """The root given to :meth:`_Folder.open` is a link (or no folder): resolve it first."""


def _parts_below(path: str, root: str) -> list[str] | None:
    """The folder names leading from ``root`` down to ``path``, when ``path`` is plainly below
    ``root`` (both absolute and normal, as discovery gives them); else ``None``."""
    if not os.path.isabs(root) or root != os.path.normpath(root):
        return None
    if path == root:
        return []
    if not path.startswith(root) or path[len(root) : len(root) + 1] != os.sep:
        return None
    parts = path[len(root) + 1 :].split(os.sep)
    if any(part in ("", os.curdir, os.pardir) for part in parts):
        return None
    return parts


def _inside(path: str, root: str) -> bool:
    return path == root or os.path.commonpath([path, root]) == root


def _write_backup(backup: str, original: bytes, like: Stamp, folder: _Folder | None) -> None:
    """Write ``original`` to ``backup`` atomically, never replacing a file already there.

    The content goes to a temporary file first, which is then hard-linked to the backup name:
    ``link`` fails rather than replace an existing name, so a file the user had at that name
    (``notes.bak`` next to ``notes``) is never destroyed, even if it appears during the run.
    Where hard links are not supported, an existence check just before the rename is the best
    that can be done.
    """
    if os.path.lexists(backup):
        raise BackupExists(f"{os.path.basename(backup)} already exists")
    tmp = ""
    try:
        tmp = _write_new(backup, original, like, rename=False, folder=folder)
        if folder is not None:
            folder.check()
        try:
            os.link(tmp, backup)
        except FileExistsError:
            raise BackupExists(f"{os.path.basename(backup)} already exists") from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            if os.path.lexists(backup):
                raise BackupExists(f"{os.path.basename(backup)} already exists") from None
            os.replace(tmp, backup)
    finally:
        if tmp:
            _remove_quietly(tmp)


_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, getattr(errno, "ENOTSUP", -1), errno.EOPNOTSUPP}
)


def _write_new(
    path: str, data: bytes, like: Stamp, *, rename: bool = True, folder: _Folder | None = None
) -> str:
    """Write ``data`` to a fresh temporary file beside ``path`` with ``like``'s mode and owner.

    With ``rename`` the temporary file then replaces ``path``; otherwise its name is returned
    for the caller to rename after its own checks.  With ``folder`` the temporary must have
    been created in the folder held open, or it is removed unwritten (:class:`Escaped`).
    """
    import tempfile  # here: a run that writes nothing (``--check``) never loads it

    parent, name = os.path.split(path)
    # Ctrl-C is held while the temporary is created, so that it can only surface once its
    # name is known and the handlers below can remove it (else a run interrupted at that
    # moment leaves a temporary behind).
    held = hold_interrupts()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".mojifix-tmp", dir=parent or ".")
    except BaseException:
        release_interrupts(held)
        raise
    open_fd: int | None = fd
    try:
        release_interrupts(held)
        if folder is not None:
            made, there = os.fstat(fd), folder.lstat(os.path.basename(tmp))
            if (made.st_dev, made.st_ino) != (there.st_dev, there.st_ino):
                raise Escaped(_SWAPPED)
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
        open_fd = None
        os.close(fd)
        if rename:
            os.replace(tmp, path)
    except BaseException:
        if open_fd is not None:
            os.close(open_fd)
        _remove_quietly(tmp)
        raise
    return tmp


def hold_interrupts() -> set[int | signal.Signals] | None:
    """Block SIGINT in this thread (POSIX); return what :func:`release_interrupts` restores.

    A Ctrl-C meanwhile stays pending and is raised as ``KeyboardInterrupt`` on release.
    """
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release_interrupts(held: set[int | signal.Signals] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _verify_unchanged(
    path: str, expected: Stamp, original: bytes, folder: _Folder | None = None
) -> None:
    """Raise :class:`ChangedOnDisk` unless ``path`` is still the file we read, as we read it.

    Nothing here follows a link: a file swapped for one is a change like any other.
    """
    name = os.path.basename(path)
    try:
        st = folder.lstat(name) if folder is not None else os.lstat(path)
    except FileNotFoundError:
        raise ChangedOnDisk("it was deleted or moved while being processed") from None
    if not Stamp.of(st).same_file_and_content(expected):
        raise ChangedOnDisk("it changed on disk while being processed")
    flags = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        if folder is not None and folder.fd is not None:
            fd = os.open(name, flags, dir_fd=folder.fd)
        else:
            fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:
            raise ChangedOnDisk("it changed on disk while being processed") from None
        raise
    with os.fdopen(fd, "rb") as handle:
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
