"""Build a held-out detection set from text that never went near the detection corpus.

The clean text comes from the gettext catalogs installed on the machine
(``/usr/share/locale/<lang>/LC_MESSAGES/*.mo``): real sentences written by translators in
dozens of languages.  Each language's text is encoded in the code pages that language is
written in, plus Unicode forms, a mixed UTF-8/cp1252 file and some binary data.  With no
catalogs installed the set holds only the Unicode, mixed and binary samples.
"""

from __future__ import annotations

import gettext
import gzip
import io
import zipfile
from pathlib import Path

from _detect_corpus import Sample

LOCALES = Path("/usr/share/locale")

# Language → code pages to encode its text in, and the benchmark family of each page.
PAGES: dict[str, tuple[str, ...]] = {
    "de": ("cp1252", "iso8859-15", "mac-roman", "cp850"),
    "fr": ("cp1252", "iso8859-1", "mac-roman"),
    "es": ("cp1252", "iso8859-1", "cp850"),
    "pt": ("cp1252", "iso8859-1"),
    "it": ("cp1252", "iso8859-1"),
    "da": ("cp1252", "iso8859-15"),
    "sv": ("cp1252", "iso8859-1"),
    "fi": ("cp1252", "iso8859-15"),
    "is": ("cp1252", "mac-iceland"),
    "pl": ("cp1250", "iso8859-2", "cp852"),
    "cs": ("cp1250", "iso8859-2"),
    "sk": ("cp1250", "iso8859-2"),
    "hu": ("cp1250", "iso8859-2"),
    "hr": ("cp1250", "iso8859-2"),
    "sl": ("cp1250", "iso8859-2"),
    "ro": ("iso8859-16",),
    "ru": ("cp1251", "koi8-r", "iso8859-5", "cp866", "mac-cyrillic"),
    "uk": ("cp1251", "koi8-u"),
    "bg": ("cp1251", "iso8859-5"),
    "sr": ("cp1251", "iso8859-5"),
    "el": ("cp1253", "iso8859-7"),
    "tr": ("cp1254", "iso8859-9"),
    "lt": ("cp1257", "iso8859-13"),
    "lv": ("cp1257", "iso8859-13"),
    "et": ("cp1257", "iso8859-15"),
    "vi": ("cp1258",),
    "he": ("cp1255", "iso8859-8"),
    "ar": ("cp1256",),
    "th": ("cp874", "tis-620"),
    "zh_CN": ("gb2312", "gb18030"),
    "zh_TW": ("big5",),
    "ja": ("shift_jis", "euc_jp"),
    "ko": ("euc_kr",),
}

FAMILY = {
    **dict.fromkeys(("cp1252", "iso8859-1", "iso8859-15"), "Western"),
    **dict.fromkeys(("cp1250", "iso8859-2", "iso8859-16"), "Central European"),
    **dict.fromkeys(("cp1251", "koi8-r", "koi8-u", "iso8859-5"), "Cyrillic"),
    **dict.fromkeys(("cp1253", "iso8859-7"), "Greek"),
    **dict.fromkeys(("cp1254", "iso8859-9"), "Turkish"),
    **dict.fromkeys(("cp1255", "iso8859-8"), "Hebrew"),
    **dict.fromkeys(("cp1256", "iso8859-6"), "Arabic"),
    **dict.fromkeys(("cp874", "tis-620"), "Thai"),
    **dict.fromkeys(("cp1257", "iso8859-13", "cp1258"), "Other Latin"),
    **dict.fromkeys(("gb2312", "gb18030"), "Chinese simplified"),
    "big5": "Chinese traditional",
    **dict.fromkeys(("shift_jis", "euc_jp"), "Japanese"),
    "euc_kr": "Korean",
}

# Typography that many code pages lack; replaced so that the text itself stays real.
_PLAIN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "…": "...", "–": "-"})
_PLAIN_MORE = str.maketrans({"«": '"', "»": '"', "—": "-", "\u00a0": " ", "•": "*"})


def catalog_text(lang: str, size: int, skip: int = 0) -> str:
    """Join translated messages of ``lang`` until about ``size`` characters."""
    folder = LOCALES / lang / "LC_MESSAGES"
    if not folder.is_dir():
        return ""
    lines: list[str] = []
    total = 0
    for mo in sorted(folder.glob("*.mo"))[skip:]:
        try:
            with mo.open("rb") as fh:
                catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError, Exception):
            continue
        for key, value in sorted(catalog.items(), key=lambda kv: str(kv[0])):
            if not key or not isinstance(value, str) or "%" in value or len(value) < 20:
                continue
            lines.append(value.replace("\n", " "))
            total += len(value)
            if total >= size:
                return "\n".join(lines) + "\n"
        if total >= size // 2:
            break
    return "\n".join(lines) + "\n" if lines else ""


def encode(text: str, codec: str) -> bytes | None:
    """Encode ``text`` in ``codec``, plainer punctuation first; None if it still fails."""
    for candidate in (text, text.translate(_PLAIN), text.translate(_PLAIN).translate(_PLAIN_MORE)):
        try:
            return candidate.encode(codec)
        except UnicodeEncodeError:
            continue
    return None


def binary_samples() -> list[bytes]:
    """Binary data made here: gzip, zip, a PNG header with data, random-ish bytes."""
    text = ("mojifix held-out binary sample " * 200).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", text)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    noise = bytes((i * 2654435761) % 251 for i in range(4096))
    return [gzip.compress(text), buf.getvalue(), png, noise]


def build() -> list[Sample]:
    """Return the held-out samples (language text in code pages, Unicode, mixed, binary)."""
    samples: list[Sample] = []
    english = catalog_text("de", 1500) or "Grüße aus Köln, schöne Straße.\n" * 40
    for lang, pages in PAGES.items():
        for part, size in ((0, 1500), (3, 400)):
            text = catalog_text(lang, size, skip=part)
            if not text:
                continue
            for codec in pages:
                data = encode(text, codec)
                if data is None or data.isascii():
                    continue
                family = FAMILY.get(codec, "DOS/Mac/other legacy")
                samples.append(Sample(f"heldout/{lang}/{part}.{codec}", data, codec, family))
            if part == 0:
                for codec in ("utf-8", "utf-16-le", "utf-16-be"):
                    family = "UTF-8" if codec == "utf-8" else "UTF-16/32"
                    samples.append(
                        Sample(f"heldout/{lang}/{codec}", text.encode(codec), codec, family)
                    )
    mixed = english.encode("utf-8") + "Größe: 3 µm – naïve café\n".encode("cp1252") * 3
    samples.append(Sample("heldout/mixed-utf8-cp1252", mixed, "mixed:cp1252", "Mixed"))
    for i, blob in enumerate(binary_samples()):
        samples.append(Sample(f"heldout/binary-{i}", blob, "binary", "Binary"))
    return samples
