"""Spelling out invisible characters: the whole-string shortcut agrees with spelling each one."""

from __future__ import annotations

from mojifix.sinks.visible import parts, visible

SPECIALS = "\u00a0\u00ad\u034f\u061c\u180e\u2007\u200b\u200d\u2028\u202f\u3000\ufeff\t\n\r\x1b"


def _one_by_one(text: str) -> str:
    return "".join(shown for shown, _ in parts(text))


def test_visible_spells_what_each_character_would_spell() -> None:
    for text in ("", "plain ASCII", "résumé — “quoted”", "a\u034fb", "x\udce9y", SPECIALS):
        assert visible(text) == _one_by_one(text)
    assert visible("a\u034fb") == "a<CGJ>b"  # printable to Python, yet spelled out
    for start in range(0, 0x3100, 0x80):  # Latin, controls, marks, punctuation, spaces, CJK
        text = "".join(chr(code) for code in range(start, start + 0x80))
        assert visible(text) == _one_by_one(text)
