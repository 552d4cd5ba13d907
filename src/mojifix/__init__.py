"""mojifix: find out how text was mis-decoded, and undo it.

The public API is three functions and the values they return::

    >>> import mojifix
    >>> mojifix.fix_text("rÃ©sumÃ©")
    'résumé'

Importing this package has no side effects: no codec is registered, no file is read and nothing
is printed.
"""

from __future__ import annotations

from mojifix.api import fix_text, repair_bytes, repair_text
from mojifix.model import Change, Detection, Kind, MojifixError, Options, Repair

__version__ = "0.1.0"

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
