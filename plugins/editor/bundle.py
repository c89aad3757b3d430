"""Decap CMS's pinned build, fetched once from the npm registry into the cache and checked
against its published sha512 integrity; the site then serves it from its own origin.

Only the files the browser loads are published: the main script, its lazily loaded chunks
and WebAssembly modules, and the licence notice.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from warta.core.errors import StaffError
from warta.core.output import atomic_write

VERSION = "3.16.3"
TARBALL = f"https://registry.npmjs.org/decap-cms/-/decap-cms-{VERSION}.tgz"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
MAIN = "decap-cms.js"
TIMEOUT = 60


class BundleError(StaffError):
    """Decap CMS could not be fetched or did not match its pinned integrity."""


def published(name: str) -> bool:
    """Whether a file of the package's dist/ folder is one the browser may load."""
    return name in (MAIN, f"{MAIN}.LICENSE.txt") or name.endswith((".decap-cms.js", ".wasm"))


def _matches(data: bytes) -> bool:
    algorithm, _, digest = INTEGRITY.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == digest


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise BundleError(f"Decap CMS {VERSION} untuk editor /admin/ tidak bisa diunduh dari {url} ({reason}); "
                          "periksa sambungan internet lalu jalankan lagi, atau matikan EDITOR_ENABLED") from None


def bundle(cache: Path, fetch=_download) -> Path:
    """The folder holding the pinned build's published files, fetched when not yet cached."""
    folder = cache / f"decap-cms-{VERSION}"
    if (folder / MAIN).is_file():
        return folder
    data = fetch(TARBALL)
    if not _matches(data):
        raise BundleError(f"berkas Decap CMS {VERSION} yang diunduh tidak cocok dengan sidik sha512 yang "
                          "dipatok (unduhan rusak atau diubah); hapus folder cache editor lalu jalankan lagi")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        files = {member.name.removeprefix("package/dist/"): archive.extractfile(member).read()
                 for member in archive.getmembers()
                 if member.isfile() and member.name.startswith("package/dist/")
                 and "/" not in member.name.removeprefix("package/dist/")
                 and published(member.name.removeprefix("package/dist/"))}  # fmt: skip
    # The main script last: its presence says that the folder is whole.
    for name in sorted(files, key=lambda name: name == MAIN):
        atomic_write(folder / name, files[name])
    return folder
