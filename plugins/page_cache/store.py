"""The folder of rendered pages, one file per key, and its index; and values that many
files share, one file per slot."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from warta.core.output import Output, atomic_write, link

INDEX = "index.json"
VALUES = "values"  # one pickled value per slot (PageStore.recall)


class PageStore:
    """Pages by key. The index records each file's size and modification time when it was
    stored, so a page edited in place (in the output folder, which shares the file) is
    never served from the cache again."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:
            self.index: dict[str, list[int]] = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.used: set[str] = set()
        self.placed = self.added = 0

    def _path(self, key: str) -> str:
        # A string, not a Path: a build asks for every page's file.
        return os.path.join(self.folder, key[:2], f"{key[2:]}.html")

    def place(self, key: str, output: Output, name: str) -> bool:
        """Put the page stored under `key` at `name` in the output (Output.place: a hard
        link, or nothing when the live site already holds it). False when there is no such
        page, or its file was changed in place since it was stored (size or time differ)."""
        path = self._path(key)
        try:
            found = os.stat(path)
            if self.index.get(key) != [found.st_size, found.st_mtime_ns]:
                return False
            if output.place(path, name, found) == "adopted":
                stat = os.stat(path)
                self.index[key] = [stat.st_size, stat.st_mtime_ns]
        except OSError:
            return False
        self.used.add(key)
        self.placed += 1
        return True

    def adopt(self, key: str, data: bytes, output: Output, name: str) -> bool:
        """Keep the live file at `name` under `key` when it holds exactly `data`."""
        published = output.live_path(name)
        try:
            if not published or os.path.getsize(published) != len(data) or os.path.islink(published):
                return False
            with open(published, "rb") as handle:
                if handle.read() != data:
                    return False
        except OSError:
            return False
        if not self._link(published, key):
            return False
        output.keep(name)
        return True

    def add(self, key: str, written: str) -> None:
        """Keep a freshly written page under its key (linked, so it costs no space)."""
        self._link(written, key)

    def _link(self, file: str, key: str) -> bool:
        path = self._path(key)
        try:
            link(file, path)
        except OSError:
            return False
        stat = os.stat(path)
        self.index[key] = [stat.st_size, stat.st_mtime_ns]
        self.used.add(key)
        self.added += 1
        return True

    def _slot_path(self, slot: str) -> str:
        return os.path.join(self.folder, VALUES, hashlib.sha256(slot.encode()).hexdigest() + ".pickle")

    def recall(self, slot: str, key: bytes):
        """The value kept under `slot` when it was made from inputs of `key`, else None. A
        slot holds one value (its latest), so the folder grows with the slots (bulletins),
        not with the builds; pickled like Pelican's own content cache in the same folder."""
        try:
            with open(self._slot_path(slot), "rb") as handle:
                if handle.read(len(key)) != key:
                    return None
                return pickle.load(handle)
        except Exception:  # unpickling a damaged file can raise almost anything: made again
            return None

    def keep_value(self, slot: str, key: bytes, value) -> None:
        try:
            atomic_write(Path(self._slot_path(slot)), key + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a full disk or a read-only cache: made again next time
            pass

    def save(self) -> None:
        """Drop every page this build did not use; write the index whole."""
        for key in [key for key in self.index if key not in self.used]:
            Path(self._path(key)).unlink(missing_ok=True)
            del self.index[key]
        if self.folder.is_dir():
            atomic_write(self.folder / INDEX, json.dumps(self.index, sort_keys=True).encode("utf-8"))
