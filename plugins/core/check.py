"""Validate every bulletin under the article paths; shared by the build and `invoke check`.

Before any bulletin is read, the whole content tree is walked without following links: a
symbolic link that leads outside `content/` is refused (nothing behind it is read, hashed or
published), and every file Pelican will publish must have a safe name and, for images, a
bounded pixel count.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import StaffError
from .language import say
from .model import Bulletin
from .schema import IMAGE_MAX_PIXELS, SAFE_PATH, Problem, Rules, check_all, check_file, image_pixels, inside

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
            if name in files and published and not SAFE_PATH.match(relative):
                problems.append(Problem(shown, 0, "", say(language,
                    "nama berkas ini memuat karakter yang tidak aman untuk alamat web; ganti namanya "
                    "hanya dengan huruf, angka, '.', '_' dan '-' (tanpa spasi)",
                    "the file name has characters that are not safe in a web address; rename it "
                    "using letters, digits, '.', '_' and '-' only (no spaces)")))  # fmt: skip
            elif name in files and published and not name.lower().endswith(PUBLISHED_SUFFIXES):
                suffix = os.path.splitext(name)[1] or name
                problems.append(Problem(shown, 0, "", say(language,
                    f"berkas berjenis '{suffix}' tidak diterbitkan karena peramban bisa menjalankan "
                    "skrip di dalamnya; ekspor gambar sebagai PNG, JPEG atau WebP, dokumen sebagai PDF",
                    f"a '{suffix}' file is not published because a browser can run script in it; "
                    "export images as PNG, JPEG or WebP and documents as PDF")))  # fmt: skip
            elif name in files and published and name.lower().endswith(IMAGE_SUFFIXES):
                pixels = image_pixels(Path(path))
                if pixels is not None and pixels > IMAGE_MAX_PIXELS:
                    problems.append(Problem(shown, 0, "", say(language,
                        f"gambar {pixels / 1e6:.0f} megapiksel, lebih dari {IMAGE_MAX_PIXELS // 1_000_000}; "
                        "ekspor ulang dengan sisi terpanjang paling banyak 4000 piksel",
                        f"an image of {pixels / 1e6:.0f} megapixels, more than {IMAGE_MAX_PIXELS // 1_000_000}; "
                        "export it again with its longest side at most 4000 pixels")))  # fmt: skip
    return problems


def read_text(path: Path, shown: str, language: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that names the line holding the first byte that is not
    UTF-8 (mostly a file saved by Windows as "ANSI")."""
    data = path.read_bytes()
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


def check_content(files: list[Path], rules: Rules, shown_from: Path) -> dict[str, Bulletin]:
    """Bulletins by absolute source path; raises BulletinError listing every problem."""
    bulletins, problems = {}, content_problems(rules, shown_from)
    for path in files:
        shown = os.path.relpath(path, shown_from)
        if inside(rules.content_root, os.path.relpath(path, rules.content_root)) is None:
            continue  # a link out of content/, reported above and never read
        text, problem = read_text(path, shown, rules.language)
        if problem:
            problems.append(problem)
            continue
        bulletin, found = check_file(shown, text, rules)
        problems.extend(found)
        if bulletin:
            bulletin.source_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            bulletins[os.path.abspath(path)] = bulletin
    problems.extend(check_all(bulletins.values(), rules.language))
    if problems:
        raise BulletinError(sorted(problems), rules.language)
    return bulletins
