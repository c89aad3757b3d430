"""A Pelican writer that places unchanged pages from the page store instead of rendering."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.writers import Writer

from .keys import Fingerprints, TemplateInputs, site_key
from .store import PageStore

logger = logging.getLogger(__name__)

DEFAULTS = {"PAGE_CACHE": True, "PAGE_CACHE_DIR": "cache/pages"}
_active: list[CachingWriter] = []  # the build's writer, saved when the build finishes


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def project_folder(settings: dict) -> Path:
    return Path(settings["PATH"]).resolve().parent


class Stored(str):
    """What a cached template "renders": nothing, plus the key of the page to place."""

    def __new__(cls, key: str, render):
        text = super().__new__(cls, "")
        text.key, text.render = key, render
        return text


class Rendered(str):
    """A page rendered now, and the key to store it under."""

    def __new__(cls, text: str, key: str):
        page = super().__new__(cls, text)
        page.key = key
        return page


class CachedTemplate:
    """Stands in for a template in Pelican's `write_file`: renders only on a cache miss."""

    def __init__(self, template, writer: CachingWriter) -> None:
        self.template, self.writer = template, writer

    def render(self, context) -> str:
        key = self.writer.key(self.template, context)
        if key is None:
            return self.template.render(context)
        if self.writer.store.has(key):
            return Stored(key, lambda: self.template.render(context))
        return Rendered(self.template.render(context), key)

    def __getattr__(self, name):
        return getattr(self.template, name)


class PageFile:
    """The open output file: places a stored page, or writes and then stores a new one."""

    def __init__(self, handle, store: PageStore) -> None:
        self.handle, self.store = handle, store
        self.rendered: Rendered | None = None

    def write(self, text):
        if isinstance(text, Stored) and self.handle.name != os.devnull:
            self.handle.close()
            if self.store.place(text.key, self.handle.name):
                return 0
            text = text.render()  # the stored file vanished: render after all
            self.handle = open(self.handle.name, "w", encoding="utf-8")
        if isinstance(text, Rendered):
            self.rendered = text
        return self.handle.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()
        if self.rendered is not None and exc[0] is None and self.handle.name != os.devnull:
            self.store.add(self.rendered.key, self.handle.name)

    def __getattr__(self, name):
        return getattr(self.handle, name)


class CachingWriter(Writer):
    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        folder = project_folder(settings) / setting(settings, "PAGE_CACHE_DIR")
        self.store = PageStore(folder)
        self.site = site_key(settings, project_folder(settings) / "data")
        self.inputs = TemplateInputs()
        self.fingerprints = Fingerprints()
        self.values: dict[tuple[str, int], tuple[object, bytes | None]] = {}
        _active[:] = [self]

    def key(self, template, context) -> str | None:
        names = self.inputs(template)
        if names is None:
            return None
        digest = hashlib.sha256(self.site)
        digest.update(f"{template.name}\0{context['output_file']}\0".encode())
        for name in sorted(names):
            if name not in context:
                continue
            part = self._fingerprint(name, context[name])
            if part is None:
                logger.debug("page cache: %s renders every time (cannot fingerprint %s)", context["output_file"], name)
                return None
            digest.update(name.encode() + b"\0" + part)
        return digest.hexdigest()

    def _fingerprint(self, name: str, value) -> bytes | None:
        # Most pages pass the same site-wide values (SITEURL, the urgent banner, the feed
        # directory): each is fingerprinted once. Values do not change while pages are written.
        known = self.values.get((name, id(value)))
        if known is None:
            known = self.values[(name, id(value))] = (value, self.fingerprints.of(value))
        return known[1]

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, CachedTemplate(template, self), context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        # A placed page is a hard link into the store: a second write to the same name
        # (Pelican's override) must make a new file, never write through the link.
        if filename in self._written_files and filename not in self._overridden_files:
            Path(filename).unlink(missing_ok=True)
        return PageFile(super()._open_w(filename, encoding, override), self.store)


def get_writer(pelican):
    return CachingWriter if setting(pelican.settings, "PAGE_CACHE") else None


def save_store(pelican) -> None:
    for writer in _active:
        writer.store.save()
        logger.info("Page cache: %d pages placed unchanged, %d rendered and kept", writer.store.placed,
                    writer.store.added)  # fmt: skip
        if writer.fingerprints.unknown:
            logger.debug("page cache: values it cannot fingerprint: %s", writer.fingerprints.unknown)
    _active.clear()


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_store)
