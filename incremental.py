"""Incremental builds: Pelican's reader cache kept safe, and publishing only what changed.

`tasks.build_site` builds the whole site into a fresh staging folder (so a failed build
publishes nothing), then `sync_tree` moves into the output folder only the files whose
bytes differ and removes the ones the build no longer makes: a rebuild with no change
writes no file, so modification times and uploads stay minimal.

`reader_cache` gives the build a private copy of Pelican's content cache (the Markdown
reader's output per source file, checked by MD5) and puts the updated cache back only
after a successful build, each file replaced whole, so concurrent builds never read half a
cache file. The cache folder's name is a fingerprint of everything the reader's output
depends on, so a change of Pelican, Markdown, the bulletins reader or the settings starts
a new cache instead of reusing a stale one.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from bulletins.files import link, same_file
# The settings as the page cache keys them: without the ones that change from build to build
# (paths, the clock), none of which changes what the reader returns.
from page_cache.keys import settings_digest

ROOT = Path(__file__).resolve().parent
READER_SOURCES = ROOT / "plugins" / "bulletins"


def reader_fingerprint(settings: dict) -> str:
    """What Pelican's reader cache depends on: versions, the reader's code, the settings."""
    import markdown
    import pelican

    digest = hashlib.sha256(f"pelican {pelican.__version__} markdown {markdown.__version__}".encode())
    for path in sorted(READER_SOURCES.rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(settings_digest(settings))
    return digest.hexdigest()[:16]


def cache_root(settings: dict, settings_dir: Path) -> Path:
    """CACHE_PATH, read like Warta's other relative paths: from the folder holding content/
    (Pelican reads it from the settings file's folder), so each project keeps its own."""
    path = Path(settings["CACHE_PATH"])
    if path.is_relative_to(settings_dir):
        path = Path(settings["PATH"]).resolve().parent / path.relative_to(settings_dir)
    return path


@contextlib.contextmanager
def reader_cache(settings: dict, settings_dir: Path, scratch: Path):
    """Point the build's CACHE_PATH at a private copy of the shared cache; yield a function
    that puts the updated cache back (call it only when the build succeeded)."""
    if not settings.get("CACHE_CONTENT"):
        yield lambda: None
        return
    shared = cache_root(settings, Path(settings_dir).resolve()) / reader_fingerprint(settings)
    private = Path(tempfile.mkdtemp(prefix=".cache-", dir=scratch))
    if settings.get("LOAD_CONTENT_CACHE") and shared.is_dir():
        for path in shared.iterdir():
            if path.is_file() and not path.name.startswith("."):
                shutil.copyfile(path, private / path.name)
    settings["CACHE_PATH"] = str(private)

    def keep() -> None:
        for path in private.iterdir():
            link(path, shared / path.name)  # each file replaced whole, by a rename

    try:
        yield keep
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _same(new: str, old: str) -> bool:
    """Whether two files hold the same bytes (a hard link to one cache file is the same)."""
    return same_file(new, old) or (os.path.isfile(old) and not os.path.islink(old)
                                   and filecmp.cmp(new, old, shallow=False))  # fmt: skip


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _files(folder: Path) -> set[str]:
    """Relative paths of every file under `folder` (os.scandir: no path objects per file)."""
    found: set[str] = set()
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(os.path.join(folder, prefix)) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(name + "/")
                else:
                    found.add(name)
    return found


def sync_tree(staging: Path, output: Path, kept=frozenset()) -> dict[str, int]:
    """Make `output` hold exactly the files of `staging` and the `kept` ones it already
    has (the build left those where they are), writing only what differs.

    Files are moved (renamed, so each appears whole) from staging: new files first, then
    changed ones, and stale files are removed last, so a page never links to a file that is
    not there yet, and an interruption leaves a complete, usable site. Unchanged files keep
    their inode and modification time. Returns counts of added, changed, removed, kept.
    """
    staging, output = Path(staging), Path(output)
    built = _files(staging)
    kept = set(kept) - built  # a file the build wrote after all wins
    if not output.is_dir():
        if kept:
            raise FileNotFoundError(f"{output} is gone, but the build kept {len(kept)} of its files")
        _remove(output)
        staging.rename(output)
        return {"added": len(built), "changed": 0, "removed": 0, "kept": 0}
    present = _files(output)
    if kept - present:
        raise FileNotFoundError(f"{len(kept - present)} kept file(s) left {output} during the build, "
                                f"e.g. {sorted(kept - present)[0]}; build again")  # fmt: skip
    added = sorted(built - present)
    changed = sorted(name for name in built & present
                     if not _same(os.path.join(staging, name), os.path.join(output, name)))  # fmt: skip
    for name in [*added, *changed]:
        target = output / name
        for parent in reversed(Path(name).parents[:-1]):  # a file standing where a folder goes
            if (output / parent).exists() and not (output / parent).is_dir():
                _remove(output / parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    removed = sorted(present - built - kept)
    for name in removed:
        path = output / name
        if path.is_symlink() or path.is_file():  # a folder now stands there: already replaced
            path.unlink()
    emptied = {parent for name in removed for parent in Path(name).parents[:-1]}
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # deepest first
        path = output / folder
        if path.is_dir() and not (staging / folder).is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"added": len(added), "changed": len(changed), "removed": len(removed),
            "kept": len(built) + len(kept) - len(added) - len(changed)}  # fmt: skip
