"""File helpers shared by the plugins that keep rendered files in a cache folder and put
them into the site (share_images, responsive_images).

Files are made with the mode an ordinary `open` gives (0644 under the usual umask 022), so
a web server's unprivileged worker can read every published file. A temporary file is named
so that a later build can tell it was left by a killed one (`is_leftover`).
"""

from __future__ import annotations

import errno
import filecmp
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path

from pelican.generators import Generator


def _umask() -> int:
    mask = os.umask(0o022)  # read once, at import, before any build thread runs
    os.umask(mask)
    return mask


UMASK = _umask()
FILE_MODE = 0o666 & ~UMASK  # what open() gives; mkstemp's 0600 would make nginx answer 403
DIRECTORY_MODE = 0o777 & ~UMASK  # what mkdir gives; mkdtemp's is 0700
TEMPORARY_SUFFIX = ".tmp"
_LEFTOVER = re.compile(r"^\..+\.tmp$|\.(\d+)\.link$")


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so concurrent builds sharing a cache
    folder never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_generated(writer, output_path, relative: str, inputs, produce) -> None:
    """Write a file made by code, not a template (a feed, a CAP alert), at `relative`. The
    page cache's writer keeps it under a key of `inputs`, every value its bytes depend on, and
    calls `produce()` only when that key is new; Pelican's own writer has no such store."""
    if hasattr(writer, "write_bytes"):
        writer.write_bytes(relative, inputs, produce)
        return
    path = os.path.join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(produce())


# Set by `tasks.build_site`: the published folder that the staging build will replace.
LIVE_OUTPUT = "WARTA_LIVE_OUTPUT"
_kept: dict[str, set[str]] = {}  # staging folder -> site-relative files left in the live folder


@functools.lru_cache(maxsize=64)
def _key(output_path) -> str:
    return os.path.realpath(output_path)


def same_file(one, other) -> bool:
    """Whether two paths are the one file (hard links to it); False when either is missing."""
    try:
        a, b = os.stat(one), os.lstat(other)
    except OSError:
        return False
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def place(source, output_path, relative: str, settings) -> str:
    """Put a cached file into the build's output at `relative`. A hard link costs nothing;
    cache files are replaced, never changed in place, so the link never sees a later edit.

    When the live site already holds this very file there (the previous build linked it),
    nothing is written: the file is listed as kept (`kept_files`), and the sync into the
    live folder leaves it alone. On a large site that spares a folder, a link and a
    comparison for almost every file. A live file with the same bytes but not linked (the
    cache was emptied since) becomes the cache's copy, so the live site stays untouched.
    Returns "kept", "adopted" (kept, and `source` is now the live file) or "linked"."""
    published = live_path(settings, relative)
    if published:
        how = "kept" if same_file(source, published) else "adopted" if _adopt(source, published) else ""
        if how:
            keep(output_path, relative)
            return how
    link(source, os.path.join(output_path, relative))  # a second write of one name replaces the first
    return "linked"


def link(source, target) -> None:
    """Make `target` a hard link to `source` (a copy across file systems), replacing any file
    there by a rename, so nothing ever writes through an older link."""
    temporary = f"{target}.{os.getpid()}.link"
    try:
        try:
            _link_or_copy(source, temporary)
        except FileNotFoundError:
            if not os.path.exists(source):
                raise
            # Creating the folder only when it is missing: a build links thousands of files
            # into folders that mostly exist.
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _link_or_copy(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def is_leftover(name: str) -> bool:
    """Whether a file or folder name is a temporary one of a build that is no longer running:
    `.<name>.<random>.tmp` (atomic_write, scratch folders) or `<name>.<pid>.link` (link) of
    a process that is gone."""
    found = _LEFTOVER.search(name)
    if not found:
        return False
    if found.group(1) is None:
        return True
    try:
        os.kill(int(found.group(1)), 0)
    except ProcessLookupError:
        return True
    except OSError as error:
        return error.errno != errno.EPERM  # EPERM: alive, someone else's
    return False


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:  # another file system
        shutil.copyfile(source, target)


def _adopt(source, published: str) -> bool:
    """Make the cache file `source` a link to the live file when both hold the same bytes."""
    try:
        if os.path.getsize(source) != os.path.getsize(published) or os.path.islink(published):
            return False
        if not filecmp.cmp(source, published, shallow=False):
            return False
        link(published, source)
    except OSError:
        return False
    return True


def live_path(settings, relative: str) -> str | None:
    """The file at `relative` in the live folder a staging build replaces (None if none)."""
    live = settings.get(LIVE_OUTPUT)
    return os.path.join(live, relative) if live else None


def keep(output_path, relative: str) -> None:
    """List `relative` as left in the live folder by the build into `output_path`."""
    _kept.setdefault(_key(output_path), set()).add(relative)


def kept_files(output_path) -> set[str]:
    """The files `place` left in the live folder for the build into `output_path`."""
    return _kept.get(_key(output_path), set())


def take_kept_files(output_path) -> set[str]:
    """`kept_files`, forgotten afterwards (the build is over)."""
    return _kept.pop(_key(output_path), set())


def site_file(settings, output_path, relative: str) -> Path:
    """Where a file of this build is, in staging or (kept) in the live folder."""
    if relative in kept_files(output_path):
        return Path(settings[LIVE_OUTPUT]) / relative
    return Path(output_path) / relative


class CachedFilesGenerator(Generator):
    """Puts files rendered into a cache (site-relative URL -> cached file, found in the
    context under `files_key`) into the site. Subclasses name their key."""

    files_key = ""

    def generate_context(self) -> None:
        self.files = dict(self.context.get(self.files_key, {}))

    def generate_output(self, writer) -> None:
        for url, source in sorted(self.files.items()):
            place(source, self.output_path, url, self.settings)
