"""Pelican glue: the search page is a generator's output; the index is built from the
bulletin pages in the staging output while the rest of the site is written, and awaited
when the build finishes (`finalized`), so a failed index fails the build before anything is
published."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from bulletins.files import link, site_file
from bulletins.plugin import published_articles

from .canonical import BundleFormatError, canonicalize
from .settings import Config, config_from

logger = logging.getLogger(__name__)

SEARCH_KEY = "search"  # the template context's SearchPage


@dataclass(frozen=True)
class SearchPage:
    """What templates need: the page's URL and the Pagefind bundle's folder (site-relative)."""

    url: str
    bundle: str
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


def pagefind_command(binary: str, site: Path, config: Config, bundle: Path | None = None) -> list[str]:
    # One language for the whole site (`<html lang="id">` says the same): Pagefind then
    # stems Indonesian words and writes one index.
    where = ["--output-path", str(bundle)] if bundle else ["--output-subdir", config.bundle_dir]
    return [binary, "--site", str(site), *where, "--force-language", config.language]


def _count(output: str, what: str) -> int:
    found = re.search(rf"Indexed (\d+) {what}", output)
    return int(found.group(1)) if found else 0


class Indexing:
    """Pagefind at work on a site. Given `pages` (site-relative path -> file), it reads a
    snapshot of just those, hard-linked into a scratch folder, so it can run while the rest
    of the site is still being written; otherwise it reads the whole site."""

    def __init__(self, site: Path, config: Config, pages: dict[str, Path] | None = None,
                 binary: str | None = None):  # fmt: skip
        self.bundle = site / config.bundle_dir
        shutil.rmtree(self.bundle, ignore_errors=True)  # fragments of an earlier build would linger
        self.snapshot = None
        source = site
        if pages is not None:
            source = self.snapshot = Path(tempfile.mkdtemp(prefix=".search-", dir=site.parent))
            for page, file in pages.items():
                link(file, self.snapshot / page)
        command = pagefind_command(binary or pagefind_binary(), source, config, self.bundle)
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as error:
            self._clean()
            raise SearchIndexError(f"Pagefind could not run ({error})") from None

    def _clean(self) -> None:
        if self.snapshot:
            shutil.rmtree(self.snapshot, ignore_errors=True)

    def finish(self) -> IndexReport:
        try:
            output, _ = self.process.communicate(timeout=1800)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise SearchIndexError("Pagefind took more than 30 minutes") from None
        finally:
            self._clean()
        bundle = self.bundle
        if self.process.returncode != 0 or not bundle.is_dir():
            tail = "\n".join(output.strip().splitlines()[-15:])
            raise SearchIndexError(f"Pagefind failed with exit code {self.process.returncode}:\n{tail}")
        try:
            canonicalize(bundle)  # Pagefind's filter files differ from run to run; see canonical.py
        except (BundleFormatError, OSError, ValueError, KeyError) as error:
            raise SearchIndexError(f"cannot put the filter indexes in order ({error}); is pagefind-bin the "
                                   "version requirements.txt pins?") from None  # fmt: skip
        size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())
        return IndexReport(_count(output, "pages"), _count(output, "words"), _count(output, "filters"), size)


def build_index(site: Path, config: Config, binary: str | None = None) -> IndexReport:
    """Run Pagefind over a built site; the bundle is written to `site/<bundle_dir>/`."""
    return Indexing(site, config, binary=binary).finish()


_running: dict[str, Indexing] = {}  # output folder -> the index being built for it


def start_index(generator, writer) -> None:
    """Every bulletin page is written once the articles generator is done, and only those
    pages carry `data-pagefind-body`: Pagefind starts on them now, on the other core, while
    the lists, lite pages, cards and feeds are written."""
    config, output = config_from(generator.settings), generator.output_path
    pages = {article.save_as: site_file(generator.settings, output, article.save_as)
             for article in published_articles(generator.context)}  # fmt: skip
    try:
        _running[generator.output_path] = Indexing(Path(generator.output_path), config, pages)
    except SearchIndexError as error:
        logger.error("search: %s", error)


def index_site(pelican) -> None:
    """Wait for the index (or build it now). A failure is logged as an error, which makes
    `invoke build` publish nothing (plain `pelican` shows the error and leaves the site
    without search)."""
    config = config_from(pelican.settings)
    try:
        indexing = _running.pop(pelican.output_path, None) or Indexing(Path(pelican.output_path), config)
        report = indexing.finish()
    except SearchIndexError as error:
        logger.error("search: %s", error)
        return
    logger.info("Search index: %s pages, %s words, %s filters, %s KB in %s/", report.pages, report.words,
                report.filters, round(report.bytes / 1024), config.bundle_dir)  # fmt: skip


def check_settings(pelican) -> None:
    config_from(pelican.settings)


class SearchPageGenerator(Generator):
    """Writes the search page; it loads Pagefind's own UI from the bundle folder."""

    def generate_context(self) -> None:
        self.config = config_from(self.settings)
        base = urlsplit(self.settings.get("SITEURL") or "").path.rstrip("/") + "/"
        self.context[SEARCH_KEY] = SearchPage(self.config.url, self.config.bundle_dir + "/", base)

    def generate_output(self, writer) -> None:
        writer.write_file(self.config.save_as, self.get_template("search"), self.context, url=self.config.url,
                          relative_urls=self.settings["RELATIVE_URLS"])  # fmt: skip


def get_generators(pelican):
    return SearchPageGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.article_writer_finalized.connect(start_index)
    signals.finalized.connect(index_site)
