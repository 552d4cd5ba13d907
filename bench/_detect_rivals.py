"""Run the other detectors the way their users call them, for comparison in the same process."""

from __future__ import annotations

from _detect_corpus import Decoder, Detector, codec_decoder, lookup


def charset_normalizer_detector(data: bytes) -> Decoder:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return codec_decoder(lookup(best.encoding) if best is not None else None)


def chardet_detector(data: bytes) -> Decoder:
    import chardet

    return codec_decoder(lookup(chardet.detect(data, compat_names=False)["encoding"]))


def cchardet_detector(data: bytes) -> Decoder:
    import cchardet

    return codec_decoder(lookup(cchardet.detect(data)["encoding"]))


def chardetng_detector(data: bytes) -> Decoder:
    import chardetng_py

    return codec_decoder(lookup(chardetng_py.detect(data, allow_utf8=True)))


def available() -> dict[str, Detector]:
    """Name → detector for every rival whose package is installed."""
    found: dict[str, Detector] = {}
    for name, module, det in (
        ("charset-normalizer", "charset_normalizer", charset_normalizer_detector),
        ("chardet", "chardet", chardet_detector),
        ("cchardet", "cchardet", cchardet_detector),
        ("chardetng", "chardetng_py", chardetng_detector),
    ):
        try:
            __import__(module)
        except ImportError:
            continue
        found[name] = det
    return found
