"""File helpers shared by the plugins that keep rendered files in a cache folder and put
them into the site (share_images, responsive_images)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from pelican.generators import Generator


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so concurrent builds sharing a cache
    folder never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def place(source: Path, target: Path) -> None:
    """Put a cached file into the output. A hard link costs nothing; cache files are
    replaced, never changed in place, so the link never sees a later edit."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or a file already there
        shutil.copyfile(source, target)


class CachedFilesGenerator(Generator):
    """Puts files rendered into a cache (site-relative URL -> cached file, found in the
    context under `files_key`) into the site. Subclasses name their key."""

    files_key = ""

    def generate_context(self) -> None:
        self.files = dict(self.context.get(self.files_key, {}))

    def generate_output(self, writer) -> None:
        for url, source in sorted(self.files.items()):
            place(source, Path(self.output_path) / url)
