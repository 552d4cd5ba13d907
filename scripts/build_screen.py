"""Write ``src/mojifix/repair/data/screen.json``: the marks the repair engine scans for.

Run after ``scripts/build_tables.py`` (the marks depend on its character frequencies) and
after any change to the code pages the engine knows::

    python scripts/build_screen.py

``tests/test_screen.py`` fails when the shipped file differs from what this would write.
"""

from __future__ import annotations

import json
from pathlib import Path

from mojifix.repair import screen

OUT = Path(__file__).resolve().parents[1] / "src" / "mojifix" / "repair" / "data" / screen.DATA


def render() -> str:
    """The file's exact text: stable key order, one mark per line, ASCII-safe."""
    return json.dumps(screen.build(), indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
