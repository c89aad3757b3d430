"""The render cache: one folder per source image and recipe (the digest), written last by its record.

    cache/responsive-images/<digest>/original.png, 480.webp, 480.jpg, …, record.json

The record lists each file with its size and SHA-256, so a half-written or edited folder is
rendered again. Images do not depend on SITEURL, so every site shares the folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from warta.core.output import atomic_write

from .process import EXTENSION, MIME, Rendered

DIGEST = re.compile(r"[0-9a-f]{64}")
RECORD = "record.json"


class ImageCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _folder(self, digest: str) -> Path:
        if not DIGEST.fullmatch(digest):  # never escape the cache folder
            raise ValueError(f"{digest!r} is not a SHA-256 digest")
        return self.root / digest

    def path(self, digest: str, name: str) -> Path:
        return self._folder(digest) / name

    def load(self, digest: str) -> dict | None:
        """The record of a complete cached rendering, or None when it must be rendered."""
        try:
            record = json.loads(self.path(digest, RECORD).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        files = [record["original"], *record["variants"]]
        for entry in files:
            path = self.path(digest, entry["file"])
            if not path.is_file() or path.stat().st_size != entry["size"]:
                return None
        return record if record.get("hash") == digest else None

    def store(self, digest: str, rendered: Rendered) -> dict:
        """Write every file, then the record that makes them count."""

        def entry(name: str, data: bytes, **extra) -> dict:
            atomic_write(self.path(digest, name), data)
            return {"file": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), **extra}

        record = {
            "hash": digest,
            "format": rendered.format,
            "width": rendered.width,
            "height": rendered.height,
            "original": entry(f"original.{EXTENSION[rendered.format]}", rendered.original,
                              type=MIME[rendered.format]),  # fmt: skip
            "variants": [entry(f"{v.width}.{EXTENSION[v.format]}", v.data, width=v.width, height=v.height,
                               type=MIME[v.format]) for v in rendered.variants],  # fmt: skip
        }
        text = json.dumps(record, indent=1, sort_keys=True) + "\n"
        atomic_write(self.path(digest, RECORD), text.encode("utf-8"))
        return record
