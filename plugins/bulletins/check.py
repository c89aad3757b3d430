"""Validate every bulletin under the article paths; shared by the build and `invoke check`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .model import Bulletin
from .schema import Problem, Rules, check_all, check_file

EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


class BulletinError(Exception):
    """One or more bulletins are invalid; `problems` holds every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' * (count != 1)} in the bulletins; "
                         "fix each line above and run again")  # fmt: skip


def bulletin_files(content_root: Path, article_paths, excludes=()) -> list[Path]:
    files = []
    for folder in article_paths:
        for path in sorted((content_root / folder).rglob("*")):
            if path.suffix in EXTENSIONS and not any(part in excludes for part in path.parts):
                files.append(path)
    return files


def check_content(files: list[Path], rules: Rules, shown_from: Path) -> dict[str, Bulletin]:
    """Bulletins by absolute source path; raises BulletinError listing every problem."""
    bulletins, problems = {}, []
    for path in files:
        shown = os.path.relpath(path, shown_from)
        text = path.read_text(encoding="utf-8-sig")
        bulletin, found = check_file(shown, text, rules)
        problems.extend(found)
        if bulletin:
            bulletin.source_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            bulletins[os.path.abspath(path)] = bulletin
    problems.extend(check_all(bulletins.values()))
    if problems:
        raise BulletinError(sorted(problems))
    return bulletins
