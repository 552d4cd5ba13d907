"""``mojifix detect``: table on a terminal, plain lines when piped, JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

RUSSIAN = "Москва — столица России. Сегодня в городе прошёл сильный дождь.\n" * 3


def sample_tree(root: Path) -> None:
    (root / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (root / "moji.txt").write_bytes("the cafÃ©\r\nand naÃ¯ve\r\n".encode())
    (root / "bom.txt").write_bytes("\ufeffhello\n".encode())
    (root / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def test_json_per_file(mojifix, tmp_path: Path) -> None:
    sample_tree(tmp_path)
    result = mojifix(["detect", "--json", str(tmp_path)])
    assert result.exit_code == 0
    records = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert list(records) == ["bom.txt", "moji.txt", "pic.png", "ru.txt"]
    moji = records["moji.txt"]
    assert moji["encoding"] == "utf-8" and moji["binary"] is False
    assert moji["newline"] == "CRLF" and moji["bom"] is False and moji["repairs"] == 2
    assert records["bom.txt"]["bom"] is True and records["bom.txt"]["encoding"] == "utf-8-sig"
    assert records["pic.png"]["binary"] is True and records["pic.png"]["newline"] is None
    ru = records["ru.txt"]
    assert ru["encoding"] == "cp1251" and 0 < ru["confidence"] <= 1 and ru["repairs"] == 0
    assert isinstance(ru["alternatives"], list)
    for alternative in ru["alternatives"]:
        assert set(alternative) == {"encoding", "confidence"}


def test_plain_lines_when_piped(mojifix, tmp_path: Path) -> None:
    sample_tree(tmp_path)
    result = mojifix(["detect", str(tmp_path)])
    lines = result.stdout.splitlines()
    assert (
        lines[1] == f"{tmp_path / 'moji.txt'}: utf-8, confidence 1.00, text, CRLF line endings, "
        "no BOM, 2 repairs"
    )
    assert lines[2] == f"{tmp_path / 'pic.png'}: -, confidence 1.00, binary"
    assert lines[0].endswith(", text, LF line endings, BOM, 0 repairs")


def test_table_on_a_terminal(mojifix, tmp_path: Path) -> None:
    sample_tree(tmp_path)
    result = mojifix(["detect", "--color", str(tmp_path)])
    assert (
        "encoding" in result.stdout and "confidence" in result.stdout and "repairs" in result.stdout
    )
    assert "cp1251" in result.stdout and "binary" in result.stdout


def test_stdin(mojifix) -> None:
    result = mojifix(["detect", "--json"], input="the cafÃ©\n".encode())
    record = json.loads(result.stdout)
    assert record["path"] == "-" and record["repairs"] == 1 and record["newline"] == "LF"


def test_missing_file_exit_123(mojifix, tmp_path: Path) -> None:
    result = mojifix(["detect", str(tmp_path / "nope")])
    assert result.exit_code == 123
    assert "no such file" in result.stderr


def test_detect_never_writes(mojifix, tmp_path: Path) -> None:
    sample_tree(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    mojifix(["detect", str(tmp_path)])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
