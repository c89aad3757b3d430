"""Pelican glue: the search page is a generator's output; the index is built from the
bulletin pages, one bundle per year, while the rest of the site is written, and awaited
when the build finishes (`finalized`, as work the build's core.output.Output runs at its
end), so a failed index fails the build before anything is published."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from functools import partial
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from warta.core.output import DIRECTORY_MODE, TEMPORARY_SUFFIX, atomic_write, link, output_of
from warta.core.output import register as output_register
from warta.core.site import published_articles
from warta.core.settings import declare, project_root

from .canonical import BundleFormatError, canonicalize
from .settings import SETTINGS, Config, config_from

logger = logging.getLogger(__name__)

SEARCH_KEY = "search"  # the template context's SearchPage


@dataclass(frozen=True)
class SearchPage:
    """What templates need: the page's URL, the Pagefind bundles' folders (site-relative,
    newest year first: the page loads the first and merges the others)."""

    url: str
    bundles: tuple[str, ...]
    base: str  # the site's path on its host ("/" at a domain's root), for result links


@dataclass(frozen=True)
class IndexReport:
    pages: int
    words: int
    filters: int
    bytes: int  # everything in the bundle folder, the UI files included


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


def pagefind_binary() -> str:
    """The Pagefind executable shipped in the `pagefind-bin` wheel (never downloaded at run time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("the Pagefind binary is missing; install it with "
                               "`pip install -r requirements.txt` (package pagefind-bin)") from None  # fmt: skip
    return str(get_executable())


def pagefind_command(binary: str, site: Path, config: Config, bundle: Path) -> list[str]:
    # One language for the whole site (`<html lang="id">` says the same): Pagefind then
    # stems Indonesian words and writes one index.
    return [binary, "--site", str(site), "--output-path", str(bundle), "--force-language", config.language]


def _count(output: str, what: str) -> int:
    found = re.search(rf"Indexed (\d+) {what}", output)
    return int(found.group(1)) if found else 0


# What the search page and Pagefind's JavaScript API read from a bundle (the worker script is
# the API's default for partners' pages). Pagefind also writes its UI kits, a highlighting
# script and the WebAssembly for pages without a language, about 400 KB a bundle that no
# page loads: they are left out of the site.
KEPT_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEPT_FOLDERS = ("index", "fragment", "filter")


def prune(bundle: Path, language: str) -> None:
    """Remove the bundle's files that neither the search page nor the API reads."""
    for entry in bundle.iterdir():
        name = entry.name
        if entry.is_dir():
            if name not in KEPT_FOLDERS:
                shutil.rmtree(entry)
        elif not (name in KEPT_FILES or name == f"wasm.{language}.pagefind" or name.endswith(".pf_meta")):
            entry.unlink()


def _pagefind(command: list[str], bundle: Path) -> IndexReport:
    """Run Pagefind to its end and put its bundle in order; what it indexed."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not run ({error})") from None
    except subprocess.TimeoutExpired:
        raise SearchIndexError("Pagefind took more than 30 minutes") from None
    if done.returncode != 0 or not bundle.is_dir():
        tail = "\n".join(done.stdout.strip().splitlines()[-15:])
        raise SearchIndexError(f"Pagefind failed with exit code {done.returncode}:\n{tail}")
    try:
        canonicalize(bundle)  # Pagefind's filter files differ from run to run; see canonical.py
    except (BundleFormatError, OSError, ValueError, KeyError) as error:
        raise SearchIndexError(f"cannot put the filter indexes in order ({error}); is pagefind-bin the "
                               "version requirements.txt pins?") from None  # fmt: skip
    prune(bundle, command[command.index("--force-language") + 1])
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())
    return IndexReport(_count(done.stdout, "pages"), _count(done.stdout, "words"), _count(done.stdout, "filters"),
                       size)  # fmt: skip


def build_index(site: Path, config: Config, binary: str | None = None) -> IndexReport:
    """Run Pagefind over a whole built site, in one bundle at `site/<bundle_dir>/`."""
    bundle = site / config.bundle_dir
    shutil.rmtree(bundle, ignore_errors=True)  # fragments of an earlier run would linger
    return _pagefind(pagefind_command(binary or pagefind_binary(), site, config, bundle), bundle)


def part_of(article) -> str:
    """The bundle a bulletin is indexed in: its year."""
    return str(article.date.year)


def parts(articles) -> list[str]:
    """The site's bundles, newest first (the search page loads the first and merges the rest)."""
    return sorted({part_of(article) for article in articles}, reverse=True)


def _pages_digest(pages: dict[str, Path], command: list[str]) -> str:
    digest = hashlib.sha256("\0".join(command).encode())
    for page, file in sorted(pages.items()):
        digest.update(page.encode() + b"\0" + hashlib.sha256(Path(file).read_bytes()).digest())
    return digest.hexdigest()


class Indexing:
    """Pagefind at work on the bulletin pages, one bundle per year (`parts`).

    Pagefind holds a whole index in memory while it writes it: about 1 GB for 10,000 pages.
    One run per year bounds that by the largest year. A year whose pages have the same bytes
    as when its bundle was made keeps that bundle from the cache folder, so a new bulletin
    re-indexes its own year only. The runs read a snapshot of the pages, hard-linked into a
    scratch folder, one after another in a thread, while the rest of the site is written."""

    def __init__(self, site: Path, config: Config, settings, pages: dict[str, dict[str, Path]],
                 binary: str | None = None):  # fmt: skip
        self.site, self.config, self.settings = site, config, settings
        self.cache = project_root(settings) / config.cache_dir
        self.binary = binary or pagefind_binary()
        self.parts = sorted(pages)
        self.reports: dict[str, IndexReport] = {}
        self.error: SearchIndexError | None = None
        self.thread = threading.Thread(target=self._run, args=(pages,), name="pagefind", daemon=True)
        self.thread.start()
        output_of(settings).aside(self.thread)

    def _run(self, pages: dict[str, dict[str, Path]]) -> None:
        try:
            for part in self.parts:
                self.reports[part] = self._index(part, pages[part])
        except SearchIndexError as error:
            self.error = error
        except OSError as error:
            self.error = SearchIndexError(f"cannot index the bulletin pages ({error})")

    def _index(self, part: str, pages: dict[str, Path]) -> IndexReport:
        bundle, record = self.cache / part, self.cache / f"{part}.json"
        command = pagefind_command(self.binary, Path("<snapshot>"), self.config, Path("<bundle>"))
        key = _pages_digest(pages, command)
        try:
            known = json.loads(record.read_text(encoding="utf-8"))
            if known["key"] == key and bundle.is_dir():
                return IndexReport(**known["report"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self.cache.mkdir(parents=True, exist_ok=True)
        # Scratch names a later build recognises if this one is killed: the snapshot is named
        # after the site folder (`.output-new-…-search-…` beside output/), the fresh bundle
        # ends in `.tmp` (core.output.is_leftover).
        snapshot = Path(tempfile.mkdtemp(prefix=f".{self.site.name.lstrip('.')}-search-", dir=self.site.parent))
        fresh = Path(tempfile.mkdtemp(prefix=f".{part}-", suffix=TEMPORARY_SUFFIX, dir=self.cache))
        try:
            for page, file in pages.items():
                link(file, snapshot / page)
            report = _pagefind(pagefind_command(self.binary, snapshot, self.config, fresh), fresh)
            fresh.chmod(DIRECTORY_MODE)  # mkdtemp's 0700, as the bundle's folder in cache/
            shutil.rmtree(bundle, ignore_errors=True)
            fresh.rename(bundle)
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)
            shutil.rmtree(fresh, ignore_errors=True)
        atomic_write(record, json.dumps({"key": key, "report": dataclasses.asdict(report)}).encode())
        return report

    def finish(self) -> IndexReport:
        """Wait for the runs; put every bundle into the site; drop bundles of years gone."""
        self.thread.join()
        if self.error:
            raise self.error
        output = output_of(self.settings)
        for part in self.parts:
            bundle = self.cache / part
            for folder, _, files in os.walk(bundle):
                for name in files:
                    file = os.path.join(folder, name)
                    relative = os.path.relpath(file, bundle).replace(os.sep, "/")
                    output.place(file, f"{self.config.bundle_dir}/{part}/{relative}")
        gone = [entry for entry in (self.cache.iterdir() if self.cache.is_dir() else ())
                if entry.name.removesuffix(".json") not in self.parts and not entry.name.startswith(".")]
        for entry in gone:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        reports = self.reports.values()
        return IndexReport(*(sum(getattr(r, f.name) for r in reports) for f in dataclasses.fields(IndexReport)))


def start_index(generator, writer) -> None:
    """Every bulletin page is written once the articles generator is done, and only those
    pages carry `data-pagefind-body`: Pagefind starts on them now, on the other core, while
    the lists, lite pages, cards and feeds are written."""
    config, output = config_from(generator.settings), generator.output_path
    shutil.rmtree(Path(output) / config.bundle_dir, ignore_errors=True)  # an earlier build's, in place
    pages: dict[str, dict[str, Path]] = {}
    store = output_of(generator.settings)
    for article in published_articles(generator.context):
        pages.setdefault(part_of(article), {})[article.save_as] = store.site_file(article.save_as)
    try:
        indexing = Indexing(Path(output), config, generator.settings, pages)
    except SearchIndexError as error:
        logger.error("search: %s", error)
        return
    store.at_end(partial(index_site, indexing, config))  # the build's work in flight


def index_site(indexing: Indexing, config: Config) -> None:
    """Wait for the index and put it into the site, when every page is written. A failure
    is logged as an error, which makes `invoke build` publish nothing (plain `pelican`
    shows the error and leaves the site without search)."""
    try:
        report = indexing.finish()
    except SearchIndexError as error:
        logger.error("search: %s", error)
        return
    logger.info("Search index: %s pages, %s words, %s filters, %s KB in %s/ (%s)", report.pages, report.words,
                report.filters, round(report.bytes / 1024), config.bundle_dir, ", ".join(indexing.parts))  # fmt: skip


def check_settings(pelican) -> None:
    config_from(pelican.settings)


class SearchPageGenerator(Generator):
    """Writes the search page; its script reads the bundles through Pagefind's JavaScript API."""

    def generate_context(self) -> None:
        self.config = config_from(self.settings)
        base = urlsplit(self.settings.get("SITEURL") or "").path.rstrip("/") + "/"
        bundles = tuple(f"{self.config.bundle_dir}/{part}/" for part in parts(published_articles(self.context)))
        self.context[SEARCH_KEY] = SearchPage(self.config.url, bundles, base)

    def generate_output(self, writer) -> None:
        writer.write_file(self.config.save_as, self.get_template("search"), self.context, url=self.config.url,
                          relative_urls=self.settings["RELATIVE_URLS"])  # fmt: skip


def get_generators(pelican):
    return SearchPageGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    output_register()
    signals.article_writer_finalized.connect(start_index)
