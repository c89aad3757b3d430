"""Page keys: what a page's templates can read, and a fingerprint of each of those values."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from operator import attrgetter
from pathlib import Path

from jinja2 import meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from warta.core.output import atomic_write
from warta.core.settings import settings_digest

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent  # Warta's code: every plugin and the core
NAMES_FILE = "template-names.json"


def tree_digest(digest, folder: Path) -> None:
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def code_key(settings: dict, data_folder: Path) -> bytes:
    """What every page and every compiled template depend on besides the templates: library
    versions, Warta's code (plugins and their Jinja filters), settings and data files."""
    import jinja2
    import markdown
    import pelican

    digest = hashlib.sha256(f"pelican {pelican.__version__} jinja2 {jinja2.__version__} "
                            f"markdown {markdown.__version__}".encode())  # fmt: skip
    tree_digest(digest, PACKAGE)
    tree_digest(digest, data_folder)
    digest.update(settings_digest(settings))
    return digest.digest()


def site_key(code: bytes, settings: dict) -> bytes:
    """What every page depends on: `code_key`, the theme and the folders of templates that
    override it."""
    digest = hashlib.sha256(code)
    for folder in (settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", ())):
        digest.update(b"\0theme\0")
        tree_digest(digest, Path(folder).expanduser())
    return digest.digest()


def syntax(environment) -> bytes:
    """What parsing a template depends on besides its source: the environment's syntax
    options and its extensions."""
    e = environment
    return repr((e.block_start_string, e.block_end_string, e.variable_start_string, e.variable_end_string,
                 e.comment_start_string, e.comment_end_string, e.line_statement_prefix, e.line_comment_prefix,
                 e.trim_blocks, e.lstrip_blocks, e.newline_sequence, e.keep_trailing_newline,
                 sorted(e.extensions))).encode()  # fmt: skip


class TemplateInputs:
    """The context names a template (with everything it extends, includes and imports) reads.

    Parsing every template to find them costs about as much as fingerprinting the values of
    every page, so each template's own names are kept in the page cache folder (NAMES_FILE)
    under a digest of its source and syntax, the whole file under `version` (the code key:
    Warta's code, which finds the names, Jinja's version, the settings). Sources are still
    read each build: an edited template is parsed again."""

    def __init__(self, folder: Path | None = None, version: bytes = b"") -> None:
        self.known: dict[str, tuple[str, ...] | None] = {}
        self.own: dict[str, tuple[frozenset[str], tuple[str | None, ...]]] = {}
        self.file = folder / NAMES_FILE if folder is not None else None
        self.version = version.hex()
        self.kept: dict[str, list] = self._load()
        self.used: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        try:
            found = json.loads(self.file.read_text(encoding="utf-8"))
        except (AttributeError, OSError, ValueError):
            return {}
        if not isinstance(found, dict) or found.get("version") != self.version:
            return {}
        entries = found.get("templates")
        return entries if isinstance(entries, dict) else {}

    def __call__(self, template) -> tuple[str, ...] | None:
        """The names in sorted order, or None when they cannot be known."""
        if template.name not in self.known:
            names = self._names(template.environment, template.name)
            self.known[template.name] = None if names is None else tuple(sorted(names))
        return self.known[template.name]

    def _read(self, environment, name: str) -> tuple[frozenset[str], tuple[str | None, ...]]:
        """One template's own names and the templates it names (parsed once per build, and
        again only when its source or syntax changed)."""
        if name not in self.own:
            source = environment.loader.get_source(environment, name)[0]
            key = hashlib.sha256(syntax(environment) + b"\0" + source.encode("utf-8", "surrogatepass")).hexdigest()
            entry = self.used.get(key) or _valid(self.kept.get(key))
            if entry is None:
                tree = environment.parse(source, name)
                entry = [sorted(meta.find_undeclared_variables(tree)), list(meta.find_referenced_templates(tree))]
            self.used[key] = entry
            self.own[name] = (frozenset(entry[0]), tuple(entry[1]))
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

    def save(self) -> None:
        """Keep the names of the templates this build read, and only those."""
        if self.file is None or not self.used or (self.used == self.kept and self.file.exists()):
            return
        data = json.dumps({"version": self.version, "templates": self.used}, sort_keys=True)
        try:
            atomic_write(self.file, data.encode("utf-8"))
        except OSError as error:  # only costs parsing again next time
            logger.debug("page cache: cannot keep template names: %s", error)


def _valid(entry) -> list | None:
    """A kept entry as [names, referenced templates], or None when it is not one."""
    if (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list) and isinstance(entry[1], list)
            and all(isinstance(n, str) for n in entry[0]) and all(n is None or isinstance(n, str) for n in entry[1])):
        return entry
    return None


class Unknown(Exception):
    """A value of a kind the page cache cannot fingerprint."""


_SCALARS = (type(None), bool, int, float)


class Fingerprints:
    """Fingerprints of template values, each one SHA-256 fed with every part of the value.
    Bulletins, dataclasses and mappings are fingerprinted once per build and then fed as
    their digest (each is kept referenced, so its id stays its own).

    A build feeds a few hundred thousand parts, most of them items of lists (the bulletins a
    list page shows, the items of a feed): a list feeds strings, numbers and values already
    fingerprinted by itself, without a call per item."""

    def __init__(self) -> None:
        # (id, inside) -> (the value, its tag and digest as fed)
        self.memo: dict[tuple[int, bool], tuple[object, bytes]] = {}
        self.layouts: dict[type, tuple[bytes, Callable]] = {}  # dataclass -> (header, its fields' values)
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

    def _memo(self, digest, tag: bytes, value, inside: bool, make) -> None:
        """Feed the value's own digest, `make(value, inside)` the first time it is asked for."""
        found = self.memo.get((id(value), inside))
        if found is None:
            found = self.memo[(id(value), inside)] = (value, tag + make(value, inside))
        digest.update(found[1])

    def _items(self, digest, items, inside: bool) -> None:
        """The items of a list or tuple, each fed as `_feed` feeds it."""
        update, memo = digest.update, self.memo
        digest.update(b"l%d:" % len(items))
        for item in items:
            kind = type(item)
            if kind is str:
                data = item.encode("utf-8", "surrogatepass")
                update(b"s%d:%b" % (len(data), data))
            elif kind in _SCALARS:
                update(b"n%r;" % item)
            else:
                found = memo.get((id(item), inside))
                if found is None:
                    self._feed(digest, item, inside)
                else:
                    update(found[1])

    def _feed(self, digest, value, inside: bool) -> None:  # noqa: C901 - one branch per kind
        """Feed `value` into `digest`. Inside a bulletin, other bulletins count by reference."""
        kind = type(value)
        if kind is str or isinstance(value, str):  # Markup too
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data))
            digest.update(data)
        elif kind in _SCALARS:
            digest.update(b"n%r;" % value)
        elif kind is tuple or kind is list:
            self._items(digest, value, inside)
        elif isinstance(value, (datetime, date)):
            digest.update(b"d" + value.isoformat().encode() + b";")
        elif isinstance(value, Content):
            if inside:
                self._feed(digest, self._reference(value), True)
            else:  # inside its own fingerprint, other bulletins count by reference
                self._memo(digest, b"C", value, False, lambda v, _: self._digest(self._content(v), True))
        elif isinstance(value, URLWrapper):
            self._feed(digest, (type(value).__name__, value.name, value.slug, value.url, value.save_as), inside)
        elif hasattr(value, "__fingerprint__"):
            self._memo(digest, b"f", value, inside, lambda v, i: self._digest(v.__fingerprint__(), i))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._memo(digest, b"c", value, inside, self._dataclass)
        elif isinstance(value, dict):
            self._memo(digest, b"m", value, inside,
                       lambda v, i: self._digest(sorted(v.items(), key=lambda item: repr(item[0])), i))
        elif isinstance(value, (list, tuple)):
            self._items(digest, list(value), inside)
        elif isinstance(value, (set, frozenset)):
            digest.update(b"S" + b"".join(sorted(self._digest(item, inside) for item in value)))
        elif isinstance(value, bytes):
            digest.update(b"b%d:" % len(value))
            digest.update(value)
        elif isinstance(value, tzinfo):
            self._feed(digest, ("tz", str(value)), inside)
        else:
            raise Unknown(type(value).__qualname__)

    def _dataclass(self, value, inside: bool) -> bytes:
        """A dataclass by its type's name and fields, then the list of its fields' values."""
        layout = self.layouts.get(type(value))
        if layout is None:
            names = [field.name for field in dataclasses.fields(value)]
            header = repr((type(value).__module__, type(value).__qualname__, names)).encode()
            getter = attrgetter(*names) if len(names) > 1 else lambda v: tuple(getattr(v, n) for n in names)
            layout = self.layouts[type(value)] = (b"c%d:%b" % (len(header), header), getter)
        digest = hashlib.sha256(layout[0])
        self._items(digest, layout[1](value), inside)
        return digest.digest()

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
