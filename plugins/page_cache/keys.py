"""Page keys: what a page's templates can read, and a fingerprint of each of those values."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from datetime import date, datetime, tzinfo
from pathlib import Path

from jinja2 import meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from warta.core.settings import settings_digest

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent  # Warta's code: every plugin and the core

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
    tree_digest(digest, PACKAGE)
    tree_digest(digest, data_folder)
    digest.update(settings_digest(settings))
    return digest.digest()


class TemplateInputs:
    """The context names a template (with everything it extends, includes and imports) reads."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, ...] | None] = {}
        self.own: dict[str, tuple[frozenset[str], tuple[str | None, ...]]] = {}

    def __call__(self, template) -> tuple[str, ...] | None:
        """The names in sorted order, or None when they cannot be known."""
        if template.name not in self.known:
            names = self._names(template.environment, template.name)
            self.known[template.name] = None if names is None else tuple(sorted(names))
        return self.known[template.name]

    def _read(self, environment, name: str) -> tuple[frozenset[str], tuple[str | None, ...]]:
        """One template's own names and the templates it names (parsed once per build)."""
        if name not in self.own:
            tree = environment.parse(environment.loader.get_source(environment, name)[0])
            self.own[name] = (frozenset(meta.find_undeclared_variables(tree)),
                              tuple(meta.find_referenced_templates(tree)))  # fmt: skip
        return self.own[name]

    def _names(self, environment, name: str) -> frozenset[str] | None:
        names: set[str] = set()
        queue, seen = [name], set()
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            own, referenced = self._read(environment, current)
            if None in referenced:  # a template chosen at render time: cannot know
                logger.debug("page cache: %s includes a template named at render time", current)
                return None
            names |= own
            queue.extend(referenced)
        return frozenset(names)


class Unknown(Exception):
    """A value of a kind the page cache cannot fingerprint."""


class Fingerprints:
    """Fingerprints of template values, each one SHA-256 fed with every part of the value.
    Bulletins, dataclasses and mappings are fingerprinted once per build and then fed as
    their digest (each is kept referenced, so its id stays its own)."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, bool], tuple[object, bytes]] = {}
        self.unknown: dict[str, int] = {}

    def of(self, value) -> bytes | None:
        """The value's digest, or None when some part of it cannot be fingerprinted."""
        try:
            return self._digest(value, False)
        except Unknown as error:
            name = str(error)
            self.unknown[name] = self.unknown.get(name, 0) + 1
            return None

    def _digest(self, value, inside: bool) -> bytes:
        digest = hashlib.sha256()
        self._feed(digest, value, inside)
        return digest.digest()

    def _memo(self, digest, tag: bytes, value, inside: bool, parts) -> None:
        found = self.memo.get((id(value), inside))
        if found is None:
            found = self.memo[(id(value), inside)] = (value, self._digest(parts(value), inside or tag == b"C"))
        digest.update(tag + found[1])

    def _feed(self, digest, value, inside: bool) -> None:  # noqa: C901 - one branch per kind
        """Feed `value` into `digest`. Inside a bulletin, other bulletins count by reference."""
        kind = type(value)
        if kind is str or isinstance(value, str):  # Markup too
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data))
            digest.update(data)
        elif value is None or kind is bool or kind is int or kind is float:
            digest.update(b"n%r;" % value)
        elif kind is tuple or kind is list:
            digest.update(b"l%d:" % len(value))
            for item in value:
                self._feed(digest, item, inside)
        elif isinstance(value, (datetime, date)):
            digest.update(b"d" + value.isoformat().encode() + b";")
        elif isinstance(value, Content):
            if inside:
                self._feed(digest, self._reference(value), True)
            else:
                self._memo(digest, b"C", value, False, self._content)
        elif isinstance(value, URLWrapper):
            self._feed(digest, (type(value).__name__, value.name, value.slug, value.url, value.save_as), inside)
        elif hasattr(value, "__fingerprint__"):
            self._memo(digest, b"f", value, inside, lambda v: v.__fingerprint__())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._memo(digest, b"c", value, inside, lambda v: (
                type(v).__qualname__, [(f.name, getattr(v, f.name)) for f in dataclasses.fields(v)]))
        elif isinstance(value, dict):
            self._memo(digest, b"m", value, inside, lambda v: sorted(v.items(), key=lambda item: repr(item[0])))
        elif isinstance(value, (list, tuple)):
            self._feed(digest, list(value), inside)
        elif isinstance(value, (set, frozenset)):
            digest.update(b"S" + b"".join(sorted(self._digest(item, inside) for item in value)))
        elif isinstance(value, bytes):
            digest.update(b"b%d:" % len(value))
            digest.update(value)
        elif isinstance(value, tzinfo):
            self._feed(digest, ("tz", str(value)), inside)
        else:
            raise Unknown(type(value).__qualname__)

    def _content(self, content: Content) -> tuple:
        """A bulletin or page by its inputs: the source file and the files it names, its
        rendered text (Pelican resolves links to other content in it), its URL, and the
        state this build gives it. What plugins derive from these (share images, previews,
        the re-post kit, the embed card) follows from them and from the site key, which
        holds the plugins' code and the settings; walking those derived values instead
        costs about a millisecond per bulletin."""
        bulletin = getattr(content, "bulletin", None)
        if bulletin is None:
            return _read(Path(content.source_path)), content.content, content.url, content.save_as, content.status
        # The source's digest comes from validation, which already read every bulletin.
        root = Path(content.settings["PATH"])
        files = [_read(root / name) for name in (bulletin.image, bulletin.video_is_local and bulletin.video) if name]
        return (bulletin.source_digest, files, content.content, getattr(content, "summary", None), content.url,
                content.save_as, content.status,
                (bulletin.status, bulletin.is_expired, bulletin.replaces, bulletin.replaced_by, bulletin.latest))  # fmt: skip

    @staticmethod
    def _reference(content: Content) -> tuple:
        """Another bulletin named from within one: what a link to it shows."""
        bulletin = getattr(content, "bulletin", None)
        state = (bulletin.code, bulletin.status, bulletin.is_expired) if bulletin else ()
        return ("ref", content.url, content.title, content.date, *state)


def _read(path: Path) -> bytes:
    """A content file's bytes; b"" when it is missing (the bulletin schema reports that)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""
