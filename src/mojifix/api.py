"""The library's entry points: bytes → detect → decode → repair → :class:`Repair`.

Nothing here reads files, prints or exits; the CLI and any other caller decide what to do
with the result.
"""

from __future__ import annotations

import codecs

from mojifix.decode import decode
from mojifix.detect import detect
from mojifix.model import DEFAULT_OPTIONS, Detection, MojifixError, Options, Repair
from mojifix.repair import repair


def repair_text(text: str, options: Options | None = None) -> Repair:
    """Repair encoding damage in already-decoded text and say what was changed and why."""
    opts = options or DEFAULT_OPTIONS
    fixed, changes = repair(text, opts)
    return Repair(text=fixed, original=text, changes=changes)


def fix_text(text: str, options: Options | None = None) -> str:
    """Return ``text`` with encoding damage undone; correct text comes back identical."""
    return repair_text(text, options).text


def repair_bytes(
    data: bytes,
    encoding: str | None = None,
    *,
    options: Options | None = None,
    assume_legacy: str | None = None,
) -> Repair:
    """Decode ``data`` (detecting its encoding unless ``encoding`` is given) and repair it.

    Binary data is recognised and returned untouched with ``binary=True`` and empty text.
    Bytes that do not decode are kept as lone surrogates (``surrogateescape``) so that
    encoding the text back with the same handler gives the original bytes: nothing is
    silently replaced.
    """
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise MojifixError(f"unknown encoding: {encoding}") from None
        detection = Detection(encoding=name, confidence=1.0, reason="given by the caller")
        if name in ("utf-8", "utf-8-sig") and data.startswith(codecs.BOM_UTF8):
            detection = Detection(
                encoding="utf-8-sig", confidence=1.0, bom=True, reason="given by the caller"
            )
    else:
        detection = detect(data, assume_legacy=assume_legacy)
    if detection.binary or detection.encoding is None:
        return Repair(
            text="",
            original="",
            encoding=None,
            confidence=detection.confidence,
            binary=True,
            detection=detection,
        )
    decoded = decode(data, detection)
    result = repair_text(decoded.text, options)
    return Repair(
        text=result.text,
        original=result.original,
        changes=result.changes,
        encoding=detection.encoding,
        confidence=detection.confidence,
        binary=False,
        detection=detection,
        newline=decoded.newline,
    )
