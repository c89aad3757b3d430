"""The render cache: one folder per site and verification code, one version per content hash.

    cache/share-images/http-localhost-8000/KRW-200602-01/<hash>-og.jpg … <hash>-story.jpg
    cache/share-images/http-localhost-8000/KRW-200602-01/<hash>.json   (written last)

The JSON records the folders the version was published in, each image's size and SHA-256,
and the hash input, so every version a bulletin ever had can be written again at its old
URLs. Writes go through a temporary file and a rename, so concurrent builds sharing the
folder never see half a file.
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
        self.loaded: dict[tuple[str, str], dict | None] = {}  # each record read once per build

    # Paths are strings, not Paths: a build looks up every bulletin's images.
    def _folder(self, code: str) -> str:
        if not CODE.fullmatch(code):  # codes are validated upstream; never escape the cache
            raise ValueError(f"verification code {code!r} cannot name a cache folder")
        return os.path.join(self.root, code)

    def image_path(self, code: str, digest: str, ratio: str) -> str:
        return os.path.join(self._folder(code), f"{digest}-{ratio}.jpg")

    def _complete(self, code: str, record: dict) -> bool:
        """Every image of the version is there with the recorded size."""
        for ratio, image in record["images"].items():
            try:
                found = os.stat(self.image_path(code, record["hash"], ratio))
            except OSError:
                return False
            if not stat.S_ISREG(found.st_mode) or found.st_size != image["size"]:
                return False
        return True

    def load(self, code: str, digest: str) -> dict | None:
        """The record of a complete cached version, or None when it must be rendered."""
        if (code, digest) not in self.loaded:
            self.loaded[(code, digest)] = self._load(code, digest)
        return self.loaded[(code, digest)]

    def _load(self, code: str, digest: str) -> dict | None:
        try:
            with open(os.path.join(self._folder(code), f"{digest}.json"), "rb") as handle:
                record = json.loads(handle.read())
        except (FileNotFoundError, ValueError):
            return None
        return record if record.get("hash") == digest and self._complete(code, record) else None

    def store(self, code: str, digest: str, images: dict[str, bytes], record: dict) -> None:
        for ratio, data in images.items():
            _atomic_write(self.image_path(code, digest, ratio), data)
        self.save_record(code, record)

    def save_record(self, code: str, record: dict) -> None:
        self.loaded[(code, record["hash"])] = record
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _atomic_write(Path(self._folder(code), f"{record['hash']}.json"), text.encode("utf-8"))

    def versions(self, code: str) -> list[dict]:
        """Every complete cached version of one bulletin, in a stable order."""
        try:
            names = sorted(name for name in os.listdir(self._folder(code)) if name.endswith(".json"))
        except FileNotFoundError:
            return []
        found = (self.load(code, name.removesuffix(".json")) for name in names)
        return [record for record in found if record]
