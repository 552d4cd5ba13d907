"""Discovery on real directory trees: .gitignore, VCS folders, globs, symlinks, order."""

from __future__ import annotations

import os
from pathlib import Path

from mojifix.discover import Skipped, Source, Unreadable, iter_entries


def tree(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def walk(root: Path, *paths: Path, **kwargs: object) -> dict[str, str]:
    """Map relative path -> "source" or the skip/failure reason."""
    found: dict[str, str] = {}
    for entry in iter_entries([str(p) for p in paths or (root,)], str(root), **kwargs):  # type: ignore[arg-type]
        rel = os.path.relpath(entry.path, root)
        found[rel] = "source" if isinstance(entry, Source) else entry.reason
    return found


def test_sorted_recursive_walk(tmp_path: Path) -> None:
    tree(tmp_path, {"b.txt": "", "a/z.txt": "", "a/b/c.txt": "", "C.txt": ""})
    assert list(walk(tmp_path)) == ["C.txt", "a/b/c.txt", "a/z.txt", "b.txt"]


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            ".gitignore": "*.log\nbuild/\n",
            "keep.txt": "",
            "debug.log": "",
            "build/out.txt": "",
            "sub/.gitignore": "!important.log\nlocal.txt\n",
            "sub/important.log": "",
            "sub/other.log": "",
            "sub/local.txt": "",
            "sub/deeper/local.txt": "",
        },
    )
    found = walk(tmp_path)
    assert found == {
        ".gitignore": "source",
        "build": "ignored by .gitignore",
        "debug.log": "ignored by .gitignore",
        "keep.txt": "source",
        "sub/.gitignore": "source",
        "sub/deeper/local.txt": "ignored by .gitignore",
        "sub/important.log": "source",
        "sub/local.txt": "ignored by .gitignore",
        "sub/other.log": "ignored by .gitignore",
    }


def test_gitignore_above_the_walked_folder_applies(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.gen\n", "pkg/a.gen": "", "pkg/a.txt": ""})
    assert walk(tmp_path, tmp_path / "pkg") == {
        "pkg/a.gen": "ignored by .gitignore",
        "pkg/a.txt": "source",
    }


def test_no_gitignore_option(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.log\n", "a.log": ""})
    assert walk(tmp_path, gitignore=False)["a.log"] == "source"


def test_vcs_folders_never_entered(tmp_path: Path) -> None:
    tree(tmp_path, {".git/config": "", ".hg/x": "", ".svn/y": "", "src/.git/z": "", "a.txt": ""})
    assert walk(tmp_path) == {"a.txt": "source"}


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": "", "b.md": "", "docs/c.txt": "", "vendor/d.txt": ""})
    found = walk(tmp_path, include=["*.txt"], exclude=["vendor/"])
    assert found == {
        "a.txt": "source",
        "b.md": "not included",
        "docs/c.txt": "source",
        "vendor": "excluded",
    }


def test_explicit_file_bypasses_gitignore_but_not_exclude(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.log\n", "a.log": "", "b.txt": ""})
    assert walk(tmp_path, tmp_path / "a.log") == {"a.log": "source"}
    assert walk(tmp_path, tmp_path / "b.txt", exclude=["b.*"]) == {"b.txt": "excluded"}


def test_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    root = tmp_path / "root"
    tree(outside, {"secret.txt": ""})
    tree(root, {"real.txt": "", "dir/x.txt": ""})
    (root / "to_outside.txt").symlink_to(outside / "secret.txt")
    (root / "to_real.txt").symlink_to(root / "real.txt")
    (root / "to_dir").symlink_to(root / "dir")
    (root / "loop").symlink_to(root)
    (root / "broken").symlink_to(root / "missing")
    entries = list(iter_entries([str(root)], str(root)))
    by_name = {os.path.basename(e.path): e for e in entries}
    assert by_name["to_outside.txt"] == Skipped(
        str(root / "to_outside.txt"), "symbolic link out of the tree"
    )
    assert by_name["to_dir"].reason == "symbolic link to a folder (not followed)"  # type: ignore[union-attr]
    assert by_name["loop"].reason == "symbolic link to a folder (not followed)"  # type: ignore[union-attr]
    assert by_name["broken"].reason == "broken symbolic link"  # type: ignore[union-attr]
    # the link and its target are the same file: it is listed once, under the first name
    sources = [e for e in entries if isinstance(e, Source)]
    assert [os.path.basename(s.path) for s in sources] == ["x.txt", "real.txt"]
    assert "to_real.txt" not in by_name


def test_explicit_symlink_resolves_to_its_target(tmp_path: Path) -> None:
    tree(tmp_path, {"real.txt": ""})
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    (entry,) = iter_entries([str(tmp_path / "link.txt")], str(tmp_path))
    assert entry == Source(str(tmp_path / "link.txt"), str(tmp_path / "real.txt"))


def test_missing_and_special_paths(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    entries = list(iter_entries([str(tmp_path / "nope"), str(tmp_path / "fifo")], str(tmp_path)))
    assert entries == [
        Unreadable(str(tmp_path / "nope"), "no such file or folder"),
        Skipped(str(tmp_path / "fifo"), "not a regular file"),
    ]


def test_same_file_twice_listed_once(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": ""})
    entries = list(iter_entries([str(tmp_path / "a.txt"), str(tmp_path)], str(tmp_path)))
    assert entries == [Source(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"))]


def test_cli_symlink_write_goes_to_target(mojifix, tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("the cafÃ©\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert mojifix(["fix", str(tmp_path / "link.txt")]).exit_code == 0
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == "the café\n"


def test_cli_summary_counts_skip_reasons(mojifix, tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.log\n", "a.log": "", "b.txt": "the cafÃ©\n"})
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02")
    result = mojifix(["fix", str(tmp_path)])
    assert (
        "1 file repaired, 1 unchanged, 2 skipped (1 binary, 1 ignored by .gitignore)."
        in result.stderr
    )


def test_links_are_bounded_by_the_named_folder_not_the_root(tmp_path: Path) -> None:
    tree(tmp_path, {"docs/a.txt": "", "src/b.txt": ""})
    (tmp_path / "docs" / "to_src.txt").symlink_to(Path("..") / "src" / "b.txt")
    (tmp_path / "docs" / "to_a.txt").symlink_to("a.txt")
    assert walk(tmp_path, tmp_path / "docs") == {
        "docs/a.txt": "source",
        "docs/to_src.txt": "symbolic link out of the tree",
    }
    # walking the whole root, the same link is inside the tree: b.txt is listed once, through it
    assert walk(tmp_path) == {"docs/a.txt": "source", "docs/to_src.txt": "source"}


def test_sources_carry_the_named_folder(tmp_path: Path) -> None:
    tree(tmp_path, {"docs/a.txt": "", "b.txt": ""})
    entries = list(iter_entries([str(tmp_path / "docs"), str(tmp_path / "b.txt")], str(tmp_path)))
    assert [e.root for e in entries if isinstance(e, Source)] == [
        os.path.realpath(tmp_path / "docs"),
        os.path.realpath(tmp_path),
    ]
