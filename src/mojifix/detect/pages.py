"""Facts about legacy code pages: which are common, which languages use them, which nest.

Data only, written from the code pages' definitions.  Names are Python codec names as
``codecs.lookup(...).name`` spells them.
"""

from __future__ import annotations

# A small preference, in log-odds units, for the code pages most text was written in, and for
# the narrowest member of a superset chain (gb2312 ⊂ gbk ⊂ gb18030): when two decodes are
# equally plausible, the common or narrower code page is the better bet.  Pages not listed
# get 0.
PRIOR: dict[str, float] = {
    "cp1252": 0.6,
    "iso8859-1": 0.5,
    "cp1250": 0.5,
    "cp1251": 0.6,
    "cp1253": 0.4,
    "cp1254": 0.4,
    "cp1255": 0.4,
    "cp1256": 0.4,
    "cp1257": 0.4,
    "cp1258": 0.3,
    "cp874": 0.4,
    "tis-620": 0.3,
    "iso8859-2": 0.4,
    "iso8859-5": 0.3,
    "iso8859-7": 0.4,
    "iso8859-9": 0.3,
    "iso8859-15": 0.3,
    "koi8-r": 0.4,
    "cp866": 0.3,
    "gb2312": 0.7,
    "gbk": 0.6,
    "gb18030": 0.4,
    "big5": 0.7,
    "cp950": 0.6,
    "big5hkscs": 0.4,
    "shift_jis": 0.7,
    "cp932": 0.6,
    "euc_jp": 0.6,
    "euc_kr": 0.7,
    "cp949": 0.6,
}

# Code pages written for each language, for the ``language`` hint.
LANGUAGE_PAGES: dict[str, tuple[str, ...]] = {
    "en": ("cp1252", "iso8859-1", "mac-roman", "cp437"),
    "de": ("cp1252", "iso8859-1", "iso8859-15", "mac-roman", "cp850"),
    "fr": ("cp1252", "iso8859-1", "iso8859-15", "mac-roman", "cp850"),
    "es": ("cp1252", "iso8859-1", "iso8859-15", "mac-roman", "cp850"),
    "pt": ("cp1252", "iso8859-1", "cp860", "mac-roman"),
    "it": ("cp1252", "iso8859-1", "mac-roman", "cp850"),
    "nl": ("cp1252", "iso8859-1", "mac-roman"),
    "da": ("cp1252", "iso8859-1", "iso8859-15", "cp865"),
    "no": ("cp1252", "iso8859-1", "cp865"),
    "sv": ("cp1252", "iso8859-1", "cp850"),
    "fi": ("cp1252", "iso8859-1", "iso8859-15"),
    "is": ("cp1252", "iso8859-1", "cp861", "mac-iceland"),
    "et": ("cp1257", "iso8859-13", "iso8859-15", "iso8859-4"),
    "lv": ("cp1257", "iso8859-13", "iso8859-4"),
    "lt": ("cp1257", "iso8859-13", "iso8859-4", "cp775"),
    "pl": ("cp1250", "iso8859-2", "cp852", "mac-latin2"),
    "cs": ("cp1250", "iso8859-2", "cp852", "mac-latin2"),
    "sk": ("cp1250", "iso8859-2", "cp852", "mac-latin2"),
    "sl": ("cp1250", "iso8859-2", "cp852"),
    "hr": ("cp1250", "iso8859-2", "cp852"),
    "hu": ("cp1250", "iso8859-2", "cp852"),
    "ro": ("cp1250", "iso8859-2", "iso8859-16"),
    "tr": ("cp1254", "iso8859-9", "cp857", "mac-turkish"),
    "vi": ("cp1258",),
    "ru": ("cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic"),
    "uk": ("cp1251", "koi8-u", "cp1125", "mac-cyrillic"),
    "be": ("cp1251", "cp866", "koi8-r"),
    "bg": ("cp1251", "iso8859-5", "cp866", "mac-cyrillic"),
    "sr": ("cp1251", "iso8859-5", "cp855", "mac-cyrillic"),
    "mk": ("cp1251", "iso8859-5", "cp855", "mac-cyrillic"),
    "kk": ("kz1048", "ptcp154", "cp1251"),
    "el": ("cp1253", "iso8859-7", "cp737", "cp869", "mac-greek"),
    "he": ("cp1255", "iso8859-8", "cp862"),
    "ar": ("cp1256", "iso8859-6", "cp720"),
    "fa": ("cp1256",),
    "th": ("cp874", "tis-620"),
    "zh": ("gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs", "hz"),
    "ja": ("shift_jis", "cp932", "euc_jp", "iso2022_jp"),
    "ko": ("euc_kr", "cp949", "johab", "iso2022_kr"),
}

# Stateful 7-bit encodings: valid ASCII bytes that mean something else.  They are recognised
# by their escape sequences, never by statistics.
ESCAPED: tuple[tuple[bytes, str], ...] = (
    (b"\x1b$B", "iso2022_jp"),
    (b"\x1b$@", "iso2022_jp"),
    (b"\x1b$(D", "iso2022_jp_2"),
    (b"\x1b$)C", "iso2022_kr"),
    (b"~{", "hz"),
)

# Superset chains: each member decodes everything the narrower ones do, mostly to the same
# text.  A detector's confidence in one member is confidence in the chain; which member
# speaks for it is then settled by the text checks and PRIOR (the narrowest that decodes).
CHAIN: dict[str, str] = {
    "gb2312": "gb",
    "gbk": "gb",
    "gb18030": "gb",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
    "shift_jis": "sjis",
    "cp932": "sjis",
    "shift_jis_2004": "sjis",
    "shift_jisx0213": "sjis",
    "euc_jp": "eucjp",
    "euc_jis_2004": "eucjp",
    "euc_jisx0213": "eucjp",
    "euc_kr": "kr",
    "cp949": "kr",
    "tis-620": "thai",
    "iso8859-11": "thai",
    "cp874": "thai",
}
