"""Validate every bulletin under the article paths; shared by the build and `invoke check`.

Before any bulletin is read, the whole content tree is walked without following links: a
symbolic link that leads outside `content/` is refused (nothing behind it is read, hashed or
published), and every file Pelican will publish must have a safe name and, for images, a
bounded pixel count.

Each file's own check (`schema.check_file`) is kept between builds in `CheckCache`: a file
whose bytes, path and rules did not change, and whose named files are still as they were,
is not checked again. The checks across files run on every build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
from pathlib import Path

from .errors import StaffError
from .language import say
from .model import Bulletin
from .output import atomic_write
from .schema import (IMAGE_MAX_PIXELS, SAFE_PATH, Lookup, Problem, Rules, check_all, check_file_traced, image_pixels,
                     inside, lookups_hold)

EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
# What a published folder may hold: images, audio, video and documents, never a type a browser
# runs script in on the official domain (.html, .svg, .xml, .js), whatever headers the host sends.
PUBLISHED_SUFFIXES = (*IMAGE_SUFFIXES, ".avif", ".mp4", ".webm", ".mp3", ".m4a", ".ogg", ".pdf", ".csv", ".txt")


class BulletinError(StaffError):
    """One or more bulletins are invalid; `problems` holds every one of them."""

    def __init__(self, problems: list[Problem], language: str = "id"):
        self.problems = problems
        count = len(problems)
        super().__init__(say(language, f"{count} masalah pada buletin; perbaiki setiap baris di atas "
                                       "lalu jalankan lagi",
                             f"{count} problem{'s' * (count != 1)} in the bulletins; fix each line "
                             "above and run again"))  # fmt: skip


def bulletin_files(content_root: Path, article_paths, excludes=()) -> list[Path]:
    files = []
    for folder in article_paths:
        for path in sorted((content_root / folder).rglob("*")):
            if path.suffix in EXTENSIONS and not any(part in excludes for part in path.parts):
                files.append(path)
    return files


def content_problems(rules: Rules, shown_from: Path) -> list[Problem]:
    """Links out of content/, unsafe published names and oversized images, by file."""
    root, language, problems = rules.content_root, rules.language, []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        listed = set(files)
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            shown = os.path.relpath(path, shown_from)
            if os.path.islink(path) and inside(root, relative) is None:
                problems.append(Problem(shown, 0, "", say(language,
                    f"adalah tautan simbolik ke {os.readlink(path)}, di luar {root.name}/; ganti "
                    "dengan berkas atau folder aslinya",
                    f"is a symbolic link to {os.readlink(path)}, outside {root.name}/; replace it with "
                    "the file or folder itself")))  # fmt: skip
                if name in dirs:
                    dirs.remove(name)  # os.walk does not follow it; nothing behind it is read
                continue
            published = relative.split("/")[0] in rules.published_paths
            if name in listed and published and not SAFE_PATH.match(relative):
                problems.append(Problem(shown, 0, "", say(language,
                    "nama berkas ini memuat karakter yang tidak aman untuk alamat web; ganti namanya "
                    "hanya dengan huruf, angka, '.', '_' dan '-' (tanpa spasi)",
                    "the file name has characters that are not safe in a web address; rename it "
                    "using letters, digits, '.', '_' and '-' only (no spaces)")))  # fmt: skip
            elif name in listed and published and not name.lower().endswith(PUBLISHED_SUFFIXES):
                suffix = os.path.splitext(name)[1] or name
                problems.append(Problem(shown, 0, "", say(language,
                    f"berkas berjenis '{suffix}' tidak diterbitkan karena peramban bisa menjalankan "
                    "skrip di dalamnya; ekspor gambar sebagai PNG, JPEG atau WebP, dokumen sebagai PDF",
                    f"a '{suffix}' file is not published because a browser can run script in it; "
                    "export images as PNG, JPEG or WebP and documents as PDF")))  # fmt: skip
            elif name in listed and published and name.lower().endswith(IMAGE_SUFFIXES):
                pixels = image_pixels(Path(path))
                if pixels is not None and pixels > IMAGE_MAX_PIXELS:
                    problems.append(Problem(shown, 0, "", say(language,
                        f"gambar {pixels / 1e6:.0f} megapiksel, lebih dari {IMAGE_MAX_PIXELS // 1_000_000}; "
                        "ekspor ulang dengan sisi terpanjang paling banyak 4000 piksel",
                        f"an image of {pixels / 1e6:.0f} megapixels, more than {IMAGE_MAX_PIXELS // 1_000_000}; "
                        "export it again with its longest side at most 4000 pixels")))  # fmt: skip
    return problems


def read_text(data: bytes, shown: str, language: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that names the line holding the first byte that is not
    UTF-8 (mostly a file saved by Windows as "ANSI")."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(shown, line, "", say(language,
            f"berkas ini tidak disimpan sebagai UTF-8 (bita 0x{data[error.start]:02X}); simpan ulang "
            "sebagai UTF-8, mis. di Notepad: Save As > Encoding: UTF-8 (penyebab tersering: "
            "pengodean \"ANSI\" di Windows)",
            f"the file is not saved as UTF-8 (byte 0x{data[error.start]:02X}); save it again as "
            "UTF-8, e.g. in Notepad: Save As > Encoding: UTF-8 (the usual cause is Windows' "
            "\"ANSI\" encoding)"))  # fmt: skip


Result = tuple[Bulletin | None, list[Problem], tuple[Lookup, ...]]


def check_source(shown: str, data: bytes, rules: Rules) -> Result:
    """One file's own check, from its bytes: its bulletin (with `source_digest`), its
    problems and what the check asked the content folder."""
    text, problem = read_text(data, shown, rules.language)
    if problem:
        return None, [problem], ()
    bulletin, problems, lookups = check_file_traced(shown, text, rules)
    if bulletin:
        bulletin.source_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return bulletin, problems, lookups


def _code_version() -> bytes:
    """What a file's check runs: the core's code (the schema, the model, the kecamatan list,
    the messages), Python, and Pelican with Unidecode (the slugs)."""
    digest = hashlib.sha256(f"python {sys.version}".encode())
    for package in ("pelican", "unidecode"):
        try:
            digest.update(f" {package} {importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f" {package} -".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


CODE_VERSION = _code_version()  # the code this process runs, read when it was imported
CACHE_FOLDER = Path("cache") / "checks"  # in the project folder, the one holding content/
CACHE_SUFFIX = ".pickle"
CACHE_MAGIC = b"warta-checks 1\n"


class CheckCache:
    """Each file's own check result (`check_source`) from earlier builds, by path and the
    SHA-256 of its bytes, in one file per set of rules under `folder`:
    `<fingerprint>.pickle`, the fingerprint being a hash of this code, the rules' values
    (the kecamatan list, prefix, limits, time zone, staff language, content folder) and
    `depends`, whatever else the rules' functions read (the build passes the settings'
    digest, which holds the slug and URL patterns); the build's clock is not in it (a cached
    bulletin takes this build's `now`). A result is used only while the content folder still
    answers the check's lookups as it did.

    The file is written whole (through a rename) once the files are checked, holding the
    files of this build only, and carries a hash of its contents: a missing, damaged or
    foreign file is ignored, which costs a check of every file and nothing else. The files
    of the last few rule sets stay, so that switching the staff language back and forth
    stays fast."""

    KEPT = 3  # rule sets whose file stays

    def __init__(self, folder: Path, rules: Rules, depends: bytes = b""):
        self.folder, self.rules = Path(folder), rules
        digest = hashlib.sha256(CODE_VERSION)
        digest.update(repr((rules.regency, str(rules.content_root), rules.code_prefix, rules.summary_max,
                            rules.timezone, rules.language, rules.published_paths)).encode("utf-8"))
        digest.update(b"\0" + depends)
        self.key = digest.hexdigest()[:32]
        self.path = self.folder / f"{self.key}{CACHE_SUFFIX}"
        self.old: dict[tuple[str, bytes], Result] = self._load()
        self.new: dict[tuple[str, bytes], Result] = {}
        self.checked = 0  # files checked in this build rather than taken from the cache

    def _load(self) -> dict:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        start = len(CACHE_MAGIC) + 32
        if not data.startswith(CACHE_MAGIC) or hashlib.sha256(data[start:]).digest() != data[len(CACHE_MAGIC):start]:
            return {}
        try:
            found = pickle.loads(data[start:])
        except Exception:  # written by other code, whatever it raises: check every file again
            return {}
        return found["entries"] if isinstance(found, dict) and found.get("key") == self.key else {}

    def result(self, shown: str, data: bytes) -> tuple[Bulletin | None, list[Problem]]:
        """The file's bulletin and problems: from the cache when they still hold, else checked."""
        key = (shown, hashlib.sha256(data).digest())
        found = self.old.get(key)
        if found is None or not lookups_hold(found[2], self.rules):
            found = check_source(shown, data, self.rules)
            self.checked += 1
        elif found[0] is not None:
            found[0].now = self.rules.now
        self.new[key] = found
        return found[0], found[1]

    def save(self) -> None:
        """Keep this build's results (only when they differ from what was kept). Failing to
        write costs the next build time, never this one."""
        try:
            if self.checked or self.new.keys() != self.old.keys():
                payload = pickle.dumps({"key": self.key, "entries": self.new}, protocol=pickle.HIGHEST_PROTOCOL)
                atomic_write(self.path, CACHE_MAGIC + hashlib.sha256(payload).digest() + payload)
            else:
                os.utime(self.path)  # still in use: kept when others are dropped
            kept = sorted(self.folder.glob(f"*{CACHE_SUFFIX}"), key=lambda path: path.stat().st_mtime_ns)
            for path in kept[: -self.KEPT]:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def check_content(files: list[Path], rules: Rules, shown_from: Path,
                  cache: CheckCache | None = None) -> dict[str, Bulletin]:
    """Bulletins by absolute source path; raises BulletinError listing every problem. With a
    `cache` (made with the same rules), unchanged files are not checked again."""
    bulletins, problems = {}, content_problems(rules, shown_from)
    for path in files:
        shown = os.path.relpath(path, shown_from)
        if inside(rules.content_root, os.path.relpath(path, rules.content_root)) is None:
            continue  # a link out of content/, reported above and never read
        data = path.read_bytes()
        if cache is None:
            bulletin, found, _ = check_source(shown, data, rules)
        else:
            bulletin, found = cache.result(shown, data)
        problems.extend(found)
        if bulletin:
            bulletins[os.path.abspath(path)] = bulletin
    if cache is not None:
        cache.save()  # before the checks across files: each result holds whatever they find
    problems.extend(check_all(bulletins.values(), rules.language))
    if problems:
        raise BulletinError(sorted(problems), rules.language)
    return bulletins
