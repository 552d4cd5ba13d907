"""Coverage-guided fuzz target for the CLI's standard-input path (``mojifix fix < input``).

Run (see fuzz/README.md)::

    python fuzz/fuzz_cli.py -runs=2000
    python fuzz/fuzz_cli.py -max_total_time=3600 fuzz/corpus/cli

The first input byte picks the mode: plain streaming, ``--check``, ``--json`` or
``--encoding cp1252``; the rest is standard input.  The CLI runs in this process (click's
``standalone_mode=False``) with standard input, output and error replaced by byte buffers.

What counts as a crash: any exception escaping the command (the user would see a traceback),
an exit code other than 0, 1 or 123, ``--json`` output that is not one JSON object, ``--check``
writing anything but findings, or a disagreement between the stream repairer and the file
repairer (``runner.fix_bytes``) on an input small enough for both to see it whole: when the
file repairer would write new bytes, the stream must print exactly those bytes; when it would
leave the file alone (unchanged, binary), the stream must print the input byte for byte.
(Not compared: "mixed" UTF-8 files, whose non-UTF-8 lines the file repairer decodes in a
fallback code page while the stream passes them through.)

This module imports without atheris (``tests/test_fuzz.py`` replays ``tests/regressions``
through :func:`test_one_input`); run as a script, it instruments mojifix's modules as it
imports them and starts libFuzzer.
"""

from __future__ import annotations

import io
import json
import os
import sys

import click

if __name__ == "__main__":  # instrument mojifix (only) for coverage feedback
    import atheris
    from _targets import load_all  # this folder is on sys.path when run as a script

    with atheris.instrument_imports(include=["mojifix"]):
        import mojifix
        from mojifix.cli import cli
        from mojifix.runner import Settings, Status, fix_bytes

        load_all(mojifix)  # the CLI imports most modules lazily: load them here, instrumented
else:  # imported by tests/test_fuzz.py: no atheris needed
    from mojifix.cli import cli
    from mojifix.runner import Settings, Status, fix_bytes

MAX_INPUT = int(os.environ.get("MOJIFIX_FUZZ_MAX", "4096"))
MODES = (
    ("stream", []),
    ("check", ["--check"]),
    ("json", ["--json"]),
    ("cp1252", ["--encoding", "cp1252"]),
)

# Open bugs pinned by strict-xfail regression tests (see fuzz_repair.KNOWN_BUGS).
KNOWN_BUGS: tuple[tuple[type[BaseException], str], ...] = ()


class _Std:
    """A text stream over a byte buffer, like ``sys.stdin``/``sys.stdout`` with ``.buffer``."""

    def __init__(self, data: bytes = b"") -> None:
        self.raw = io.BytesIO(data)
        self.stream = io.TextIOWrapper(
            self.raw, encoding="utf-8", errors="surrogateescape", write_through=True
        )

    def value(self) -> bytes:
        self.stream.flush()
        return self.raw.getvalue()


def run_cli(args: list[str], data: bytes) -> tuple[int, bytes, bytes]:
    """Run ``mojifix fix ARGS`` with ``data`` on standard input; return (code, out, err)."""
    stdin, stdout, stderr = _Std(data), _Std(), _Std()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin.stream, stdout.stream, stderr.stream
    try:
        code = cli.main(["fix", "--no-cache", *args], prog_name="mojifix", standalone_mode=False)
    except click.exceptions.Exit as exc:  # pragma: no cover - click returns it instead
        code = exc.exit_code
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return (0 if code is None else code), stdout.value(), stderr.value()


def check(mode: str, args: list[str], data: bytes) -> None:
    code, out, err = run_cli(args, data)
    assert code in (0, 1, 123), f"exit code {code}: {err!r}"
    if mode == "json":
        # JSON Lines are split at "\n" only: a record may hold U+2028 or U+0085 unescaped
        lines = out.decode("utf-8").rstrip("\n").split("\n")
        assert len(lines) == 1, out
        record = json.loads(lines[0])
        assert record["path"] == "-"
        assert record["written"] is False
        return
    if mode == "check":
        for line in out.decode("utf-8").rstrip("\n").split("\n") if out else ():
            assert line.startswith("-:"), line
        return
    if code == 123:
        return  # the stream stopped (a character the output encoding cannot hold)
    settings = Settings(encoding="cp1252" if mode == "cp1252" else None)
    fixed = fix_bytes(data, settings)
    detection = fixed.repair.detection if fixed.repair is not None else None
    if detection is not None and detection.mixed_lines:
        return
    if fixed.status is Status.CHANGED:
        assert out == fixed.output, (data, out, fixed.output)
    elif fixed.status is Status.UNCHANGED or (
        fixed.status is Status.SKIPPED and not fixed.reason.startswith("low confidence")
    ):
        assert out == data, (data, out)


def test_one_input(data: bytes) -> None:
    data = data[:MAX_INPUT]
    if not data:
        return
    mode, args = MODES[data[0] % len(MODES)]
    try:
        check(mode, args, data[1:])
    except Exception as exc:
        if os.environ.get("MOJIFIX_FUZZ_IGNORE_KNOWN") == "1" and any(
            isinstance(exc, kind) and text in str(exc) for kind, text in KNOWN_BUGS
        ):
            return
        raise


def main() -> None:
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
