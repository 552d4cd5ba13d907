"""``mojifix explain``: each repair with line:col, kind, before → after and its story."""

from __future__ import annotations

import json


def test_explain_argument(mojifix) -> None:
    result = mojifix(["explain", "ok\nthe cafÃ©"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == '2:8: mojibake: "Ã©" → "é"'
    assert lines[1].startswith("    ") and len(lines[1].strip()) > 5


def test_invisible_characters_spelled_out(mojifix) -> None:
    result = mojifix(["explain", "The Canadian聽military"])  # C2 A0 read as GBK
    assert result.exit_code == 0
    assert '1:13: mojibake: "聽" → "<NBSP>"' in result.stdout
    assert "\u00a0" not in result.stdout


def test_explain_stdin_and_json(mojifix) -> None:
    result = mojifix(["explain", "--json"], input="the cafÃ©\n".encode())
    record = json.loads(result.stdout)
    assert record["text"] == "the café\n" and record["encoding"] == "utf-8"
    (change,) = record["changes"]
    assert (change["line"], change["column"], change["before"], change["after"]) == (
        1,
        8,
        "Ã©",
        "é",
    )
    assert change["kind"] == "mojibake" and change["explanation"]


def test_nothing_to_repair(mojifix) -> None:
    result = mojifix(["explain", "all good"])
    assert result.exit_code == 0 and result.stdout == "nothing to repair\n"


def test_style_option_is_explained(mojifix) -> None:
    result = mojifix(["explain", "--uncurl-quotes", "“hi”"])
    assert ": normalize: " in result.stdout
