"""Make Pagefind's filter indexes, and the files that name them, the same on every build.

Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to run
(upstream: "other files will still change, such as the filter/metadata indexes", Pagefind
issue 638), and the metadata file and `pagefind-entry.json` name those files by hash. So an
unchanged site got four files with new names and bytes on every build, which broke Warta's
byte-identical rebuilds and made every deploy upload them again. This rewrites them with the
values in sorted order (what the UI lists anyway) and names each by its own SHA-256.

The files are gzip of `pagefind_dcd` followed by CBOR:
    filter/<lang>_<hash>.pf_filter   [name, [[value, [page numbers]], ...]]
    pagefind.<lang>_<hash>.pf_meta   [version, pages, word index chunks,
                                      [[filter name, filter file hash], ...], sorts, meta keys]
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

MAGIC = b"pagefind_dcd"
META_FILTERS = 3  # position of the filter list in the metadata array


class BundleFormatError(ValueError):
    """The bundle is not laid out as the pinned Pagefind version writes it."""


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise BundleFormatError(f"{path.name} does not start with {MAGIC!r}")
    return cbor2.loads(raw[len(MAGIC):])


def _write(folder: Path, stem: str, suffix: str, value, digits: int) -> str:
    """Write `value` as Pagefind does and return the name it gets from its own hash."""
    payload = MAGIC + cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    # mtime=0: gzip's header would otherwise carry the clock.
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def canonicalize(bundle: Path) -> None:
    """Rewrite the filter indexes, the metadata and the entry file of every language in order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > META_FILTERS and isinstance(meta[META_FILTERS], list)):
            raise BundleFormatError(f"{meta_path.name} has no filter list at position {META_FILTERS}")
        filters = []
        for name, old in sorted(meta[META_FILTERS]):
            path = bundle / "filter" / f"{old}.pf_filter"
            key, values = _read(path)
            path.unlink()
            new = _write(path.parent, language, ".pf_filter", [key, sorted(values, key=lambda v: v[0])], 7)
            filters.append([name, new])
        meta[META_FILTERS] = filters
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
