"""Load labelled samples and judge a detector's answer the practical way.

A guess is right when it turns the bytes into the same text as the true encoding does: ``ascii``
and ``utf-8`` are both right for an ASCII file, ``gb2312`` and ``gb18030`` are both right for a
text that uses only GB2312 characters.  A label is not the point; the text is.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "detect"


@dataclass(frozen=True)
class Sample:
    """One labelled byte string: where it came from, its true codec and its family."""

    name: str
    data: bytes
    encoding: str
    family: str
    declared: bool = False
    language: str = ""

    @property
    def ascii(self) -> bool:
        return self.data.isascii() and b"\x00" not in self.data


def load_corpus(root: Path = CORPUS) -> list[Sample]:
    """Read ``manifest.csv`` and the files it lists; empty when the corpus is absent."""
    manifest = root / "manifest.csv"
    if not manifest.is_file():
        return []
    samples = []
    with manifest.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            samples.append(
                Sample(
                    name=row["path"],
                    data=(root / row["path"]).read_bytes(),
                    encoding=row["encoding"],
                    family=row["family"],
                    declared=bool(row["declared_charset"]),
                    language=row["language"],
                )
            )
    return samples


# A text decoder: given the bytes, return the text the detector's answer produces, or None for
# "binary" / no answer.  A detector looks at bytes and hands back such a decoder.
Decoder = Callable[[bytes], "str | None"]
Detector = Callable[[bytes], Decoder]


def codec_decoder(name: str | None) -> Decoder:
    """Decode with a plain codec name the way a caller of that detector would."""

    def run(data: bytes) -> str | None:
        if name is None:
            return None
        try:
            return data.decode(name, errors="replace")
        except LookupError:
            return None

    return run


def true_text(sample: Sample, data: bytes) -> str | None:
    """The text ``data`` holds: None for binary; per line for a mixed ``mixed:<page>`` file."""
    if sample.encoding == "binary":
        return None
    if sample.encoding.startswith("mixed:"):
        fallback = sample.encoding.split(":", 1)[1]
        lines = []
        for line in data.split(b"\n"):
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(line.decode(fallback))
        return "\n".join(lines)
    return data.decode(sample.encoding)


def boundary(data: bytes, encoding: str) -> bytes:
    """Cut ``data`` back to the last whole character of ``encoding`` (a prefix may split one)."""
    for cut in range(0, min(len(data), 8) + 1):
        head = data[: len(data) - cut]
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return head
    return b""


def is_right(sample: Sample, data: bytes, decoder: Decoder, *, whole: bool) -> bool:
    """Whether the detector's text for ``data`` (a whole file or a prefix) is the true text.

    For a prefix the comparison runs on the bytes up to the last whole character of the true
    encoding, so that a multibyte character cut by the prefix counts against nobody; the
    detector still saw the whole prefix.
    """
    judged = data if whole else boundary(data, sample.encoding)
    got = decoder(judged)
    return got == true_text(sample, judged)


def prefixes(samples: list[Sample], size: int) -> Iterator[tuple[Sample, bytes]]:
    """Yield the first ``size`` bytes of every sample that is not plain ASCII."""
    for sample in samples:
        if not sample.ascii and sample.family not in ("Binary", "Mixed"):
            yield sample, sample.data[:size]


def lookup(name: str | None) -> str | None:
    """Normalise a detector's label to a Python codec name, or None when Python lacks it."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
