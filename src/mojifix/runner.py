"""Repair files: ``fix_bytes`` (pure) → ``fix_file`` → ``fix_paths`` (in order, in parallel).

The layering is ufmt's.  :func:`fix_bytes` decides everything about one file's content without
touching the disk; :func:`fix_file` adds reading and the atomic write; :func:`fix_paths` runs
files in worker processes and yields results in input order, whatever the number of workers.
Nothing here prints: every outcome, errors included, travels inside a :class:`FileResult` for
the sinks to render, so output is deterministic and a worker can never interleave text.

The rules that keep files safe live in :func:`fix_bytes`:

* binary content is skipped, never touched;
* text that still holds undecodable bytes (lone surrogates, see ``decode.LOSSLESS``) is never
  written: writing it would turn bytes we did not understand into something else;
* a low-confidence guess (below :data:`LOW_CONFIDENCE`, encoding not given) is not acted on
  unless the user accepts it; nor are the lines of a mostly-UTF-8 file that had to be decoded
  in a guessed code page: each is a finding, and the file fails until the user accepts them;
* what the user did not ask to change stays: line endings and the final newline (the text
  keeps them), a UTF-8 BOM, and with ``keep_encoding`` the encoding;
* a file whose bytes would come out identical is left alone, so its mtime stays.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import itertools
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from mojifix.decode import UNDECODABLE, decode_lossless
from mojifix.discover import Entry, Skipped, Source, Unreadable
from mojifix.files import (
    BackupExists,
    ChangedOnDisk,
    Escaped,
    Unsuitable,
    confine,
    describe_error,
    hold_interrupts,
    read_source,
    release_interrupts,
    write_atomic,
)
from mojifix.model import Change, Detection, Kind, MojifixError, Options, Repair

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from mojifix.cache import Cache, Fingerprint

LOW_CONFIDENCE = 0.5
"""Below this detection confidence a guessed encoding is reported, not acted on."""

MAX_LINE = 1 << 16
"""A file with a line longer than this many bytes is repaired in pieces (see stream.py)."""

DEFAULT_MAX_SIZE = 256 * 1024 * 1024
"""Files larger than this are skipped: a whole file is held in memory several times over."""

_UNDECODABLE = re.compile(UNDECODABLE)  # any byte decode_lossless kept, even one below 80


class WriteBack(Enum):
    """What to do with a repaired file; decided once from the command-line flags."""

    YES = "yes"  # write it in place
    CHECK = "check"  # write nothing; report what would change
    DIFF = "diff"  # write nothing; produce a unified diff

    @classmethod
    def from_flags(cls, *, check: bool, diff: bool) -> WriteBack:
        if diff:
            return cls.DIFF
        return cls.CHECK if check else cls.YES


class Status(str, Enum):
    CHANGED = "changed"  # repaired (or, without write-back, would be)
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Settings:
    """Everything that decides what happens to a file; picklable for worker processes."""

    write_back: WriteBack = WriteBack.YES
    options: Options = field(default_factory=Options)
    encoding: str | None = None
    assume_legacy: str | None = None
    to: str = "utf-8"
    keep_encoding: bool = False
    backup: str | None = None
    accept_low_confidence: bool = False
    max_size: int | None = DEFAULT_MAX_SIZE
    keep_texts: bool = False  # carry before/after texts in results (for diffs)

    def cache_key(self) -> str:
        """The settings that change a file's output; the cache is kept apart per key."""
        return repr(
            (
                self.options,
                self.encoding,
                self.assume_legacy,
                self.to,
                self.keep_encoding,
                self.accept_low_confidence,
                self.max_size,
            )
        )


@dataclass(frozen=True)
class FileResult:
    """What happened to one path: the only thing a worker sends back."""

    path: str
    status: Status
    reason: str = ""
    detection: Detection | None = None
    encoding: str | None = None
    confidence: float | None = None
    newline: str = "none"
    output_encoding: str | None = None
    changes: tuple[Change, ...] = ()
    written: bool = False
    before: str | None = None  # texts for a diff, as the file's bytes read (BOM included)
    after: str | None = None
    fingerprint: Fingerprint | None = None  # of the file as it is now, when it is clean
    cached: bool = False
    notes: tuple[str, ...] = ()  # warnings that do not stop the file (a line split for repair)

    @property
    def repairs(self) -> int:
        """How many changes edit the text (reports of unrecoverable damage do not)."""
        return sum(1 for c in self.changes if c.edits_text)

    @property
    def reencoded(self) -> bool:
        """Whether the bytes change because the output encoding differs from the source's."""
        return (
            self.status is Status.CHANGED
            and self.encoding is not None
            and self.output_encoding is not None
            and self.encoding != self.output_encoding
        )


@dataclass(frozen=True)
class Fixed:
    """The verdict of :func:`fix_bytes`: ``output`` is set only when the bytes would change."""

    status: Status
    repair: Repair | None = None
    output: bytes | None = None
    output_encoding: str | None = None
    reason: str = ""
    notes: tuple[str, ...] = ()
    before: str | None = None  # the text a diff starts from, when not ``repair.original``


def fix_bytes(data: bytes, settings: Settings) -> Fixed:
    """Decide what ``data`` should become; pure: no I/O, no printing."""
    if _has_long_line(data, MAX_LINE):
        return _fix_in_pieces(data, settings)
    # Imported here: a run whose files are all known clean from the cache never loads the engine.
    from mojifix.api import repair_bytes

    try:
        repair = repair_bytes(
            data,
            settings.encoding,
            options=settings.options,
            assume_legacy=settings.assume_legacy,
        )
    except MojifixError as exc:
        return Fixed(Status.FAILED, reason=str(exc))
    if repair.binary or repair.encoding is None:
        return Fixed(Status.SKIPPED, repair, reason="binary")
    target = _target_encoding(repair, settings)
    guessed = _guessed_lines(data, repair)
    if guessed:
        repair = replace(
            repair, changes=sorted([*repair.changes, *guessed], key=lambda c: (c.start, c.end))
        )
    elif not repair.changed and target == repair.encoding:
        return Fixed(Status.UNCHANGED, repair, output_encoding=target)  # bytes come out the same
    hole = _UNDECODABLE.search(repair.text)
    if hole is not None:
        count = len(_UNDECODABLE.findall(repair.text))
        line, column = _position(repair.text, hole.start())
        return Fixed(
            Status.FAILED,
            repair,
            reason=(
                f"{count} byte(s) are not valid {repair.encoding} (first at line {line}, "
                f"column {column}); not written, nothing lost (try --encoding)"
            ),
        )
    try:
        output = _encode(repair.text, target, data)
    except UnicodeEncodeError as exc:
        line, column = _position(repair.text, exc.start)
        char = repair.text[exc.start]
        how = "kept" if settings.keep_encoding else "written"
        return Fixed(
            Status.FAILED,
            repair,
            reason=(
                f"cannot be {how} as {target}: U+{ord(char):04X} at line {line}, column "
                f"{column} has no {target} form; not written (try --to utf-8)"
            ),
        )
    except LookupError:
        return Fixed(Status.FAILED, repair, reason=f"unknown encoding: {target}")
    if output == data:
        return Fixed(Status.UNCHANGED, repair, output_encoding=target)
    if (
        settings.encoding is None
        and repair.confidence < LOW_CONFIDENCE
        and not settings.accept_low_confidence
    ):
        return Fixed(
            Status.SKIPPED,
            repair,
            output_encoding=target,
            reason=(
                f"low confidence: looks like {repair.encoding} ({repair.confidence:.2f}); "
                "pass --encoding or --accept-low-confidence"
            ),
        )
    if guessed and not settings.accept_low_confidence:
        first = guessed[0]
        more = f" (and {len(guessed) - 1} more line(s))" if len(guessed) > 1 else ""
        return Fixed(
            Status.FAILED,
            repair,
            output_encoding=target,
            reason=(
                f"line {first.line}{more} is not valid UTF-8, and its code page is a guess "
                f"({_fallback(repair)}); not written, nothing lost (check the line, then pass "
                "--accept-low-confidence to write it so, or --encoding)"
            ),
        )
    before = decode_lossless(data, "utf-8") if guessed else None  # the guessed lines' bytes
    return Fixed(Status.CHANGED, repair, output=output, output_encoding=target, before=before)


def _fallback(repair: Repair) -> str:
    return (repair.detection.fallback if repair.detection else None) or "?"


def _guessed_lines(data: bytes, repair: Repair) -> list[Change]:
    """One finding per line of a mixed file that was decoded in a guessed code page.

    A mostly-UTF-8 file with a few lines in another encoding (see :func:`decode.decode_mixed`)
    is decoded line by line, the odd lines in a ``fallback`` page the detector guessed.  Writing
    the file back as UTF-8 replaces those lines' bytes with that guess, so each such line is a
    change the user must see (``--check`` lists it) and accept: the finding shows the bytes as
    they are (``<0xE9>``) and the text they would become.
    """
    detection = repair.detection
    if detection is None or not detection.mixed_lines or not detection.fallback:
        return []
    raw_lines = data.split(b"\n")
    texts = repair.original.split("\n")
    if len(raw_lines) != len(texts):  # not the line-by-line decoding this expects
        return []
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    changes = []
    for number in detection.mixed_lines:
        if not 1 <= number <= len(texts):
            continue
        text = texts[number - 1].removesuffix("\r")
        raw = decode_lossless(raw_lines[number - 1], "utf-8").removesuffix("\r")
        changes.append(
            Change(
                start=starts[number - 1],
                end=starts[number - 1] + len(text),
                original=raw,
                replacement=text,
                kind=Kind.LEGACY,
                explanation=(
                    f"not valid UTF-8; decoded as {detection.fallback}, a guess: "
                    "the rest of the file is UTF-8"
                ),
                line=number,
                column=1,
            )
        )
    return changes


def _has_long_line(data: bytes, limit: int) -> bool:
    if len(data) <= limit:
        return False
    pos = 0
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            return len(data) - pos > limit
        if end - pos > limit:
            return True
        pos = end + 1


def _fix_in_pieces(data: bytes, settings: Settings) -> Fixed:
    """Repair a file with an enormous line through the bounded stream repairer.

    The engine's time on one line can grow faster than its length; the stream repairer splits
    such a line at safe points (see :mod:`mojifix.stream`) and says so in a note.  Detection
    then looks at the first MiB, as for standard input.
    """
    from mojifix.stream import Notice, StreamError, StreamRepairer, StreamSettings

    repairer = StreamRepairer(
        StreamSettings(
            options=settings.options,
            encoding=settings.encoding,
            assume_legacy=settings.assume_legacy,
            to=settings.to,
            keep_encoding=settings.keep_encoding,
            accept_low_confidence=True,  # the gate below applies, as for any file
            max_line=MAX_LINE,
        )
    )
    pieces: list[bytes] = []
    changes: list[Change] = []
    notes: list[str] = []
    step = 1 << 20
    try:
        events = itertools.chain.from_iterable(
            repairer.feed(data[i : i + step]) for i in range(0, len(data), step)
        )
        for event in itertools.chain(events, repairer.close()):
            if isinstance(event, Notice):
                notes.append(event.message)
            else:
                pieces.append(event.data)
                changes.extend(event.changes)
    except StreamError as exc:
        return Fixed(Status.FAILED, reason=str(exc))
    detection = repairer.detection
    assert detection is not None
    if repairer.passthrough or detection.encoding is None:
        return Fixed(Status.SKIPPED, reason="binary")
    output = b"".join(pieces)
    target = repairer.output_encoding
    texts = ("", "")
    if settings.keep_texts and output != data:
        texts = (decode_lossless(data, detection.encoding), decode_lossless(output, target or ""))
    repair = Repair(
        text=texts[1],
        original=texts[0],
        changes=changes,
        encoding=detection.encoding,
        confidence=detection.confidence,
        detection=detection,
        newline=_newline_style(data),
    )
    kept = tuple(n for n in notes if "passed through unchanged" not in n)
    if repairer.undecodable:
        reason = (
            f"{repairer.undecodable} byte(s) are not valid {detection.encoding}; "
            "not written, nothing lost (try --encoding)"
        )
        return Fixed(Status.FAILED, repair, reason=reason, notes=kept)
    if output == data:
        return Fixed(Status.UNCHANGED, repair, output_encoding=target, notes=kept)
    if (
        settings.encoding is None
        and detection.confidence < LOW_CONFIDENCE
        and not settings.accept_low_confidence
    ):
        reason = (
            f"low confidence: looks like {detection.encoding} ({detection.confidence:.2f}); "
            "pass --encoding or --accept-low-confidence"
        )
        return Fixed(Status.SKIPPED, repair, output_encoding=target, reason=reason)
    return Fixed(Status.CHANGED, repair, output=output, output_encoding=target, notes=kept)


def _newline_style(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    kinds = [
        name
        for name, n in (
            ("CRLF", crlf),
            ("LF", data.count(b"\n") - crlf),
            ("CR", data.count(b"\r") - crlf),
        )
        if n
    ]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _target_encoding(repair: Repair, settings: Settings) -> str:
    """Pick the output codec, keeping a UTF-8 BOM the user did not ask to remove."""
    assert repair.encoding is not None
    if settings.keep_encoding:
        target = repair.encoding
    else:
        target = codecs.lookup(settings.to).name if _known(settings.to) else settings.to
    had_bom = repair.detection is not None and repair.detection.bom
    if target == "utf-8" and had_bom and repair.encoding == "utf-8-sig":
        target = "utf-8-sig"
    if target == "utf-8-sig" and settings.options.remove_bom:
        target = "utf-8"
    return target


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _encode(text: str, target: str, original: bytes) -> bytes:
    """Encode ``text``; for UTF-16/32 keep the byte order the original's BOM announced."""
    if target in ("utf-16", "utf-32"):
        width = 2 if target == "utf-16" else 4
        big = original.startswith(
            codecs.BOM_UTF16_BE if width == 2 else codecs.BOM_UTF32_BE
        ) and not original.startswith(codecs.BOM_UTF32_LE)
        order = "be" if big else "le"
        bom = "\ufeff".encode(f"{target}-{order}")
        return bom + text.encode(f"{target}-{order}")
    return text.encode(target)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def fix_file(source: Source, settings: Settings, *, fingerprint: bool = True) -> FileResult:
    """Repair one file as ``settings`` say; every error comes back inside the result.

    ``fingerprint=False`` skips hashing the content of a clean or written file, which only
    a cache needs (see :func:`fix_paths`).
    """
    try:
        return _fix_file(source, settings, fingerprint)
    except Exception as exc:  # a bug must cost one file, not the run
        return FileResult(source.path, Status.FAILED, reason=f"internal error: {exc!r}")


def _fix_file(source: Source, settings: Settings, fingerprint: bool) -> FileResult:
    try:
        if source.root is not None:
            confine(source.real, source.root)
        data, stamp = read_source(source.real, settings.max_size)
    except Escaped as exc:
        return FileResult(source.path, Status.FAILED, reason=f"not read: {exc}")
    except Unsuitable as exc:
        return FileResult(source.path, Status.SKIPPED, reason=str(exc))
    except OSError as exc:
        return FileResult(source.path, Status.FAILED, reason=f"cannot read: {describe_error(exc)}")
    except MemoryError:
        return FileResult(source.path, Status.FAILED, reason="cannot read: out of memory")
    fixed = fix_bytes(data, settings)
    if fixed.status is Status.UNCHANGED:
        clean = _fingerprint(stamp.size, stamp.mtime_ns, data) if fingerprint else None
        return _result(source.path, fixed, settings, clean)
    result = _result(source.path, fixed, settings)
    if fixed.status is not Status.CHANGED or settings.write_back is not WriteBack.YES:
        return result
    assert fixed.output is not None
    try:
        new = write_atomic(
            source.real,
            fixed.output,
            expected=stamp,
            original=data,
            backup_suffix=settings.backup,
            root=source.root,
        )
    except ChangedOnDisk as exc:
        return replace(result, status=Status.FAILED, reason=f"not written: {exc}")
    except Escaped as exc:
        reason = f"not written: {exc}; nothing outside the named folder was touched"
        return replace(result, status=Status.FAILED, reason=reason)
    except BackupExists as exc:
        reason = (
            f"not written: the backup {exc}; the original is unchanged (move that file away "
            "or pick another --backup suffix)"
        )
        return replace(result, status=Status.FAILED, reason=reason)
    except OSError as exc:
        reason = f"cannot write: {describe_error(exc)}; the original is unchanged"
        return replace(result, status=Status.FAILED, reason=reason)
    clean = _fingerprint(new.size, new.mtime_ns, fixed.output) if fingerprint else None
    return replace(result, written=True, fingerprint=clean)


def _fingerprint(size: int, mtime_ns: int, data: bytes) -> Fingerprint:
    from mojifix.cache import Fingerprint, digest  # only a run with a cache needs hashing

    return Fingerprint(size, mtime_ns, digest(data))


def fix_data(path: str, data: bytes, settings: Settings) -> FileResult:
    """Judge ``data`` (standard input, say) as if it were the file ``path``; never writes."""
    return _result(path, fix_bytes(data, settings), settings)


def _result(
    path: str, fixed: Fixed, settings: Settings, fingerprint: Fingerprint | None = None
) -> FileResult:
    repair = fixed.repair
    if repair is None:
        return FileResult(path, fixed.status, reason=fixed.reason, fingerprint=fingerprint)
    before = after = None
    if settings.keep_texts and fixed.status is Status.CHANGED:
        source_bom = "\ufeff" if repair.encoding == "utf-8-sig" else ""
        before = fixed.before if fixed.before is not None else source_bom + repair.original
        after = ("\ufeff" if fixed.output_encoding == "utf-8-sig" else "") + repair.text
    return FileResult(
        path,
        fixed.status,
        reason=fixed.reason,
        detection=repair.detection,
        encoding=repair.encoding,
        confidence=repair.confidence,
        newline=repair.newline,
        output_encoding=fixed.output_encoding,
        changes=tuple(repair.changes),
        before=before,
        after=after,
        fingerprint=fingerprint,
        notes=fixed.notes,
    )


def _entry_result(entry: Skipped | Unreadable) -> FileResult:
    if isinstance(entry, Skipped):
        return FileResult(entry.path, Status.SKIPPED, reason=entry.reason)
    return FileResult(entry.path, Status.FAILED, reason=entry.reason)


def fix_paths(
    entries: Iterable[Entry],
    settings: Settings,
    *,
    jobs: int | None = 1,
    cache: Cache | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Iterator[FileResult]:
    """Yield one :class:`FileResult` per entry, in the order of ``entries``.

    Files the ``cache`` knows to be clean are not read again.  With ``jobs`` > 1 and enough
    files the work goes to a process pool (``jobs=None``: as many workers as CPUs, fewer when
    there is too little text to be worth starting them); ``Executor.map`` hands results back
    in submission order, so the output is the same whatever the number of workers.
    ``on_total`` is told the number of entries once discovery is over (for a progress bar).
    """
    listed: list[Entry] = list(entries)
    if on_total is not None:
        on_total(len(listed))
    todo: list[Source] = []
    for entry in listed:
        if isinstance(entry, Source) and not (cache is not None and cache.is_clean(entry.real)):
            todo.append(entry)
    # Settings travel inside the function, so a worker unpickles them once per batch of files,
    # not once per file.
    work = functools.partial(fix_file, settings=settings, fingerprint=cache is not None)
    results = _run(todo, work, jobs)
    pending = iter(todo)
    upcoming = next(pending, None)
    for entry in listed:
        if not isinstance(entry, Source):
            yield _entry_result(entry)
        elif entry is upcoming:
            upcoming = next(pending, None)
            result = next(results)
            if cache is not None:
                _remember(cache, entry, result)
            yield result
        else:
            yield FileResult(entry.path, Status.UNCHANGED, cached=True)


def _remember(cache: Cache, entry: Source, result: FileResult) -> None:
    """Cache a file only when a re-run would have nothing at all to say about it.

    A file with reports of unrecoverable damage is not clean, even though it is unchanged:
    ``--check`` must list those findings on every run.
    """
    reports = any(not change.edits_text for change in result.changes)
    clean = (result.status is Status.UNCHANGED or result.written) and not reports
    if clean and result.fingerprint is not None:
        cache.mark_clean(entry.real, result.fingerprint)
    else:
        cache.forget(entry.real)


MIN_FILES_PER_WORKER = 4
"""Below this many files per worker, starting processes costs more than it saves."""

MIN_BYTES_PER_WORKER = 4 << 20
"""Nor below this much work per worker (see :data:`FILE_WEIGHT`) when workers are fresh
interpreters: one takes a few tenths of a second to start and load the engine, while a clean
megabyte takes a fraction of that in one process."""

MIN_BYTES_PER_FORKED_WORKER = 2 << 20
"""The same for forked workers, which start in milliseconds with the engine already loaded.
Below it, what a second worker saves is about what the serial part costs anyway (start-up,
the engine's first use) and is lost as soon as other programs compete for the cores."""

FILE_WEIGHT = 2 << 10
"""What one file's fixed costs (open, read, detect, result) are worth in bytes of clean text,
so that ten thousand small files count as work worth sharing even though they hold little."""


def _run(
    sources: Sequence[Source], work: Callable[[Source], FileResult], jobs: int | None
) -> Iterator[FileResult]:
    workers = min(jobs or default_jobs(), len(sources) // MIN_FILES_PER_WORKER)
    method = start_method() if workers > 1 else ""
    if jobs is None and workers > 1:
        per_worker = MIN_BYTES_PER_FORKED_WORKER if method == "fork" else MIN_BYTES_PER_WORKER
        weight = FILE_WEIGHT * len(sources)
        if weight < per_worker * workers:  # the files' number alone does not decide
            weight += _total_size(sources)
        workers = min(workers, weight // per_worker)
    if workers <= 1:
        return map(work, sources)
    return _run_pool(sources, work, workers, method)


def _total_size(sources: Sequence[Source]) -> int:
    total = 0
    for source in sources:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += os.stat(source.real).st_size
    return total


def _run_pool(
    sources: Sequence[Source], work: Callable[[Source], FileResult], workers: int, method: str
) -> Iterator[FileResult]:
    # Batches of a few files each (up to 64): one message to and from a worker per batch, yet
    # enough batches (about 32 per worker) that the last ones to finish are short, so no
    # worker waits long for another when files differ in size.
    chunksize = max(1, min(64, len(sources) // (workers * 32)))
    head: list[FileResult] = []
    if method == "fork":
        # The engine loads its tables and compiles its patterns on first use, which costs more
        # than checking hundreds of small files.  Doing the first share of the files here, before
        # forking, pays that once: every worker inherits the warm engine instead of warming its
        # own.  The results wait in ``head`` so that nothing is rendered (and no progress bar
        # thread starts) before the fork.
        share = max(1, min(64, len(sources) // (workers * 8)))
        head = [work(source) for source in sources[:share]]
    rest = sources[len(head) :]
    executor = _executor(workers, method)
    if executor is None:
        yield from head
        yield from map(work, rest)
        return
    done = 0
    pending_head = True
    try:
        with _frozen(method == "fork"):
            # Forked workers start with Ctrl-C blocked (see _ignore_interrupts); one pressed
            # meanwhile reaches this process when it is released, in this ``try``.
            held = hold_interrupts() if method == "fork" else None
            try:
                results = executor.map(work, rest, chunksize=chunksize)  # forks the workers
            finally:
                release_interrupts(held)
        pending_head = False
        yield from head
        for result in results:
            done += 1
            yield result
    except KeyboardInterrupt:
        # Ctrl-C: the workers ignore it (see _executor); drop the work not yet started and
        # let each worker finish the file it is on, so that no temporary is left behind.
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    except Exception:  # a worker died (killed, out of memory): finish in this process
        executor.shutdown(wait=True, cancel_futures=True)
        if pending_head:
            yield from head
        yield from map(work, rest[done:])
    finally:
        executor.shutdown(wait=True)


@contextlib.contextmanager
def _frozen(freeze: bool) -> Iterator[None]:
    """Keep the garbage collector of forked workers off this process's objects.

    A forked worker shares this process's memory until it writes to a page.  Its garbage
    collector would walk (and so write to) every object inherited from here, copying nearly
    all of that memory into each worker; frozen objects are never walked.  This process
    unfreezes them once the workers are forked.
    """
    if not freeze:
        yield
        return
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def start_method() -> str:
    """How to start workers: ``fork`` where it is safe, else ``forkserver`` or ``spawn``.

    A forked worker starts in milliseconds with everything this process has imported; a
    ``forkserver`` or ``spawn`` worker is a new interpreter that imports click, the CLI and
    the engine again, a few tenths of a second each, which cost more than a small tree takes
    to check.  Forking is safe only while this process has a single thread (a thread holding
    a lock at the moment of the fork leaves that lock held forever in the child): the CLI
    starts its pool before the progress bar's thread, but a library caller may have threads
    of its own, and then the pool falls back to a fresh interpreter.  Only on Linux: macOS
    system libraries are not fork-safe, and Windows cannot fork.
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _executor(workers: int, method: str) -> Executor | None:
    """A process pool, or ``None`` where the platform cannot make one (then run in-process)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        # Workers ignore Ctrl-C from the first moment: the terminal sends it to the whole
        # process group, and a worker interrupted while importing or writing would print a
        # traceback or leave a file half done.  The parent stops the pool instead.  A fresh
        # interpreter gets a builtin as initializer (it needs no import of ours); a forked
        # worker is born with Ctrl-C blocked and unblocks it once it ignores it.
        if method == "fork":
            return ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_ignore_interrupts,
            )
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=signal.signal,
            initargs=(signal.SIGINT, signal.SIG_IGN),
        )
    except (OSError, RuntimeError, ImportError):  # RuntimeError covers platforms without
        return None  # process pools (their multiprocessing raises its NotImplemented subclass)


def _ignore_interrupts() -> None:
    """Make a forked worker ignore Ctrl-C, then let go of any it was born holding."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
