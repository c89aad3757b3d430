"""Pelican glue: the search page is a generator's output; the index is built once the whole
site is written (`finalized`), over the staging output, so a failed index fails the build
before anything is published."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

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


def pagefind_command(binary: str, site: Path, config: Config) -> list[str]:
    # One language for the whole site (`<html lang="id">` says the same): Pagefind then
    # stems Indonesian words and writes one index.
    return [binary, "--site", str(site), "--output-subdir", config.bundle_dir,
            "--force-language", config.language]  # fmt: skip


def _count(output: str, what: str) -> int:
    found = re.search(rf"Indexed (\d+) {what}", output)
    return int(found.group(1)) if found else 0


def build_index(site: Path, config: Config, binary: str | None = None) -> IndexReport:
    """Run Pagefind over a built site; the bundle is written to `site/<bundle_dir>/`."""
    bundle = site / config.bundle_dir
    shutil.rmtree(bundle, ignore_errors=True)  # fragments of an earlier build would linger
    command = pagefind_command(binary or pagefind_binary(), site, config)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not run ({error})") from None
    output = result.stdout + result.stderr
    if result.returncode != 0 or not bundle.is_dir():
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise SearchIndexError(f"Pagefind failed with exit code {result.returncode}:\n{tail}")
    try:
        canonicalize(bundle)  # Pagefind's filter files differ from run to run; see canonical.py
    except (BundleFormatError, OSError, ValueError, KeyError) as error:
        raise SearchIndexError(f"cannot put the filter indexes in order ({error}); is pagefind-bin the "
                               "version requirements.txt pins?") from None  # fmt: skip
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())
    return IndexReport(_count(output, "pages"), _count(output, "words"), _count(output, "filters"), size)


def index_site(pelican) -> None:
    """Index the finished output. A failure is logged as an error, which makes `invoke build`
    publish nothing (plain `pelican` shows the error and leaves the site without search)."""
    config = config_from(pelican.settings)
    try:
        report = build_index(Path(pelican.output_path), config)
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
    signals.finalized.connect(index_site)
