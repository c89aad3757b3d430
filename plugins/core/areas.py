"""The regency's kecamatan, loaded from the data file named by `BULLETINS_AREAS_FILE`."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .model import Area


def _key(text: str) -> str:
    # "Telukjambe  Timur", "telukjambe-timur" and "TELUKJAMBE TIMUR" name the same place.
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


@dataclass(frozen=True)
class Regency:
    code: str
    name: str
    areas: tuple[Area, ...]
    whole_names: tuple[str, ...]

    @classmethod
    def load(cls, path: Path, url_pattern: str = "kecamatan/{code}-{slug}/") -> Regency:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        areas = []
        for item in data["kecamatan"]:
            slug = re.sub(r"[^a-z0-9]+", "-", item["name"].lower()).strip("-")
            url = url_pattern.format(code=item["code"], slug=slug)
            areas.append(Area(item["code"], item["name"], slug, url, tuple(item.get("aliases", ()))))
        regency = data["regency"]
        whole = (regency["code"], regency["name"], *regency.get("aliases", ()))
        return cls(regency["code"], regency["name"], tuple(areas), whole)

    @cached_property
    def _index(self) -> dict[str, Area]:
        index = {}
        for area in self.areas:
            for name in (area.code, area.name, *area.aliases):
                index[_key(name)] = area
        return index

    def is_whole(self, text: str) -> bool:
        return _key(text) in {_key(name) for name in self.whole_names}

    def find(self, text: str) -> Area | None:
        """The kecamatan named by official code, name or alias, or None."""
        return self._index.get(_key(text))

    def suggest(self, text: str) -> Area | None:
        index = self._index
        close = difflib.get_close_matches(_key(text), list(index), n=1, cutoff=0.6)
        return index[close[0]] if close else None
