"""Page keys: what a page's templates can read, and a fingerprint of each of those values."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from datetime import date, datetime, tzinfo
from pathlib import Path

from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

# Settings that differ between builds of the same site without changing any page: where the
# build writes and caches, and the build's clock (its effects reach the key through the
# bulletins' own state, e.g. `is_expired`).
VOLATILE = ("OUTPUT_PATH", "CACHE_PATH", "BULLETINS_NOW", "LOAD_CONTENT_CACHE", "CACHE_CONTENT", "PAGE_CACHE_DIR")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # reprs of functions differ per process
# Attributes of a bulletin or page that are not what templates show: the whole site's
# context, the settings (in the site key), and memos of values fingerprinted elsewhere.
CONTENT_SKIP = frozenset({"_context", "settings", "_content", "_summary", "facts", "metadata", "translations"})
UNKNOWN = None


def settings_digest(settings: dict, volatile=VOLATILE) -> bytes:
    stable = {key: value for key, value in settings.items() if key not in volatile}
    return ADDRESS.sub("", json.dumps(stable, sort_keys=True, default=repr)).encode()


def tree_digest(digest, folder: Path) -> None:
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def site_key(settings: dict, data_folder: Path) -> bytes:
    """What every page depends on: library versions, theme, plugins, settings, data files."""
    import jinja2
    import markdown
    import pelican

    digest = hashlib.sha256(f"pelican {pelican.__version__} jinja2 {jinja2.__version__} "
                            f"markdown {markdown.__version__}".encode())  # fmt: skip
    tree_digest(digest, Path(settings["THEME"]))
    for folder in settings.get("PLUGIN_PATHS", ()):
        tree_digest(digest, Path(folder))
    tree_digest(digest, data_folder)
    digest.update(settings_digest(settings))
    return digest.digest()


class TemplateInputs:
    """The context names a template (with everything it extends, includes and imports) reads."""

    def __init__(self) -> None:
        self.known: dict[str, frozenset[str] | None] = {}

    def __call__(self, template) -> frozenset[str] | None:
        if template.name not in self.known:
            self.known[template.name] = self._names(template.environment, template.name)
        return self.known[template.name]

    def _names(self, environment, name: str) -> frozenset[str] | None:
        names: set[str] = set()
        queue, seen = [name], set()
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            source = environment.loader.get_source(environment, current)[0]
            tree = environment.parse(source)
            names |= meta.find_undeclared_variables(tree)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:  # a template chosen at render time: cannot know
                    logger.debug("page cache: %s includes a template named at render time", current)
                    return None
                queue.append(referenced)
        return frozenset(names)


class Fingerprints:
    """Fingerprints of template values. Bulletins, pages and other long-lived objects are
    fingerprinted once per build (each is kept referenced, so its id stays its own)."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, bool], tuple[object, bytes | None]] = {}
        self.unknown: dict[str, int] = {}

    def of(self, value, inside: bool = False) -> bytes | None:
        if value is None or isinstance(value, (bool, int, float)):
            return repr(value).encode()
        if isinstance(value, str):  # Markup too
            return b"s" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()
        if isinstance(value, bytes):
            return b"b" + hashlib.sha256(value).digest()
        if isinstance(value, (datetime, date)):
            return b"d" + value.isoformat().encode()
        if isinstance(value, tzinfo):
            return b"z" + str(value).encode()
        if isinstance(value, Content):
            return self._reference(value) if inside else self._memo(value, inside, self._content)
        if isinstance(value, URLWrapper):
            return f"w{type(value).__name__}\0{value.name}\0{value.slug}\0{value.url}\0{value.save_as}".encode()
        if isinstance(value, Page):
            return self._combine(b"p", [value.number, value.url, value.save_as, value.paginator, value.object_list],
                                 inside)  # fmt: skip
        if isinstance(value, Paginator):
            # A page shows its own items; the paginator only its size and where pages are.
            return self._combine(b"P", [value.name, value.url, value.count, value.num_pages, value.per_page], inside)
        if hasattr(value, "__fingerprint__"):
            return self._memo(value, inside, lambda v: self._combine(b"f", [v.__fingerprint__()], inside))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._memo(value, inside, lambda v: self._combine(
                f"c{type(v).__qualname__}".encode(), [(f.name, getattr(v, f.name)) for f in dataclasses.fields(v)],
                inside))  # fmt: skip
        if isinstance(value, (list, tuple)):
            return self._combine(b"l", list(value), inside)
        if isinstance(value, dict):
            return self._memo(value, inside, lambda v: self._combine(
                b"m", sorted(v.items(), key=lambda i: repr(i[0])), inside))  # fmt: skip
        if isinstance(value, (set, frozenset)):
            parts = [self.of(item, inside) for item in value]
            return None if None in parts else self._hash(b"S", sorted(parts))
        name = type(value).__qualname__
        self.unknown[name] = self.unknown.get(name, 0) + 1
        return UNKNOWN

    def _memo(self, value, inside: bool, compute) -> bytes | None:
        found = self.memo.get((id(value), inside))
        if found is None:
            found = self.memo[(id(value), inside)] = (value, compute(value))
        return found[1]

    def _combine(self, tag: bytes, items: list, inside: bool) -> bytes | None:
        parts = []
        for item in items:
            part = self.of(item, inside)
            if part is None:
                return UNKNOWN
            parts.append(part)
        return self._hash(tag, parts)

    @staticmethod
    def _hash(tag: bytes, parts) -> bytes:
        digest = hashlib.sha256(tag)
        for part in parts:
            digest.update(len(part).to_bytes(4, "big") + part)
        return digest.digest()

    def _content(self, content: Content) -> bytes | None:
        """A bulletin or page by value: its source file, its rendered text, and every
        attribute the plugins attached (other bulletins in them only by reference)."""
        try:
            source = Path(content.source_path).read_bytes()
        except OSError:
            source = b""
        attributes = sorted((name, value) for name, value in vars(content).items() if name not in CONTENT_SKIP)
        return self._combine(b"C", [source, content.content, getattr(content, "summary", None), attributes],
                             inside=True)  # fmt: skip

    def _reference(self, content: Content) -> bytes | None:
        """Another bulletin named from within one: what a link to it shows."""
        bulletin = getattr(content, "bulletin", None)
        state = (bulletin.code, bulletin.status, bulletin.is_expired) if bulletin else ()
        return self._combine(b"r", [content.url, content.title, content.date, *state], inside=True)
