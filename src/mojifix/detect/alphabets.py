"""Which letters each written language uses, beyond plain ASCII.

This is the detector's language knowledge, written by hand from the languages' orthographies
(not measured on any corpus).  A wrong single-byte code page swaps one accented letter for
another: Estonian ``š`` read as ISO-8859-13 becomes ``Ø``, Romanian ``ț`` read as ISO-8859-2
becomes ``ţ`` or worse, and KOI8-R read as cp1251 still gives Cyrillic letters, but in the wrong
case.  Real text nearly always uses the letters of one language, so "how many letters of this
decode fit no single alphabet" is strong evidence against it, and it works on a 64-byte prefix
where statistical models have too little to go on.

Only lower-case letters are listed; upper case is derived.  Scripts written by one family of
languages with no competing code page for the same script (Greek, Hebrew, Arabic, Thai,
Armenian, Georgian) are listed as whole Unicode blocks.
"""

from __future__ import annotations

_RU = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"

# Non-ASCII lower-case letters per language.  Loanword letters (``é`` in English "café") are
# left out on purpose: one stray letter costs little, a pattern of them costs much.
LATIN: dict[str, str] = {
    "en": "",
    "id": "",
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "pt": "áâãàçéêíóôõúü",
    "it": "àèéìíîòóùú",
    "ca": "àçéèíïóòúü·",
    "gl": "áéíñóúü",
    "eu": "ñ",
    "nl": "éëïóöüèáêô",
    "af": "éèêëîïôûŉ",
    "lb": "äéë",
    "fy": "âêéôûú",
    "da": "æøåé",
    "no": "æøåéóòô",
    "sv": "åäöé",
    "fi": "äöåšž",
    "is": "áðéíóúýþæö",
    "fo": "áðíóúýæø",
    "et": "äöõüšž",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "sl": "čšžćđ",
    "hr": "čćđšž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "tr": "çğıöşüâîûİ",
    "az": "çəğıöşüİ",
    "ku": "çêîûş",
    "sq": "çë",
    "mt": "ċġħżàèìòù",
    "eo": "ĉĝĥĵŝŭ",
    "cy": "âêîôûŵŷäëïöüáéíóúẃỳàèìòù",
    "ga": "áéíóú",
    "gd": "àèìòù",
    "br": "âêñùü",
    "se": "áčđŋšŧž",
    "tl": "ñ",
    # Vietnamese: precomposed letters, plus the combining tone marks that cp1258 produces.
    "vi": "àáâãèéêìíòóôõùúýăđĩũơư"
    + "".join(chr(c) for c in range(0x1EA1, 0x1EFA, 2))
    + "\u0300\u0301\u0303\u0309\u0323",
}

CYRILLIC: dict[str, str] = {
    "ru": _RU,
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "kk": _RU + "әғқңөұүһі",
    "tg": _RU + "ғӣқӯҳҷ",
    "ky": _RU + "ңөү",
    "mn": _RU + "өү",
    "tt": _RU + "әөүҗңһ",
    "uz": _RU + "ўқғҳ",
    # Russian is quoted in the texts of every other Cyrillic language of the former USSR.
    "ru+uk": _RU + "ґєії",
    "ru+be": _RU + "іў",
}

# Scripts used by one group of languages: any letter of the block fits.
BLOCKS: dict[str, tuple[int, int]] = {
    "el": (0x0370, 0x03FF),
    "he": (0x0590, 0x05FF),
    "ar": (0x0600, 0x06FF),
    "th": (0x0E00, 0x0E7F),
    "hy": (0x0530, 0x058F),
    "ka": (0x10A0, 0x10FF),
}


def _both_cases(letters: str) -> frozenset[str]:
    return frozenset(letters) | frozenset(ch.upper() for ch in letters if len(ch.upper()) == 1)


ALPHABETS: dict[str, frozenset[str]] = {
    code: _both_cases(letters) for code, letters in {**LATIN, **CYRILLIC}.items()
}
"""Language code → every non-ASCII letter (both cases) its orthography uses."""


def block_language(ch: str) -> str | None:
    """Return the language whose whole block holds ``ch`` (Greek, Hebrew…), if any."""
    cp = ord(ch)
    for code, (lo, hi) in BLOCKS.items():
        if lo <= cp <= hi:
            return code
    return None
