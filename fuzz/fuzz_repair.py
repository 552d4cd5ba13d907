"""Coverage-guided fuzz target for the library: ``repair_bytes`` and ``repair_text``.

Run (see fuzz/README.md)::

    python fuzz/fuzz_repair.py -runs=2000                 # a smoke run
    python fuzz/fuzz_repair.py -max_total_time=3600 fuzz/corpus/repair

The first input byte picks what is fuzzed: ``repair_bytes`` with detection, ``repair_bytes``
with a given encoding, or ``repair_text`` on text the fuzzer controls code point by code point
(lone surrogates included).  What counts as a crash:

* any exception (``MojifixError`` is allowed only for an encoding the caller named);
* a binary result that carries text;
* decoding that is not lossless: for a byte-transparent codec, the decoded original encodes
  back (``surrogateescape``) to exactly the input, so nothing was silently replaced (files
  detected as "mixed" UTF-8 are exempt: their bad lines are decoded in a fallback code page);
* ``Repair.original`` not being the input text, or clean printable ASCII being changed.

This module imports without atheris (``tests/test_fuzz.py`` replays ``tests/regressions``
through :func:`test_one_input`); run as a script, it instruments mojifix's modules as it
imports them and starts libFuzzer.
"""

from __future__ import annotations

import codecs
import os
import sys

if __name__ == "__main__":  # instrument mojifix (only) for coverage feedback
    import atheris
    from _targets import load_all  # this folder is on sys.path when run as a script

    with atheris.instrument_imports(include=["mojifix"]):
        import mojifix
        from mojifix.model import MojifixError

        load_all(mojifix)  # the package imports its engine lazily: load it here, instrumented
else:  # imported by tests/test_fuzz.py: no atheris needed
    import mojifix
    from mojifix.model import MojifixError

MAX_INPUT = int(os.environ.get("MOJIFIX_FUZZ_MAX", "4096"))
ENCODINGS = ("utf-8", "cp1252", "latin-1", "cp1251", "gbk", "shift_jis", "utf-16", "big5")
BYTE_TRANSPARENT = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "iso8859-1", "cp1251", "ascii")

# Open bugs, reported and pinned by strict-xfail regression tests in tests/regressions/: the
# smoke run in tests/test_fuzz.py sets MOJIFIX_FUZZ_IGNORE_KNOWN=1 so that finding one again
# does not fail the suite; a long run (fuzz/README.md) reports them like any other crash.
# Entries are (exception type, text in its message).  None open for this target now.
KNOWN_BUGS: tuple[tuple[type[BaseException], str], ...] = ()


def known(exc: BaseException, bugs: tuple[tuple[type[BaseException], str], ...]) -> bool:
    if os.environ.get("MOJIFIX_FUZZ_IGNORE_KNOWN") != "1":
        return False
    return any(isinstance(exc, kind) and text in str(exc) for kind, text in bugs)


def _check_bytes(data: bytes, encoding: str | None) -> None:
    try:
        result = mojifix.repair_bytes(data, encoding)
    except MojifixError:
        if encoding is None:
            raise
        return
    if result.binary:
        assert result.text == "" and result.original == "", "binary result carries text"
        return
    assert result.encoding is not None
    detection = result.detection
    assert detection is not None
    name = codecs.lookup(result.encoding).name
    if detection.fallback is not None or name not in BYTE_TRANSPARENT:
        return
    back = result.original.encode(name, "surrogateescape")  # line breaks are kept as read
    if name == "utf-8-sig" and not back.startswith(codecs.BOM_UTF8):
        back = codecs.BOM_UTF8 + back
    assert back == data, f"decode not lossless for {name}: {data!r}"


def _check_text(text: str) -> None:
    result = mojifix.repair_text(text)
    assert result.original == text
    assert isinstance(result.text, str)
    if text.isascii() and text.isprintable():
        assert result.text == text, f"clean ASCII changed: {text!r} -> {result.text!r}"


def test_one_input(data: bytes) -> None:
    data = data[:MAX_INPUT]
    if not data:
        return
    selector, body = data[0], data[1:]
    mode = selector % 4
    try:
        if mode == 0:
            _check_bytes(body, None)
        elif mode == 1:
            _check_bytes(body, ENCODINGS[(selector >> 2) % len(ENCODINGS)])
        elif mode == 2:
            if len(body) % 2 == 0:
                text = body.decode("utf-16-le", "surrogatepass")
            else:
                text = body.decode("latin-1")
            _check_text(text)
        else:
            _check_text(body.decode("utf-8", "surrogateescape"))
    except Exception as exc:
        if not known(exc, KNOWN_BUGS):
            raise


def main() -> None:
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
