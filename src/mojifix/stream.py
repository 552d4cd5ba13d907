"""Repair a byte stream of any size (standard input) in bounded memory.

How it stays correct while never holding the whole input:

* **Detection** looks at a bounded prefix (:attr:`StreamSettings.prefix_size` bytes, cut back
  to the last line break so no character is cut in half) and is made once.  The stream never
  changes its mind: bytes further on that are not valid in the chosen encoding are carried
  through unchanged as lone surrogates (:data:`mojifix.decode.LOSSLESS`, which unlike
  ``surrogateescape`` also keeps a stray byte below 80, such as the odd last byte of a UTF-16
  stream), and a :class:`Notice` says where.
* **Decoding** uses an incremental decoder, which keeps a multi-byte character that straddles
  two reads until its last byte arrives.
* **Repair** runs on blocks of whole lines.  The engine guarantees repairs are line-local
  (``repair(a + b) == repair(a) + repair(b)`` when ``a`` ends with a line break), so a mojibake
  or lost-byte sequence is never cut by a block boundary.  A single line longer than
  :attr:`StreamSettings.max_line` characters is split at a space between two ASCII characters
  (mojibake is made of non-ASCII characters, so no sequence spans such a point), or, failing
  that, at the cap itself; a :class:`Notice` says so, because a repair that needed context
  across the split could be missed.
* Binary input, or a low-confidence guess, is passed through byte for byte, with a notice.

The answer does not depend on how the input was chunked (tested at every split offset).
Nothing here touches a file descriptor: the caller feeds bytes and writes the output.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from mojifix.api import repair_text
from mojifix.decode import LOSSLESS, UNDECODABLE
from mojifix.detect import detect
from mojifix.model import Change, Detection, MojifixError, Options, Repair

LOW_CONFIDENCE = 0.5  # the same threshold as for files (mojifix.runner.LOW_CONFIDENCE)

_UNDECODABLE = re.compile(UNDECODABLE)
_LINE = re.compile("[^\n]*\n|[^\n]+")
_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class StreamError(MojifixError):
    """The stream cannot go on (its repaired text cannot be written in the chosen encoding)."""


@dataclass(frozen=True)
class StreamSettings:
    options: Options = field(default_factory=Options)
    encoding: str | None = None
    assume_legacy: str | None = None
    to: str = "utf-8"
    keep_encoding: bool = False
    accept_low_confidence: bool = False
    prefix_size: int = 1 << 20  # bytes given to the detector
    block_size: int = 1 << 16  # characters of whole lines repaired at a time
    max_line: int = 1 << 16  # characters of one line before it is split


@dataclass(frozen=True)
class Output:
    """Bytes to write, and the changes made in them (positions count from the stream start)."""

    data: bytes
    changes: tuple[Change, ...] = ()
    changed: bool = False


@dataclass(frozen=True)
class Notice:
    """Something the user must hear about (on standard error); the stream goes on."""

    message: str


Event = Output | Notice


class StreamRepairer:
    """Feed bytes with :meth:`feed`, then call :meth:`close`; both yield :data:`Event` values."""

    def __init__(self, settings: StreamSettings) -> None:
        self.settings = settings
        self.detection: Detection | None = None
        self.output_encoding: str | None = None
        self.passthrough = False
        self.changed = False
        self.undecodable = 0
        self._prefix: list[bytes] = []
        self._prefix_len = 0
        self._decoder: codecs.IncrementalDecoder | None = None
        self._encoder: codecs.IncrementalEncoder | None = None
        self._text = ""
        self._chars = 0  # characters already repaired
        self._line = 0  # line breaks already repaired
        self._column = 0  # characters after the last of them
        self._split_noticed = False

    # -- input --------------------------------------------------------------------------

    def feed(self, data: bytes) -> Iterator[Event]:
        if self.detection is None:
            self._prefix.append(data)
            self._prefix_len += len(data)
            if self._prefix_len < self.settings.prefix_size:
                return
            yield from self._start(final=False)
        elif self.passthrough:
            if data:
                yield Output(data)
        else:
            yield from self._decode(data, final=False)

    def close(self) -> Iterator[Event]:
        if self.detection is None:
            yield from self._start(final=True)
        if not self.passthrough:
            yield from self._decode(b"", final=True)
            yield from self._flush(final=True)
            if self.undecodable:
                assert self.detection is not None
                yield Notice(
                    f"{self.undecodable} byte(s) not valid {self.detection.encoding} were "
                    "passed through unchanged"
                )

    # -- detection ----------------------------------------------------------------------

    def _start(self, *, final: bool) -> Iterator[Event]:
        prefix = b"".join(self._prefix)
        self._prefix = []
        self.detection = self._detect(prefix, final=final)
        detection = self.detection
        reason = ""
        if detection.binary or detection.encoding is None:
            reason = "binary data"
        elif (
            self.settings.encoding is None
            and detection.confidence < LOW_CONFIDENCE
            and not self.settings.accept_low_confidence
        ):
            reason = (
                f"low confidence: looks like {detection.encoding} ({detection.confidence:.2f}); "
                "pass --encoding or --accept-low-confidence"
            )
        if reason:
            self.passthrough = True
            yield Notice(f"{reason}; passed through unchanged")
            if prefix:
                yield Output(prefix)
            return
        assert detection.encoding is not None
        self._decoder = codecs.getincrementaldecoder(detection.encoding)(errors=LOSSLESS)
        target = self._target(detection)
        self.output_encoding = target
        try:
            self._encoder = codecs.getincrementalencoder(target)(errors=LOSSLESS)
        except LookupError:
            raise StreamError(f"unknown encoding: {target}") from None
        if target != detection.encoding:
            self.changed = True
        yield from self._decode(prefix, final=False)

    def _detect(self, prefix: bytes, *, final: bool) -> Detection:
        given = self.settings.encoding
        if given is not None:
            try:
                name = codecs.lookup(given).name
            except LookupError:
                raise StreamError(f"unknown encoding: {given}") from None
            bom = name in ("utf-8", "utf-8-sig") and prefix.startswith(codecs.BOM_UTF8)
            if bom:
                name = "utf-8-sig"
            return Detection(name, 1.0, bom=bom, reason="given by the caller")
        sample = prefix[: self.settings.prefix_size]
        if not final and not sample.startswith(_BOMS):
            sample = _whole_lines(sample)
        return detect(sample, assume_legacy=self.settings.assume_legacy)

    def _target(self, detection: Detection) -> str:
        assert detection.encoding is not None
        settings = self.settings
        target = detection.encoding if settings.keep_encoding else settings.to
        try:
            target = codecs.lookup(target).name
        except LookupError:
            raise StreamError(f"unknown encoding: {target}") from None
        if target == "utf-8" and detection.encoding == "utf-8-sig":
            target = "utf-8-sig"  # keep the BOM the input had
        if target == "utf-8-sig" and settings.options.remove_bom:
            target = "utf-8"
        return target

    # -- text ---------------------------------------------------------------------------

    def _decode(self, data: bytes, *, final: bool) -> Iterator[Event]:
        assert self._decoder is not None
        text = self._decoder.decode(data, final)
        if text:
            self._text += text
            yield from self._flush(final=False)

    def _flush(self, *, final: bool) -> Iterator[Event]:
        settings = self.settings
        while self._text:
            text = self._text
            if final:
                cut = len(text)
            elif len(text) < settings.block_size:
                return
            else:
                cut = max(text.rfind("\n"), text.rfind("\r", 0, len(text) - 1)) + 1
                if cut == 0:
                    if len(text) < settings.max_line:
                        return
                    cut = _split_point(text, settings.max_line)
                    if not self._split_noticed:
                        self._split_noticed = True
                        yield Notice(
                            f"line {self._line + 1} is longer than {settings.max_line} "
                            "characters; it is repaired in pieces split at spaces, so a "
                            "repair spanning a split point may be missed"
                        )
            self._text = text[cut:]
            yield from self._repair(text[:cut])

    def _repair(self, block: str) -> Iterator[Event]:
        result = _repair_lines(block, self.settings.options)
        changes = tuple(self._shift(c) for c in result.changes)
        hole = _UNDECODABLE.search(block)
        if hole is not None:
            if not self.undecodable:
                line = self._line + block.count("\n", 0, hole.start()) + 1
                yield Notice(
                    f"line {line}: bytes not valid {self._encoding_name()} (the encoding "
                    "guessed from the start of the input); passed through unchanged"
                )
            self.undecodable += len(_UNDECODABLE.findall(block))
        assert self._encoder is not None
        try:
            data = self._encoder.encode(result.text)
        except UnicodeEncodeError as exc:
            line = self._line + result.text.count("\n", 0, exc.start) + 1
            char = result.text[exc.start]
            raise StreamError(
                f"line {line}: U+{ord(char):04X} cannot be written as {self.output_encoding}"
            ) from None
        self.changed = self.changed or result.changed
        breaks = block.count("\n")
        if breaks:
            self._line += breaks
            self._column = len(block) - block.rfind("\n") - 1
        else:
            self._column += len(block)
        self._chars += len(block)
        yield Output(data, changes, result.changed)

    def _shift(self, change: Change) -> Change:
        column = change.column + (self._column if change.line == 1 else 0)
        return replace(
            change,
            start=change.start + self._chars,
            end=change.end + self._chars,
            line=change.line + self._line,
            column=column,
        )

    def _encoding_name(self) -> str:
        encoding = self.detection.encoding if self.detection is not None else None
        return encoding or "?"


def _repair_lines(block: str, options: Options) -> Repair:
    """Repair ``block`` as runs of all-ASCII lines and runs of other lines.

    Line-locality makes this equal to repairing the block at once; it keeps a few damaged lines
    from dragging long stretches of plain ASCII through the engine's slower non-ASCII passes.
    """
    if block.isascii():
        return repair_text(block, options)
    runs: list[str] = []
    current: list[str] = []
    ascii_run: bool | None = None
    for line in _LINE.findall(block):
        kind = line.isascii()
        if kind is not ascii_run and current:
            runs.append("".join(current))
            current = []
        ascii_run = kind
        current.append(line)
    if current:
        runs.append("".join(current))
    if len(runs) == 1 or "".join(runs) != block:
        return repair_text(block, options)
    texts: list[str] = []
    changes: list[Change] = []
    offset = lines = 0
    for run in runs:
        result = repair_text(run, options)
        texts.append(result.text)
        changes.extend(
            replace(c, start=c.start + offset, end=c.end + offset, line=c.line + lines)
            for c in result.changes
        )
        offset += len(run)
        lines += run.count("\n")
    return Repair(text="".join(texts), original=block, changes=changes)


def _whole_lines(sample: bytes) -> bytes:
    """Cut ``sample`` after its last line feed so the detector never sees half a character.

    A line feed byte cannot be part of a multi-byte character in UTF-8 or in the East Asian
    double-byte encodings, whose trail bytes start at 0x40.
    """
    cut = sample.rfind(b"\n")
    if cut >= 0:
        return sample[: cut + 1]
    for back in (1, 2, 3):  # no line break: drop an incomplete UTF-8 tail, if any
        if len(sample) < back or sample[-back] < 0x80:
            break
        lead = sample[-back]
        if lead >= 0xC0:
            needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            return sample[:-back] if needed > back else sample
    return sample


def _split_point(text: str, limit: int) -> int:
    """Where to split a line of at least ``limit`` characters: after a space between ASCII
    characters, else between any two ASCII characters, else at ``limit``.

    The buffer may hold exactly ``limit`` characters, so a candidate point must leave at least
    one character after it to look at: the last usable point is ``len(text) - 1``.
    """
    limit = min(limit, len(text))
    low = limit // 2
    pos = limit
    while True:
        pos = text.rfind(" ", low, pos)
        if pos <= 0:
            break
        if pos + 1 < len(text) and text[pos - 1].isascii() and text[pos + 1].isascii():
            return pos + 1
    for pos in range(min(limit, len(text) - 1), low, -1):  # between any two ASCII characters
        if text[pos - 1].isascii() and text[pos].isascii():
            return pos
    return limit


def repair_stream(chunks: Iterable[bytes], settings: StreamSettings) -> Iterator[Event]:
    """Repair the byte ``chunks`` in order; yield the output and notices as they come."""
    repairer = StreamRepairer(settings)
    for chunk in chunks:
        yield from repairer.feed(chunk)
    yield from repairer.close()
