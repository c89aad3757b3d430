"""The render cache: one folder per site and verification code, one version per content hash.

    cache/share-images/http-localhost-8000/KRW-200602-01/<hash>-og.png
    cache/share-images/http-localhost-8000/KRW-200602-01/<hash>-kartu.json  (the drawn ratios)
    cache/share-images/http-localhost-8000/KRW-200602-01/<hash>.json        (written last)
    cache/share-images/http-localhost-8000/KRW-200602-01/<poster hash>-poster.pdf
    cache/share-images/http-localhost-8000/KRW-200602-01/<poster hash>-poster.json

The record (`<hash>.json`) holds each file's size and SHA-256 and the hash input; the poster,
which has a hash of its own, has a record of its own. Only a bulletin's current cards and
poster are kept: earlier versions stay published because deploy targets never delete (the
URL guard carries their URLs), so a lost cache costs rendering time, never a URL. Writes go
through a temporary file and a rename, so concurrent builds sharing the folder never see
half a file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from warta.core.output import atomic_write as _atomic_write

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ShareCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    # Paths are strings, not Paths: a build looks up every bulletin's files.
    def _folder(self, code: str) -> str:
        if not CODE.fullmatch(code):  # codes are validated upstream; never escape the cache
            raise ValueError(f"verification code {code!r} cannot name a cache folder")
        return os.path.join(self.root, code)

    def image_path(self, code: str, digest: str, ratio: str) -> str:
        return os.path.join(self._folder(code), f"{digest}-{ratio}.png")

    def layout_path(self, code: str, digest: str) -> str:
        return os.path.join(self._folder(code), f"{digest}-kartu.json")

    def _files(self, code: str, record: dict) -> list[tuple[str, int]]:
        """(path, recorded size) of every file of a version."""
        files = [(self.image_path(code, record["hash"], ratio), image["size"]) for ratio, image in record["images"].items()]
        return [*files, (self.layout_path(code, record["hash"]), record["layout"]["size"])]

    def load(self, code: str, digest: str) -> dict | None:
        """The record of a complete cached version (every file there with its recorded size),
        or None when it must be rendered."""
        try:
            with open(os.path.join(self._folder(code), f"{digest}.json"), "rb") as handle:
                record = json.loads(handle.read())
            if record.get("hash") != digest:
                return None
            for path, size in self._files(code, record):
                found = os.stat(path)
                if not stat.S_ISREG(found.st_mode) or found.st_size != size:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record

    def store(self, code: str, digest: str, images: dict[str, bytes], layout: bytes, record: dict,
              keep: str = "") -> None:  # fmt: skip
        """Keep a new version, the record last, and drop the bulletin's earlier versions
        (but for the current poster's files, `keep` being its hash)."""
        for ratio, data in images.items():
            _atomic_write(self.image_path(code, digest, ratio), data)
        _atomic_write(self.layout_path(code, digest), layout)
        self._finish(code, Path(self._folder(code), f"{digest}.json"), record, (digest, keep))

    def poster_path(self, code: str, digest: str) -> str:
        return os.path.join(self._folder(code), f"{digest}-poster.pdf")

    def load_poster(self, code: str, digest: str) -> dict | None:
        """The record of a cached poster (its file there with its recorded size), or None."""
        try:
            with open(os.path.join(self._folder(code), f"{digest}-poster.json"), "rb") as handle:
                record = json.loads(handle.read())
            found = os.stat(self.poster_path(code, digest))
            if record.get("hash") != digest or not stat.S_ISREG(found.st_mode) or found.st_size != record["size"]:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record

    def store_poster(self, code: str, digest: str, pdf: bytes, record: dict, keep: str) -> None:
        """Keep a new poster, its record last, and drop earlier ones (but for the current
        cards' files, `keep` being their hash)."""
        _atomic_write(self.poster_path(code, digest), pdf)
        self._finish(code, Path(self._folder(code), f"{digest}-poster.json"), record, (digest, keep))

    def _finish(self, code: str, path: Path, record: dict, current: tuple[str, str]) -> None:
        """Write a version's record, then drop every file of the bulletin's earlier versions."""
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _atomic_write(path, text.encode("utf-8"))
        kept = tuple(digest for digest in current if digest) + (".",)
        for name in os.listdir(self._folder(code)):
            if not name.startswith(kept):
                os.unlink(os.path.join(self._folder(code), name))
