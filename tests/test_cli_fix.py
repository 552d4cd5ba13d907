"""``mojifix fix`` on real files: in place, --check, --diff, --json, and what must be kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROKEN = "the cafÃ© au lait\n"
FIXED = "the café au lait\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_stdin_to_stdout(mojifix) -> None:
    result = mojifix(["fix"], input=BROKEN.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == FIXED.encode()


def test_dash_means_stdin(mojifix) -> None:
    result = mojifix(["fix", "-"], input=BROKEN.encode())
    assert result.stdout_bytes == FIXED.encode()


def test_dash_mixed_with_paths_is_usage_error(mojifix, tmp_path: Path) -> None:
    result = mojifix(["fix", "-", str(write(tmp_path / "a.txt", "x"))])
    assert result.exit_code == 2


def test_in_place_repair_and_summary(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == FIXED
    assert "repaired" in result.stderr and "1 file repaired" in result.stderr


def test_folder_walked_recursively(mojifix, tmp_path: Path) -> None:
    deep = write(tmp_path / "a" / "b" / "c.md", BROKEN)
    top = write(tmp_path / "top.txt", BROKEN)
    assert mojifix(["fix", str(tmp_path)]).exit_code == 0
    assert deep.read_text(encoding="utf-8") == top.read_text(encoding="utf-8") == FIXED


def test_check_lists_findings_and_writes_nothing(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "fine\n" + BROKEN)
    clean = write(tmp_path / "b.txt", "fine\n")
    result = mojifix(["fix", "--check", str(target), str(clean)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "fine\n" + BROKEN
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f'{target}:2:8: mojibake: "Ã©" → "é" (')
    assert all(line.startswith(f"{target}:2:") for line in lines)
    assert "would repair" in result.stderr


def test_check_clean_exits_zero(mojifix, tmp_path: Path) -> None:
    clean = write(tmp_path / "b.txt", "fine\n")
    result = mojifix(["fix", "--check", str(clean)])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_check_on_stdin(mojifix) -> None:
    result = mojifix(["fix", "--check"], input=("ok\n" + BROKEN).encode())
    assert result.exit_code == 1
    assert result.stdout.startswith("-:2:8: mojibake:")
    assert result.stdout_bytes.count(b"\n") == len(result.stdout.splitlines())


def test_diff_is_plain_when_piped_and_writes_nothing(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "first\n" + BROKEN)
    result = mojifix(["fix", "--diff", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "first\n" + BROKEN
    name = str(target).lstrip("/")
    assert result.stdout == (
        f"--- a/{name}\n+++ b/{name}\n@@ -1,2 +1,2 @@\n first\n-{BROKEN}+{FIXED}"
    )
    assert "\x1b[" not in result.stdout


def test_diff_coloured_highlights_changed_and_invisible_characters(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "caf\u00c3\u00a9\u00a0ok\n")
    result = mojifix(["fix", "--diff", "--color", str(target)])
    assert result.exit_code == 1
    assert "\x1b[" in result.stdout
    assert "<NBSP>" in result.stdout
    assert "\u00a0" not in result.stdout


def test_no_color_env_forces_plain_diff(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", "--diff", str(target)], env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    assert result.stdout.endswith(f"-{BROKEN}+{FIXED}")


def test_diff_round_trips_through_git_apply(mojifix, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    files = {
        "crlf.txt": ("one\r\n" + BROKEN.replace("\n", "\r\n")).encode(),
        "bom.txt": ("\ufeff" + BROKEN).encode("utf-8"),
        "nofinal.txt": BROKEN.rstrip("\n").encode(),
        "sub/deep.txt": ("a\nb\nc\nd\ne\n" + BROKEN + "f\ng\nh\ni\nj\n" + BROKEN).encode(),
        "clean.txt": b"nothing to see\n",
    }
    for name, data in files.items():
        write(repo / name, data)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        diff = mojifix(["fix", "--diff", "."])
    finally:
        os.chdir(cwd)
    assert diff.exit_code == 1
    applied = subprocess.run(
        ["git", "apply", "-v", "-"], cwd=repo, input=diff.stdout_bytes, capture_output=True
    )
    assert applied.returncode == 0, applied.stderr.decode()
    patched = {name: (repo / name).read_bytes() for name in files}
    for name, data in files.items():
        write(repo / name, data)
    assert mojifix(["fix", str(repo)]).exit_code == 0
    assert {name: (repo / name).read_bytes() for name in files} == patched
    assert patched["crlf.txt"] == ("one\r\n" + FIXED.replace("\n", "\r\n")).encode()
    assert patched["bom.txt"] == ("\ufeff" + FIXED).encode()
    assert patched["nofinal.txt"] == FIXED.rstrip("\n").encode()


def test_json_one_object_per_file(mojifix, tmp_path: Path) -> None:
    broken = write(tmp_path / "a.txt", BROKEN)
    write(tmp_path / "b.bin", b"\x00\x01\x02binary\x00")
    write(tmp_path / "c.txt", "clean\n")
    result = mojifix(["fix", "--json", "--check", "--no-cache", str(tmp_path)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == ["a.txt", "b.bin", "c.txt"]
    first = records[0]
    assert first["status"] == "changed" and first["changed"] is True and first["written"] is False
    assert first["encoding"] == "utf-8" and first["confidence"] == 1.0
    change = first["changes"][0]
    assert (change["line"], change["column"], change["before"], change["after"]) == (
        1,
        8,
        "Ã©",
        "é",
    )
    assert change["kind"] == "mojibake" and change["explanation"]
    assert records[1]["status"] == "skipped" and records[1]["reason"] == "binary"
    assert records[2]["status"] == "unchanged" and records[2]["error"] is None
    assert broken.read_text(encoding="utf-8") == BROKEN


def test_json_with_diff_includes_the_patch(mojifix, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", "--json", "--diff", str(tmp_path / "a.txt")])
    record = json.loads(result.stdout)
    assert record["diff"].endswith(f"-{BROKEN}+{FIXED}")


def test_unchanged_file_is_not_rewritten(mojifix, tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.txt", "plain text, nothing wrong\n")
    os.utime(clean, ns=(1_000_000_000, 1_000_000_000))
    inode = clean.stat().st_ino
    assert mojifix(["fix", "--no-cache", str(clean)]).exit_code == 0
    assert clean.stat().st_mtime_ns == 1_000_000_000
    assert clean.stat().st_ino == inode


def test_mode_is_kept(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.sh", BROKEN)
    target.chmod(0o751)
    assert mojifix(["fix", str(target)]).exit_code == 0
    assert target.stat().st_mode & 0o7777 == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["a.sh"]  # no temporary file left


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            ("x\r\n" + BROKEN.replace("\n", "\r\n")).encode(),
            ("x\r\n" + FIXED.replace("\n", "\r\n")).encode(),
        ),
        (("x\r\n" + BROKEN + "y\r").encode(), ("x\r\n" + FIXED + "y\r").encode()),
        (BROKEN.rstrip("\n").encode(), FIXED.rstrip("\n").encode()),
        (("\ufeff" + BROKEN).encode(), ("\ufeff" + FIXED).encode()),
    ],
    ids=["crlf", "mixed", "no-final-newline", "utf8-bom"],
)
def test_keeps_what_was_not_asked_to_change(
    mojifix, tmp_path: Path, before: bytes, after: bytes
) -> None:
    target = write(tmp_path / "a.txt", before)
    assert mojifix(["fix", str(target)]).exit_code == 0
    assert target.read_bytes() == after


def test_remove_bom_on_request(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", ("\ufeff" + FIXED).encode())
    result = mojifix(["fix", "--remove-bom", "--check", str(target)])
    assert result.exit_code == 1
    assert "encoding: utf-8-sig (would be written as utf-8)" in result.stdout
    assert mojifix(["fix", "--remove-bom", str(target)]).exit_code == 0
    assert target.read_bytes() == FIXED.encode()


def test_legacy_file_converted_to_utf8(mojifix, tmp_path: Path) -> None:
    text = "Привет, мир! Это обычный русский текст в старой кодировке.\n" * 4
    target = write(tmp_path / "ru.txt", text.encode("cp1251"))
    result = mojifix(["fix", "--encoding", "cp1251", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == text.encode("utf-8")
    assert "cp1251 → utf-8" in result.stderr


def test_to_chooses_output_encoding(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    assert mojifix(["fix", "--to", "utf-16", str(target)]).exit_code == 0
    assert target.read_bytes() == b"\xff\xfe" + FIXED.encode("utf-16-le")


def test_to_that_cannot_represent_fails_without_writing(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "naïve ☃ snowman\n")
    result = mojifix(["fix", "--to", "latin-1", str(target)])
    assert result.exit_code == 123
    assert "U+2603" in result.stderr and str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "naïve ☃ snowman\n"


def test_keep_encoding_writes_back_in_source_encoding(mojifix, tmp_path: Path) -> None:
    text = "Le rÃ©sumÃ© du cafÃ©.\n"
    target = write(tmp_path / "a.txt", text.encode("cp1252"))
    result = mojifix(["fix", "--encoding", "cp1252", "--keep-encoding", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == "Le résumé du café.\n".encode("cp1252")


def test_keep_encoding_says_when_it_cannot(mojifix, tmp_path: Path) -> None:
    # UTF-8 "€" read as cp1252 and saved as cp1252; the repair needs "€", which latin-1 lacks
    target = write(tmp_path / "a.txt", "price: â‚¬5\n".encode("cp1252"))
    result = mojifix(["fix", "--encoding", "latin-1", "--keep-encoding", str(target)])
    before = "price: â‚¬5\n".encode("cp1252")
    assert target.read_bytes() == before
    assert result.exit_code == 123
    assert "cannot be kept as iso8859-1: U+20AC at line 1, column 8" in result.stderr


def test_to_and_keep_encoding_conflict(mojifix, tmp_path: Path) -> None:
    result = mojifix(["fix", "--to", "utf-8", "--keep-encoding", str(tmp_path)])
    assert result.exit_code == 2


def test_unknown_encoding_is_usage_error(mojifix, tmp_path: Path) -> None:
    assert mojifix(["fix", "--encoding", "klingon", str(tmp_path)]).exit_code == 2
    assert mojifix(["fix", "--to", "klingon", str(tmp_path)]).exit_code == 2


def test_backup_keeps_the_original(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", BROKEN)
    target.chmod(0o640)
    clean = write(tmp_path / "b.txt", "clean\n")
    assert mojifix(["fix", "--backup", ".orig", str(tmp_path)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == FIXED
    backup = tmp_path / "a.txt.orig"
    assert backup.read_text(encoding="utf-8") == BROKEN
    assert backup.stat().st_mode & 0o777 == 0o640
    assert not (tmp_path / "b.txt.orig").exists() and clean.exists()


def test_binary_file_never_touched(mojifix, tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "cafÃ©".encode() + b"\x00" * 8
    target = write(tmp_path / "image.txt", data)  # the name says text; the content does not
    result = mojifix(["fix", "-v", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == data
    assert "binary" in result.stderr


def test_undecodable_bytes_are_never_written(mojifix, tmp_path: Path) -> None:
    data = BROKEN.encode() + b"bad \xff\xfe byte\n"
    target = write(tmp_path / "a.txt", data)
    result = mojifix(["fix", "--encoding", "utf-8", str(target)])
    assert result.exit_code == 123
    assert target.read_bytes() == data
    assert (
        f"error: {target}: 2 byte(s) are not valid utf-8 (first at line 2, column 5)"
        in result.stderr
    )


def test_low_confidence_is_reported_not_acted_on(mojifix, tmp_path: Path, monkeypatch) -> None:
    import mojifix.api as api  # the runner imports the engine's entry point from here
    from mojifix.api import repair_bytes

    def unsure(data, encoding=None, **kw):  # type: ignore[no-untyped-def]
        from dataclasses import replace

        return replace(repair_bytes(data, "cp1252", **kw), confidence=0.2)

    monkeypatch.setattr(api, "repair_bytes", unsure)
    target = write(tmp_path / "a.txt", "d\xe9j\xe0 vu\n".encode("latin-1"))
    result = mojifix(["fix", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == "d\xe9j\xe0 vu\n".encode("latin-1")
    assert "low confidence: looks like cp1252 (0.20)" in result.stderr
    assert "1 skipped (1 low confidence)" in result.stderr
    result = mojifix(["fix", "--accept-low-confidence", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == "déjà vu\n"


def test_style_options_are_opt_in(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "“quoted” ﬁne\n")
    assert mojifix(["fix", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == "“quoted” ﬁne\n"
    result = mojifix(["fix", "--uncurl-quotes", "--fix-ligatures", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == '"quoted" fine\n'


def test_quiet_prints_nothing_on_success(mojifix, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BROKEN)
    result = mojifix(["fix", "-q", str(tmp_path)])
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""


def test_verbose_names_unchanged_and_skipped_files(mojifix, tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", "clean\n")
    write(tmp_path / "x.bin", b"\x00\x01")
    result = mojifix(["fix", "-v", str(tmp_path)])
    assert f"unchanged {tmp_path / 'clean.txt'}" in result.stderr
    assert f"skipped {tmp_path / 'x.bin'}: binary" in result.stderr


def test_markup_in_file_names_prints_as_itself(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "[bold]x:smile:.txt", BROKEN)
    result = mojifix(["fix", "--check", "--color", str(target)])
    assert f"{target}:1:8:" in result.stdout
    assert "😄" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["fix"], ["detect"], ["explain"], []])
def test_version_and_help_everywhere(mojifix, command: list[str]) -> None:
    from mojifix import __version__

    assert __version__ in mojifix([*command, "--version"]).stdout
    assert "Usage:" in mojifix([*command, "--help"]).stdout


def test_main_module_runs(tmp_path: Path) -> None:
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mojifix", "fix"], input=BROKEN.encode(), capture_output=True
    )
    assert done.returncode == 0 and done.stdout == FIXED.encode()


def test_check_lists_unrecoverable_damage_every_time(mojifix, tmp_path: Path) -> None:
    target = write(tmp_path / "a.txt", "name: 锟斤拷锟斤拷\nok\n")  # U+FFFD twice, read as GBK
    for _ in range(2):  # the second run must not hide it behind the cache
        result = mojifix(["fix", "--check", str(target)])
        assert result.exit_code == 0  # reported, but nothing would change
        assert result.stdout.startswith(f'{target}:1:7: unrecoverable: "锟斤拷')
    assert target.read_text(encoding="utf-8") == "name: 锟斤拷锟斤拷\nok\n"
