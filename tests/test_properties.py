"""Properties of the engine and of ``mojifix fix``, checked by hypothesis over arbitrary input.

A tool that rewrites files in place must be trusted like a version-control system, so these
tests state what must hold for *every* input, not for a few hand-picked ones:

* ``repair_bytes`` / ``repair_text`` never raise (random bytes, any code point including lone
  surrogates, NULs and control characters, mixed encodings, long lines);
* repairing is idempotent on realistic input;
* clean text comes back identical, and a clean file is not rewritten (same bytes, same mtime);
* bytes that do not decode are never silently replaced: the file is reported and left alone;
* generated mojibake of clean corpus lines (``bench/mangle.py``, the accuracy benchmark's own
  generators) is repaired exactly, for the damage families the engine handles reliably; the
  other families are measured and recorded, not asserted.

Runs are derandomised (the same examples on every run, so a red CI is reproducible) and small.
``MOJIFIX_HYPOTHESIS=thorough pytest tests/test_properties.py`` runs random, larger searches.
Inputs where a property is known to fail are pinned as ``xfail(strict=True)`` examples with
the bug they show; once the engine is fixed they XPASS and the mark must go.
"""

from __future__ import annotations

import codecs
import importlib
import os
import random
import sys
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import mojifix
from mojifix.runner import Settings, Status, fix_bytes

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # ``bench`` is a top-level folder of the repo, not installed
    sys.path.insert(0, str(REPO))

accuracy: ModuleType = importlib.import_module("bench.accuracy")
mangle: ModuleType = importlib.import_module("bench.mangle")

THOROUGH = os.environ.get("MOJIFIX_HYPOTHESIS") == "thorough"


def budget(examples: int) -> settings:
    """Hypothesis settings: ``examples`` in CI (derandomised), 20x that and random if thorough."""
    return settings(
        max_examples=examples * 20 if THOROUGH else examples,
        deadline=None,
        derandomize=not THOROUGH,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@cache
def corpus_lines() -> dict[str, list[str]]:
    """Every clean corpus line, dev and heldout, by language."""
    lines: dict[str, list[str]] = {}
    for split in accuracy.SPLITS:
        for language, group in accuracy.load_corpus(split).items():
            lines.setdefault(language, []).extend(group)
    return lines


@cache
def all_clean_lines() -> list[str]:
    return [line for group in corpus_lines().values() for line in group]


@cache
def negative_lines() -> list[str]:
    return [line for split in accuracy.SPLITS for line in accuracy.load_negatives(split)]


@cache
def corpus_words() -> dict[str, list[str]]:
    """Words of each language's clean lines (scripts without spaces give whole phrases)."""
    return {
        language: sorted({w for line in group for w in line.split() if w})
        for language, group in corpus_lines().items()
    }


# Any code point: lone surrogates, NUL, C0/C1 controls, BOM, zero-width and private-use ones.
ANY_CHAR = st.one_of(
    st.characters(codec=None),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from(list("\x00\x01\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\xa0\xad\u200b\u200d\u2028")),
    st.sampled_from(list("\ufeff\ufffd\ufffe\U0010ffff\U000e0001\r\n\t")),
    # what mojibake is made of, so the engine's repair paths are exercised too
    st.sampled_from(list("ÃÂâ€™œ©¦ÐÑÑ€Ð¸Ã©Ã¨Ã¶ãƒ¼é‡Žè¯´ç»“")),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=200)
CODECS = ("utf-8", "utf-16", "cp1252", "latin-1", "cp1251", "koi8-r", "gbk", "big5", "shift_jis")


@st.composite
def mixed_encodings(draw: st.DrawFn) -> bytes:
    """Pieces of text, each encoded in a codec of its own, glued together."""
    pieces = draw(
        st.lists(
            st.tuples(
                st.sampled_from(all_clean_lines()) | st.text(max_size=30),
                st.sampled_from(CODECS),
                st.sampled_from(["", "\n", "\r\n", " "]),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return b"".join((text + sep).encode(codec, "replace") for text, codec, sep in pieces)


@st.composite
def clean_texts(draw: st.DrawFn) -> str:
    """Normal text in one of the corpus's scripts: real lines, or real words recombined."""
    language = draw(st.sampled_from(sorted(corpus_lines())))
    if draw(st.booleans()):
        lines = draw(st.lists(st.sampled_from(corpus_lines()[language]), min_size=1, max_size=3))
        return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))
    words = draw(st.lists(st.sampled_from(corpus_words()[language]), min_size=1, max_size=12))
    joiner = draw(st.sampled_from([" ", " ", ", ", "\n"]))
    return joiner.join(words)


# --------------------------------------------------------------------------------------------
# Never raises
# --------------------------------------------------------------------------------------------


@budget(300)
@given(ANY_TEXT)
@example("\udcff\ud800\x00")
@example("\x00" * 100)
@example("Ã" * 50 + "\udc80")
def test_repair_text_never_raises(text: str) -> None:
    result = mojifix.repair_text(text)
    assert result.original == text
    assert isinstance(result.text, str)
    for change in result.changes:
        assert 0 <= change.start <= change.end <= len(text)


@budget(300)
@given(st.binary(max_size=400))
@example(b"")
@example(b"\x00" * 64)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"\xff\xfe\x00")  # a UTF-16 BOM, then half a code unit
@example(b"\xc3")
@example(b"\xff\xfe+\x93\x00\x00\x00\xb9")  # a BOM after NUL padding (found by fuzzing)
def test_repair_bytes_never_raises_on_random_bytes(data: bytes) -> None:
    result = mojifix.repair_bytes(data)
    if result.binary:
        assert result.text == "" and result.encoding is None
    else:
        assert result.encoding is not None
        codecs.lookup(result.encoding)


@budget(120)
@given(mixed_encodings())
def test_repair_bytes_never_raises_on_mixed_encodings(data: bytes) -> None:
    mojifix.repair_bytes(data)
    fix_bytes(data, Settings())


@budget(100)
@given(st.binary(max_size=200), st.sampled_from((*CODECS, "utf-8-sig", "utf-32", "ascii")))
def test_repair_bytes_never_raises_with_a_given_encoding(data: bytes, encoding: str) -> None:
    result = mojifix.repair_bytes(data, encoding)
    assert not result.binary
    fixed = fix_bytes(data, Settings(encoding=encoding))
    assert fixed.status in (Status.CHANGED, Status.UNCHANGED, Status.FAILED, Status.SKIPPED)


def test_unknown_encoding_is_a_mojifix_error() -> None:
    with pytest.raises(mojifix.MojifixError):
        mojifix.repair_bytes(b"abc", "no-such-codec")


def test_very_long_lines_never_raise() -> None:
    """Long lines of every kind (spaced words; unspaced ones are in test_hostile.py)."""
    rng = random.Random(1)
    pool = all_clean_lines()
    text = ""
    while len(text) < 20_000:
        text += rng.choice(pool) + " "
    damaged = text.encode("utf-8").decode("cp1252", "replace")
    for candidate in (text, damaged[:5000], "\x00\udcff " * 6000):
        assert isinstance(mojifix.fix_text(candidate), str)
    assert not mojifix.repair_bytes(text.encode("utf-8")).binary


# --------------------------------------------------------------------------------------------
# Idempotence
# --------------------------------------------------------------------------------------------

# Exact on (nearly) every corpus line when measured; cp1252 x2 (99.3%) and cp1251 (95%) are not.
RELIABLE = ("utf8>cp1252", "utf8>latin-1", "utf8>latin-1 x2")

# Every damage pipeline, the two-layer ones included (a repair once peeled only one layer of
# "utf8>cp1250 x2" and "utf8>mac_roman x2"; see ONCE_NOT_IDEMPOTENT below).
IDEMPOTENT_PIPELINES = tuple(p.name for p in mangle.PIPELINES if not p.in_context)


@st.composite
def mangled_texts(draw: st.DrawFn, pipelines: tuple[str, ...]) -> tuple[str, str]:
    """(clean, damaged) from a random corpus line and one of ``pipelines``."""
    pipe = mangle.pipeline(draw(st.sampled_from(pipelines)))
    languages = sorted(pipe.languages) if pipe.languages else sorted(corpus_lines())
    language = draw(st.sampled_from(languages))
    line = draw(st.sampled_from(corpus_lines()[language]))
    outcome = pipe.mangle(line)
    assume(isinstance(outcome, mangle.Mangled))
    return line, outcome.text


@budget(60)
@given(st.one_of(mangled_texts(IDEMPOTENT_PIPELINES), clean_texts()))
def test_idempotent_on_realistic_text(case: tuple[str, str] | str) -> None:
    text = case[1] if isinstance(case, tuple) else case
    once = mojifix.fix_text(text)
    assert mojifix.fix_text(once) == once


# Inputs on which a second repair once changed the first one's output: minimal ones found by
# hypothesis on arbitrary text, and realistic ones from the benchmark's own generators.
ONCE_NOT_IDEMPOTENT = [
    "\x9c\x9c",  # -> "úú" -> "תת"
    "é\x87",  # -> "Èá" -> "بل"
    "E\x8bu\x9c",  # -> "Eãuú" -> "Ećuś"
    # utf8>cp1250 x2 on bench/corpus/dev/fr.txt: the first repair peels one layer of two
    "Le boulanger ouvre sa boutique Ä‚Â\xa0 six heures, mÄ‚Ĺžme le dimanche.",
    # utf8>mac_roman x2 on bench/corpus/dev/emoji.txt
    "Our new puppy Ô£ø√º√™‚àÇ is already chewing the shoes Ô£ø√º√´√º",
]


@pytest.mark.parametrize("text", ONCE_NOT_IDEMPOTENT)
def test_idempotent_on_inputs_that_once_were_not(text: str) -> None:
    once = mojifix.fix_text(text)
    assert mojifix.fix_text(once) == once, (text, once, mojifix.fix_text(once))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(min_codepoint=0x80, max_codepoint=0xFF), max_size=4))
def test_idempotent_on_arbitrary_text(text: str) -> None:
    once = mojifix.fix_text(text)
    assert mojifix.fix_text(once) == once


# --------------------------------------------------------------------------------------------
# Clean text is untouched
# --------------------------------------------------------------------------------------------


@budget(150)
@given(clean_texts())
def test_clean_text_is_returned_identical(text: str) -> None:
    result = mojifix.repair_text(text)
    assert result.text == text
    assert not [c for c in result.changes if c.edits_text]


def test_every_corpus_line_and_hard_negative_is_untouched() -> None:
    """Not sampled: every clean line of both splits, and every hard negative, one text each."""
    for lines in (*corpus_lines().values(), negative_lines()):
        text = "\n".join(lines) + "\n"
        fixed = mojifix.fix_text(text)
        if fixed != text:
            bad = [(a, b) for a, b in zip(text.splitlines(), fixed.splitlines()) if a != b]
            pytest.fail(f"clean lines changed: {bad[:3]}")


@budget(100)
@given(clean_texts(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_clean_utf8_file_bytes_are_left_alone(text: str, newline: str, bom: bool) -> None:
    data = (("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8")
    fixed = fix_bytes(data, Settings())
    assert fixed.status is Status.UNCHANGED, (fixed.status, fixed.reason)
    assert fixed.output is None


def test_cli_does_not_rewrite_clean_files(mojifix, tmp_path: Path) -> None:
    """Same bytes, same mtime, same inode for every clean file, in every script."""
    rng = random.Random(7)
    long_ago = 1_000_000_000_000_000_000
    for n, (language, lines) in enumerate(sorted(corpus_lines().items())):
        sep = "\r\n" if n % 3 == 0 else "\n"
        text = sep.join(rng.sample(lines, 5)) + ("" if n % 4 == 0 else sep)
        data = ("\ufeff" if n % 5 == 0 else "").encode() + text.encode("utf-8")
        path = tmp_path / f"{language}.txt"
        path.write_bytes(data)
        os.utime(path, ns=(long_ago, long_ago))
    negatives = tmp_path / "negatives.txt"
    negatives.write_bytes(("\n".join(negative_lines()) + "\n").encode())
    os.utime(negatives, ns=(long_ago, long_ago))
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in tmp_path.iterdir()
    }
    result = mojifix(["fix", "-j1", "--no-cache", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "0 files repaired" in result.stderr
    for path, (data, mtime, inode) in before.items():
        st_ = path.stat()
        assert (path.read_bytes(), st_.st_mtime_ns, st_.st_ino) == (data, mtime, inode), path
    assert sorted(tmp_path.iterdir()) == sorted(before)


# --------------------------------------------------------------------------------------------
# Lossless on what cannot be decoded
# --------------------------------------------------------------------------------------------


def _strictly_decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def files_with_damage(draw: st.DrawFn) -> bytes:
    """Lines of clean UTF-8, mojibake, legacy bytes, cut UTF-8 sequences and random bytes."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        line = draw(st.sampled_from(all_clean_lines()))
        kind = draw(st.sampled_from(["clean", "mojibake", "legacy", "cut", "random"]))
        if kind == "clean":
            raw = line.encode("utf-8")
        elif kind == "mojibake":
            raw = line.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
        elif kind == "legacy":
            raw = line.encode(draw(st.sampled_from(["cp1252", "cp1251", "gbk"])), "replace")
        elif kind == "cut":
            raw = line.encode("utf-8")
            raw = raw[: draw(st.integers(0, len(raw)))] + draw(st.sampled_from([b"?", b"", b" "]))
        else:
            raw = draw(st.binary(max_size=40))
        lines.append(raw)
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n"]))


@budget(120)
@given(files_with_damage())
def test_a_rewritten_file_decoded_without_loss(data: bytes) -> None:
    """When the runner would write, every input byte was decoded (none guessed or dropped)."""
    fixed = fix_bytes(data, Settings())
    repair = fixed.repair
    assume(repair is not None and repair.detection is not None)
    assert repair is not None and repair.detection is not None
    # Mixed UTF-8/legacy files are a separate, known problem (see the xfail tests below).
    assume(not repair.detection.mixed_lines)
    if fixed.status is Status.CHANGED:
        assert repair.encoding is not None
        assert _strictly_decodes(data, repair.encoding), (repair.encoding, data)
        assert fixed.output is not None
        fixed.output.decode(fixed.output_encoding or "utf-8")
    elif fixed.status is Status.FAILED and "not valid" in fixed.reason:
        assert "not written, nothing lost" in fixed.reason


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "the cafÃ© au lait\n".encode() + b"bad \xff byte\n"),
        ("utf-8", "the cafÃ© au lait\n".encode() + "キュウリ".encode()[:-1] + b"\n"),
        ("shift_jis", "カタカナ\n".encode("shift_jis") + b"\x81\x7f\xfd\n"),
        ("cp1252", b"an undefined cp1252 byte \x81 and \x90\n"),
    ],
)
def test_cli_given_encoding_undecodable_bytes_are_reported_and_kept(
    mojifix, tmp_path: Path, encoding: str, data: bytes
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    result = mojifix(["fix", "--no-cache", "--encoding", encoding, str(path)])
    assert path.read_bytes() == data
    if result.exit_code == 0:  # only if the codec decoded everything after all
        assert _strictly_decodes(data, encoding)
        return
    assert result.exit_code == 123, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "not written, nothing lost" in errors[0], result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_odd_trailing_byte_of_utf16_is_reported_as_undecodable(mojifix, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    data = "abcdefg".encode("utf-16-be") + b"\n"  # UTF-16 without BOM, one byte short
    path.write_bytes(data)
    result = mojifix(["fix", "--no-cache", str(path)])
    assert path.read_bytes() == data
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "not written, nothing lost" in errors[0], errors


# UTF-8 files with one line that is not UTF-8 (a character cut short; a Latin-1 byte) and a
# real repair elsewhere.  The detector calls such a file "mixed" and decodes the bad line in a
# guessed legacy code page; the runner then writes the guess as UTF-8 with no finding for it,
# so ``--check`` does not mention it and the original bytes are gone.
MIXED = [
    pytest.param(
        "キュウリとシソを買いました。\n".encode()[:-5]
        + b"?\n"
        + "Поезд до Казани отправляется с третьего пути.\n".encode() * 3
        + "the cafÃ© au lait\n".encode(),
        id="cut-utf8-sequence",
    ),
    pytest.param(
        "Bonjour à tous, ça va très bien.\n".encode() * 3
        + b"un caf\xe9 cr\xe8me\n"
        + "the cafÃ© au lait\n".encode(),
        id="latin1-line",
    ),
]


@pytest.mark.parametrize("data", MIXED)
def test_mixed_file_bad_line_is_never_silently_rewritten(
    mojifix, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    bad_line = next(
        n for n, line in enumerate(data.split(b"\n"), 1) if not _strictly_decodes(line, "utf-8")
    )
    check = mojifix(["fix", "--check", "--no-cache", str(path)])
    findings = [line for line in check.stdout.splitlines() if line.startswith(str(path))]
    reported = any(f.startswith(f"{path}:{bad_line}:") for f in findings)
    result = mojifix(["fix", "--no-cache", str(path)])
    kept = path.read_bytes().split(b"\n")[bad_line - 1] == data.split(b"\n")[bad_line - 1]
    assert kept or reported, (findings, result.stderr)
    assert kept, "the undecodable bytes were replaced by a guess"


# --------------------------------------------------------------------------------------------
# Round trip: generated mojibake of clean corpus lines
# --------------------------------------------------------------------------------------------

# Corpus lines these reliable pipelines do not repair exactly (measured on both splits).
KNOWN_MISSES: dict[str, tuple[str, ...]] = {}

# Lines they once missed, kept as regressions.
ONCE_MISSED: dict[str, tuple[str, ...]] = {
    "utf8>cp1252": (
        "Our flagship product, the PixelPro™, ships in March.",  # "â„¢" was left as is
        "Şemsiyemi yine ofiste unuttum.",  # "Åžemsiyemi" was left as is
    ),
}


def _reliable_case(case: tuple[str, str]) -> bool:
    return case[0] not in {line for misses in KNOWN_MISSES.values() for line in misses}


@budget(80)
@given(mangled_texts(RELIABLE).filter(_reliable_case))
def test_round_trip_reliable_families(case: tuple[str, str]) -> None:
    clean, damaged = case
    assert mojifix.fix_text(damaged) == clean


@pytest.mark.parametrize("name", RELIABLE)
def test_round_trip_every_corpus_line(name: str) -> None:
    """Not sampled: every dev and heldout line, for each reliable pipeline."""
    pipe = mangle.pipeline(name)
    misses = []
    for line in all_clean_lines():
        outcome = pipe.mangle(line)
        if isinstance(outcome, mangle.Mangled) and line not in KNOWN_MISSES.get(name, ()):
            got = mojifix.fix_text(outcome.text)
            if got != line and got not in outcome.alternatives:
                misses.append((line, got))
    assert not misses, f"{len(misses)} lines not restored, e.g. {misses[:3]}"


@pytest.mark.parametrize(
    ("name", "line"), [(n, line) for n, lines in ONCE_MISSED.items() for line in lines]
)
def test_round_trip_once_missed(name: str, line: str) -> None:
    outcome = mangle.pipeline(name).mangle(line)
    assert mojifix.fix_text(outcome.text) == line


@budget(25)
@given(st.lists(mangled_texts(("utf8>cp1252", "utf8>latin-1")), min_size=2, max_size=4))
def test_round_trip_several_damaged_lines_in_one_file(cases: list[tuple[str, str]]) -> None:
    assume(all(_reliable_case(c) for c in cases))
    clean = "\n".join(c for c, _ in cases) + "\n"
    damaged = "\n".join(d for _, d in cases) + "\n"
    fixed = fix_bytes(damaged.encode("utf-8"), Settings())
    assert fixed.status is Status.CHANGED
    assert fixed.output == clean.encode("utf-8")


# Families that are not reliably exact: measured on a fixed sample, recorded, not asserted
# (the accuracy benchmark and tests/test_accuracy_smoke.py own the targets).
MEASURED = {
    "single-byte (other code pages)": ("utf8>cp1251", "utf8>cp1250", "utf8>koi8-r", "utf8>cp437"),
    "east-asian": ("utf8>gbk/replace", "utf8>shift_jis/replace", "utf8>big5/replace"),
    "legacy": ("cp1251>cp1252", "gbk>cp1252", "cp1250>cp1252"),
}


@pytest.mark.parametrize("family", sorted(MEASURED))
def test_round_trip_rate_is_measured(family: str, record_property) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(family)
    exact = total = 0
    for name in MEASURED[family]:
        pipe = mangle.pipeline(name)
        languages = sorted(pipe.languages) if pipe.languages else sorted(corpus_lines())
        for _ in range(8):
            line = rng.choice(corpus_lines()[rng.choice(languages)])
            outcome = pipe.mangle(line)
            if not isinstance(outcome, mangle.Mangled):
                continue
            total += 1
            got = mojifix.fix_text(outcome.text)  # must not raise, whatever the family
            exact += got == line or got in outcome.alternatives
    assert total
    rate = exact / total
    record_property(f"exact rate {family}", f"{rate:.2f} ({exact}/{total})")
    print(f"round trip {family}: {rate:.0%} exact ({exact}/{total})")


def test_generators_still_produce_what_the_properties_assume() -> None:
    """Guard against bench/mangle.py drifting under these tests."""
    assert mangle.pipeline("utf8>cp1252").mangle("café").text == "cafÃ©"
    assert mangle.pipeline("utf8>latin-1 x2").mangle("é").text == "Ã\x83Â©"
    assert unicodedata.is_normalized("NFC", "".join(all_clean_lines()))
