"""Read the charset a file declares for itself: XML prolog, HTML ``<meta>``, CSS, PEP 263.

A declaration is what the author's tools said they wrote.  It is often right and sometimes
stale (a page re-saved in another encoding keeps its old ``<meta>``), so it counts as strong
evidence, not as proof: the bytes must decode in the declared code page, and the text checks
and the statistical model can still overrule it.
"""

from __future__ import annotations

import codecs
import re

HEAD = 4096  # declarations sit at the top of a file

_PATTERNS = (
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']", re.I),
    re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I),
    re.compile(rb"@charset\s+[\"']([A-Za-z0-9._:-]{1,40})[\"']", re.I),
)
# PEP 263: a comment on one of the first two lines.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]{1,40})", re.M)

# Labels that name Unicode forms say nothing about a legacy code page.
_UNICODE = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-7", "ascii"})


def declared_charset(data: bytes) -> str | None:
    """Return the Python codec name of the legacy charset ``data`` declares, if any."""
    head = data[:HEAD]
    found = None
    for pattern in _PATTERNS:
        match = pattern.search(head)
        if match:
            found = match.group(1)
            break
    if found is None:
        first_two = b"\n".join(head.split(b"\n", 2)[:2])
        match = _CODING.search(first_two)
        if match:
            found = match.group(1)
    if found is None:
        return None
    label = found.decode("ascii", errors="replace").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name in _UNICODE else name
