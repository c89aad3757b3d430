"""The office's redirect file (`/old/url/ /new/url/` per line), read by every plugin that
lists or links pages."""

from __future__ import annotations

from pathlib import Path

from .errors import StaffError

REDIRECTS_FILE = "data/redirects.txt"  # PERMANENCE_REDIRECTS_FILE's default


class PermanenceError(StaffError):
    """A published URL would disappear, or the redirect file or previous list is unusable.
    `vanished` holds the guard's findings: each missing URL with the count of missing files
    under it (empty for the other failures)."""

    def __init__(self, message: str, vanished: dict[str, int] | None = None) -> None:
        super().__init__(message)
        self.vanished = dict(vanished or {})


def redirects_file(settings) -> tuple[Path, str]:
    """The redirect file's path and the name staff know it by."""
    relative = settings.get("PERMANENCE_REDIRECTS_FILE", REDIRECTS_FILE)
    return Path(settings["PATH"]).resolve().parent / relative, relative


def read_redirects(path: Path, shown: str) -> dict[str, str]:
    """`/old/url/ /new/url/` per line; `#` starts a comment. Errors name file and line."""
    redirects: dict[str, str] = {}
    if not path.is_file():
        return redirects
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2 or not all(word.startswith("/") for word in words):
            raise PermanenceError(f"{shown}:{number}: '{line.strip()}' is not a redirect; write "
                                  "'/old/url/ /new/url/' (two site paths starting with /)")  # fmt: skip
        if words[0] in redirects:
            raise PermanenceError(f"{shown}:{number}: {words[0]} is redirected twice; keep one line")
        redirects[words[0]] = words[1]
    return redirects
