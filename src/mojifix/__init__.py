"""mojifix: find out how text was mis-decoded, and undo it.

The public API is three functions and the values they return::

    >>> import mojifix
    >>> mojifix.fix_text("rÃ©sumÃ©")
    'résumé'

Importing this package has no side effects: no codec is registered, no file is read and nothing
is printed.  The engine itself is imported on first use, so that ``mojifix --version`` and a
pre-commit run on a file with nothing to do pay only for what they need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mojifix.api import fix_text, repair_bytes, repair_text
    from mojifix.model import Change, Detection, Kind, MojifixError, Options, Repair

_HOMES = {
    "fix_text": "mojifix.api",
    "repair_text": "mojifix.api",
    "repair_bytes": "mojifix.api",
    "Change": "mojifix.model",
    "Detection": "mojifix.model",
    "Kind": "mojifix.model",
    "MojifixError": "mojifix.model",
    "Options": "mojifix.model",
    "Repair": "mojifix.model",
}

__all__ = [
    "Change",
    "Detection",
    "Kind",
    "MojifixError",
    "Options",
    "Repair",
    "__version__",
    "fix_text",
    "repair_bytes",
    "repair_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mojifix' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
