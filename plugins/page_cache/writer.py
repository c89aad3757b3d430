"""A Pelican writer that places unchanged pages from the page store instead of rendering."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from pelican import signals
from pelican.paginator import Page
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from warta.core.output import output_of
from warta.core.pagination import paginate
from warta.core.registry import Setting, accept, is_relative_path
from warta.core.settings import declare, project_root

from .compiled import TemplateCache
from .keys import Fingerprints, TemplateInputs, code_key, site_key
from .store import PageStore

logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("PAGE_CACHE", True, accept(lambda v: isinstance(v, bool), "use True or False"),
            "Keep rendered pages and skip rendering those whose inputs did not change."),
    Setting("PAGE_CACHE_DIR", "cache/pages", accept(is_relative_path, "use a folder relative to the project folder"),
            "The folder of rendered pages, relative to the project folder."),
)  # fmt: skip
WORK = "page_cache"  # the build's writer in Output.work, its store saved when the build finishes
TEMPLATES = "page_cache.templates"  # the build's TemplateCache in Output.work


class CachingWriter(Writer):
    """Pelican's writer with stable list pages, a key per page and the store of rendered
    pages (None when PAGE_CACHE is off)."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        enabled = settings["PAGE_CACHE"]
        folder = project_root(settings) / settings["PAGE_CACHE_DIR"]
        self.store = PageStore(folder) if enabled else None
        self.output = output_of(settings)
        templates = self.output.work.get(TEMPLATES)
        code = templates.code if templates is not None else code_key(settings, project_root(settings) / "data")
        self.site = site_key(code, settings)
        self.inputs = TemplateInputs(folder, code) if enabled else TemplateInputs()
        self.fingerprints = Fingerprints()
        self.values: dict[tuple[str, int], tuple[object, bytes | None]] = {}
        self.output.work[WORK] = self

    def key(self, template, context) -> str | None:
        names = self.inputs(template) if self.store is not None else None
        if names is None:
            return None
        parts = [self.site, f"{template.name}\0{context['output_file']}".encode()]
        for name in names:
            if name in context:
                part = self._fingerprint(name, context[name])
                if part is None:
                    logger.debug("page cache: %s renders every time (cannot fingerprint %s)", context["output_file"],
                                 name)  # fmt: skip
                    return None
                parts += (name.encode(), part)
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    def _fingerprint(self, name: str, value) -> bytes | None:
        # Most pages pass the same site-wide values (SITEURL, the urgent banner, the feed
        # directory): each is fingerprinted once. Values do not change while pages are written.
        known = self.values.get((name, id(value)))
        if known is None:
            known = self.values[(name, id(value))] = (value, self.fingerprints.of(value))
        return known[1]

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        """Pelican's `Writer.write_file` (4.12), each page first looked up in the store, and
        lists cut into stable pages (`core.pagination`): `<key>_page` is a ListPage.

        A copy, not an override that calls Pelican's: its `write_file` renders each page and
        writes it (`template.render`, then `_open_w`) in one nested function, with no method
        or signal between a page's context and its rendering where a stored page could be
        placed instead, and it numbers list pages with its own Paginator, which
        `core.pagination` replaces. Every file is written or placed through the build's
        Output (`_write`, `_placed`), which records it."""
        if not name:
            return
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._page(template, context, name, kwargs, relative_urls, override_output)
            return
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]

        def address(number: int) -> tuple[str, str]:
            # Pelican's PAGINATION_PATTERNS, applied the way its own pages apply them.
            page = Page(name, url, (), number, None, self.settings)
            return page.url, page.save_as

        cut = {key: paginate(items, per_page, address) for key, items in paginated.items()}
        for pages in zip(*cut.values()):
            page_kwargs = dict(kwargs, **{f"{key}_page": page for key, page in zip(cut, pages)})
            self._page(template, context, pages[0].save_as, page_kwargs, relative_urls, override_output)

    def _page(self, template, context, name: str, kwargs: dict, relative_urls: bool, override: bool) -> None:
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(kwargs)
        if local["localsiteurl"]:  # so that content objects adjust their links
            context["localsiteurl"] = local["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        if self._claim(path, override):
            key = self.key(template, local)
            if not self._placed(key, name):
                self._write(template.render(local).encode("utf-8"), path, name, key)
        signals.content_written.send(path, context=local)

    def write_bytes(self, name: str, inputs, produce: Callable[[], bytes]) -> None:
        """Write a file that is not a template page (a feed, a CAP alert) the way pages are
        written: `produce()` runs only when no stored file has the key of `inputs` (every value
        the bytes depend on, fingerprinted like a page's values) and the site key."""
        path = sanitised_join(self.output_path, name)
        if not self._claim(path, False):
            return
        part = self.fingerprints.of(inputs) if self.store is not None else None
        key = hashlib.sha256(b"\0".join((self.site, name.encode(), part))).hexdigest() if part else None
        if not self._placed(key, name):
            self._write(produce(), path, name, key)

    def remember(self, slot: str, inputs, produce: Callable[[], object]) -> object:
        """A value made by code that many files share (a feed item), kept in the store under
        `slot` with the key of `inputs`: `produce()` runs only when the key changed."""
        part = self.fingerprints.of(inputs) if self.store is not None else None
        if part is None:
            return produce()
        key = hashlib.sha256(b"\0".join((self.site, slot.encode(), part))).digest()
        found = self.store.recall(slot, key)
        if found is not None:
            return found
        value = produce()
        self.store.keep_value(slot, key, value)
        return value

    def _placed(self, key: str | None, name: str) -> bool:
        return bool(key and self.store.place(key, self.output, name))

    def _write(self, data: bytes, path: str, name: str, key: str | None) -> None:
        # The same bytes as the live file (after a plugin or template change that left this
        # page alone): the store takes the live file, which stays where it is.
        if key and self.store.adopt(key, data, self.output, name):
            return
        self.output.write(name, data)  # an earlier write may be a link into the store: replaced
        if key:
            self.store.add(key, path)
        logger.info('Writing "%s"', path)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rule for writing one file twice (`Writer._open_w`): an error, unless one
        write overrides, and then later ones are skipped. False means skip this write."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" a second time (was previously '
                                               "overwritten)")  # fmt: skip
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has already written to it '
                                           "previously (set `override=True` if intended)")  # fmt: skip
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True


def get_writer(pelican):
    return CachingWriter


def use_template_cache(generator) -> None:
    """Give the generator's Jinja environment the build's cache of compiled templates (one
    for every generator), unless the page cache is off or the settings name a cache of their own."""
    settings = generator.settings
    if not settings["PAGE_CACHE"] or generator.env.bytecode_cache is not None:
        return
    work = output_of(settings).work
    if TEMPLATES not in work:
        root = project_root(settings)
        try:
            work[TEMPLATES] = TemplateCache(root / settings["PAGE_CACHE_DIR"], code_key(settings, root / "data"))
        except OSError as error:  # a folder it cannot make: templates are compiled as usual
            logger.debug("page cache: no cache of compiled templates: %s", error)
            return
    generator.env.bytecode_cache = work[TEMPLATES]


def save_store(pelican) -> None:
    work = output_of(pelican.settings).work
    templates, writer = work.pop(TEMPLATES, None), work.pop(WORK, None)
    if templates is not None:
        templates.prune()
        logger.info("Page cache: %d templates compiled, %d loaded compiled", templates.compiled, templates.loaded)
    if writer is None or writer.store is None:
        return
    writer.store.save()
    writer.inputs.save()
    logger.info("Page cache: %d pages unchanged, %d rendered", writer.store.placed, writer.store.added)
    if writer.fingerprints.unknown:
        logger.debug("page cache: values it cannot fingerprint: %s", writer.fingerprints.unknown)


def register() -> None:
    declare(SETTINGS)
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(use_template_cache)
    signals.finalized.connect(save_store)
