"""What both fuzz targets need before atheris starts: every mojifix module imported now.

Coverage feedback only comes from modules imported inside ``atheris.instrument_imports``; the
package and the CLI import most of their modules lazily, so the targets load them all first.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def load_all(package: ModuleType) -> None:
    """Import every module of ``package`` now (inside ``instrument_imports``), not lazily."""
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
