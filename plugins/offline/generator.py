"""The offline page, the list of what readers' browsers keep (`offline.json`) and the worker
(`sw.js`, this folder's `sw.js` with the site's settings filled in).

The list is made when every other file is written (`Output.at_end`): it names only files the
build really publishes, with a revision (the start of each file's SHA-256), so a worker
fetches again only what changed. Its bytes depend on the site alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import partial
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import escape
from pelican import signals
from pelican.generators import Generator

from warta.core.dates import DAYS, MONTHS, ZONE_NAMES, iso, tanggal_jam
from warta.core.headers import IMMUTABLE
from warta.core.output import output_of
from warta.core.registry import Setting, accept, is_relative_path, is_relative_url, whole
from warta.core.settings import declare
from warta.core.site import absolute, published_articles, timezone

SETTINGS = (
    Setting("OFFLINE_URL", "luring/", accept(is_relative_url, "use a site-relative URL that ends in /, e.g. 'luring/'"),
            "The URL of the page the service worker shows offline in place of a page the reader has not kept."),
    Setting("OFFLINE_SAVE_AS", "luring/index.html", accept(is_relative_path, "use a site-relative path"),
            "Where the offline page is written."),
    Setting("OFFLINE_LITE_LATEST", 10, whole(0, 30, "use a whole number from 0 to 30"),
            "How many of the lite edition's newest bulletin pages every reader's browser keeps ahead of need."),
    # About 25 KB per bulletin page and 5 KB per lite page: 60 pages are a few weeks of reading.
    Setting("OFFLINE_MAX_PAGES", 60, whole(5, 500, "use a whole number from 5 to 500"),
            "The most pages a reader's browser keeps of those they opened; the one opened longest ago goes first."),
    Setting("OFFLINE_MAX_BYTES", 3_000_000, whole(100_000, 50_000_000, "use a whole number of bytes from 100000 to 50000000"),
            "The most bytes the pages and images a reader opened may take in their browser; the one opened longest ago goes first."),
    Setting("OFFLINE_TIMEOUT", 4, whole(1, 30, "use a whole number of seconds from 1 to 30"),
            "Seconds the service worker waits for the network before it shows the kept copy of a page."),
)  # fmt: skip

WORKER = "sw.js"  # at the root: a service worker controls only the pages at or below its folder
INDEX = "offline.json"
WORKER_KEY = "offline_worker"  # in the context: base.html registers the worker when it is set
SOURCE = Path(__file__).with_name("sw.js")
CONFIG_MARK = "{/* the build writes the settings here */}"
RECENT_EMERGENCIES = 20  # ended ones listed too, so a page kept earlier can say that they ended
REVISION = 16  # hex digits of SHA-256 per file: enough to tell versions of one file apart

TAG = re.compile(r"<(link|script)\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
FONT_URL = re.compile(r"""@font-face\s*\{[^}]*?src:\s*url\(["']?([^"')]+)""")


def current_emergencies(context) -> list:
    """Every current darurat bulletin, newest first (the banner shows a few; readers keep all)."""
    return [a for a in context["articles"] if a.bulletin.is_current and a.bulletin.urgency == "darurat"]


def file_of(url: str) -> str:
    """The file a site-relative URL serves (`a/` -> `a/index.html`)."""
    return url + "index.html" if url.endswith("/") or not url else url


def lite_twin(folder: str | None, url: str) -> str | None:
    """The lite edition's URL of a full page's, when the lite plugin is on (LITE_DIR is its)."""
    return None if folder is None else f"{folder}/{url}"


def loaded_assets(html: str, page_url: str, siteurl: str) -> list[str]:
    """Site-relative paths of the stylesheets, icons and scripts a page loads from this site."""
    found = []
    for tag in TAG.finditer(html):
        attrs = {name.lower(): unescape(double or single) for name, double, single in ATTRIBUTE.findall(tag.group(0))}
        if tag.group(1).lower() == "script":
            ref = attrs.get("src")
        else:
            rel = attrs.get("rel", "").lower().split()
            ref = attrs.get("href") if "stylesheet" in rel or "icon" in rel else None
        target = urljoin(page_url, ref) if ref else ""
        if target.startswith(siteurl + "/"):
            found.append(target[len(siteurl) + 1:].split("#")[0].split("?")[0])
    return found


def stylesheet_fonts(css: str, sheet: str) -> list[str]:
    """Site-relative paths of the fonts a stylesheet's @font-face rules load."""
    base = "https://site.invalid/"
    return [urljoin(base + sheet, url)[len(base):] for url in FONT_URL.findall(css)]


def precache_entries(context, settings, output) -> list[dict]:
    """The pages every reader keeps ahead of need, then the files those pages load."""
    files, folder, siteurl = output.files(), settings.get("LITE_DIR"), settings["SITEURL"]
    pages: list[str] = []

    def add(url):
        if url is not None and file_of(url) in files and url not in pages:
            pages.append(url)

    for article in current_emergencies(context):
        add(article.url)
        add(lite_twin(folder, article.url))
    add(lite_twin(folder, ""))
    for article in context["articles"][: settings["OFFLINE_LITE_LATEST"]]:
        add(lite_twin(folder, article.url))
    add(settings["OFFLINE_URL"])
    assets: set[str] = set()
    for url in pages:
        html = output.site_file(file_of(url)).read_text(encoding="utf-8")
        assets.update(loaded_assets(html, absolute(siteurl, url), siteurl.rstrip("/")))
    for sheet in [a for a in assets if a.endswith(".css") and a in files]:
        assets.update(stylesheet_fonts(output.site_file(sheet).read_text(encoding="utf-8"), sheet))
    entries = []
    for url in [*pages, *sorted(a for a in assets if a in files)]:
        data = output.site_file(file_of(url)).read_bytes()
        entries.append({"url": url, "rev": hashlib.sha256(data).hexdigest()[:REVISION], "bytes": len(data)})
    return entries


def emergency_states(context, settings, files) -> list[dict]:
    """The recent darurat bulletins (every current one), with what a worker needs to tell
    whether each still holds by the reader's clock."""
    tz, folder = timezone(settings), settings.get("LITE_DIR")
    current = current_emergencies(context)
    ended = [a for a in published_articles(context) if a.bulletin.urgency == "darurat" and a not in current]
    states = []
    for article in [*current, *ended[: max(0, RECENT_EMERGENCIES - len(current))]]:
        b, twin = article.bulletin, lite_twin(folder, article.url)
        states.append({
            "url": article.url,
            "lite": twin if twin is not None and file_of(twin) in files else None,
            "current": b.is_current,
            "expires": iso(b.expires, tz) if b.expires else None,
            "until": tanggal_jam(b.expires, tz) if b.expires else None,
        })  # fmt: skip
    return states


def offline_index(context, settings, output) -> dict:
    entries = precache_entries(context, settings, output)
    version = hashlib.sha256(json.dumps(entries, sort_keys=True).encode("utf-8")).hexdigest()[:REVISION]
    return {
        "version": version,
        "fallback": settings["OFFLINE_URL"],
        "precache": entries,
        "emergencies": emergency_states(context, settings, output.files()),
    }


def worker_config(settings) -> dict:
    tz = timezone(settings)
    return {
        "index": INDEX,
        "timeout": settings["OFFLINE_TIMEOUT"] * 1000,
        "pages": settings["OFFLINE_MAX_PAGES"],
        "bytes": settings["OFFLINE_MAX_BYTES"],
        # Files with a hash in their name never change: served from the cache without asking.
        "immutable": [*IMMUTABLE, *settings["DEPLOY_IMMUTABLE"]],
        "site": str(escape(settings["SITENAME"])),  # left out of the titles of kept pages, as page titles write it
        "timezone": tz,
        "zone": ZONE_NAMES.get(tz, tz),
        "days": DAYS,
        "months": MONTHS,
    }


def worker_script(settings) -> str:
    source = SOURCE.read_text(encoding="utf-8")
    if source.count(CONFIG_MARK) != 1:
        raise ValueError(f"{SOURCE}: the settings mark {CONFIG_MARK} must appear once")
    return source.replace(CONFIG_MARK, json.dumps(worker_config(settings), ensure_ascii=False, sort_keys=True))


def write_worker(context, settings) -> None:
    output = output_of(settings)
    index = offline_index(context, settings, output)
    output.write(INDEX, json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    output.write(WORKER, worker_script(settings))


class OfflineGenerator(Generator):
    def generate_context(self) -> None:
        self.context[WORKER_KEY] = WORKER

    def generate_output(self, writer) -> None:
        writer.write_file(self.settings["OFFLINE_SAVE_AS"], self.get_template("luring"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=self.settings["OFFLINE_URL"],
                          emergencies=current_emergencies(self.context))  # fmt: skip
        # The list reads the files every plugin writes; urls.txt, made later, lists both files.
        output_of(self.settings).at_end(partial(write_worker, self.context, self.settings))


def get_generators(pelican):
    return OfflineGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
