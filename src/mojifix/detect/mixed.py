"""Recognise a file that is mostly UTF-8 with some lines in a legacy code page.

Concatenating a UTF-8 file and a cp1252 file, or an editor that saved a pasted paragraph in
the system code page, leaves a file that is neither: strict UTF-8 fails, and a legacy guess
turns every correct UTF-8 character into mojibake (``Ã©``).  The tell is that the lines that
*are* valid UTF-8 read better as UTF-8 than in the legacy code page: UTF-8's multibyte
sequences read as cp1252 give letter-symbol pairs, which :mod:`mojifix.detect.score` and
ftfy's badness both punish.  A legacy text, on the other hand, is hardly ever valid UTF-8
line after line by chance.
"""

from __future__ import annotations

from dataclasses import dataclass

from mojifix.decode import decode_mixed
from mojifix.detect.score import assess

# How much more plausible (penalty units) the UTF-8 reading of the valid lines must be.
MARGIN = 2.0


@dataclass(frozen=True)
class Split:
    """The lines of ``data`` sorted by whether they are valid UTF-8 with non-ASCII bytes."""

    utf8: bytes
    legacy: bytes


def split_lines(data: bytes) -> Split:
    """Gather the non-ASCII lines that are valid UTF-8, and those that are not."""
    good: list[bytes] = []
    bad: list[bytes] = []
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
        else:
            good.append(line)
    return Split(utf8=b"\n".join(good), legacy=b"\n".join(bad))


def utf8_reads_better(utf8_lines: bytes, fallback: str) -> bool:
    """Whether the valid-UTF-8 lines are more plausible as UTF-8 than in ``fallback``."""
    as_utf8 = assess(utf8_lines.decode("utf-8")).penalty
    as_legacy = assess(utf8_lines.decode(fallback, errors="replace")).penalty
    return as_legacy > as_utf8 + MARGIN


def redecoded_lines(data: bytes, fallback: str) -> tuple[int, ...]:
    """Return the 1-based numbers of the lines that decode() will read in ``fallback``."""
    return decode_mixed(data, fallback)[1]
