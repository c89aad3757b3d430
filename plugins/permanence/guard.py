"""Pure URL-list logic, the redirect generator, and the guard that runs on the finished output."""

from __future__ import annotations

import fnmatch
import logging
import re
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from warta.core.output import LISTS_FILES, output_of
from warta.core.output import register as output_register
from warta.core.redirects import PermanenceError, read_redirects, redirects_file
from warta.core.registry import Setting, accept, is_relative_path, optional
from warta.core.settings import declare
from warta.core.site import absolute

logger = logging.getLogger(__name__)

IGNORED = ("_headers", "_redirects", "nginx-*.conf")
SETTINGS = (
    Setting("PERMANENCE_PREVIOUS", None, optional(accept(lambda v: isinstance(v, str), "use None, a file path or a URL")),
            "The previous build's URL list (a file or an https URL); None skips the check."),
    Setting("PERMANENCE_URLS_SAVE_AS", "urls.txt", accept(is_relative_path, "use a site-relative path"),
            "Where the list of every public URL of this build is written."),
    Setting("PERMANENCE_IGNORE", IGNORED,
            accept(lambda v: isinstance(v, (tuple, list)) and all(isinstance(p, str) for p in v), "use a tuple of glob patterns"),
            "Glob patterns of output files that are not public URLs (host rule files)."),
)  # fmt: skip


def public_urls(files, ignore=IGNORED) -> list[str]:
    """The site-relative `files` of a built site as the paths a visitor asks for
    (`a/index.html` -> `/a/`), without those matching an `ignore` pattern."""
    ignored = re.compile("|".join(fnmatch.translate(pattern) for pattern in ignore) or "(?!)")
    urls = []
    for relative in files:
        if ignored.match(relative):
            continue
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        urls.append("/" + relative)
    return sorted(urls)


def read_previous(source: str) -> list[str] | None:
    """The earlier URL list from a file or a URL; None when the site has never published one."""
    if source.startswith(("https://", "http://")):
        try:
            with urllib.request.urlopen(source, timeout=30) as response:
                return response.read().decode("utf-8").split()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise PermanenceError(f"could not read the previous URL list {source}: HTTP {error.code}; "
                                  "retry, or pass --previous none to skip the check once") from None  # fmt: skip
        except (urllib.error.URLError, TimeoutError) as error:
            raise PermanenceError(f"could not read the previous URL list {source}: {error}; retry, "
                                  "or pass --previous none to skip the check once") from None  # fmt: skip
    path = Path(source)
    return path.read_text(encoding="utf-8").split() if path.is_file() else None


def covered(url: str, redirects: dict[str, str]) -> bool:
    """A redirected page also carries what lies under it (its embed card, images, oEmbed)."""
    return any(url == old or (old.endswith("/") and url.startswith(old)) for old in redirects)


def kept_by_host(previous: list[str], current: list[str], redirects: dict[str, str], patterns) -> list[str]:
    """The previous URLs this build no longer writes but the host still serves: files matching
    one of `patterns` (`Output.keeps_on_host`) under a page that lives on, here or redirected."""
    have = set(current)
    kept = []
    for url in previous:
        if url in have or not any(pattern.search(url.lstrip("/")) for pattern in patterns):
            continue
        page = url.rpartition("/")[0] + "/"
        if page in have or covered(page, redirects):
            kept.append(url)
    return kept


def vanished(previous: list[str], current: list[str], redirects: dict[str, str]) -> dict[str, int]:
    """Missing URLs, each page with the count of missing files under it (shown once)."""
    gone = sorted(url for url in set(previous) - set(current) if not covered(url, redirects))
    grouped: dict[str, int] = {}
    for url in gone:
        parent = next((p for p in grouped if p.endswith("/") and url.startswith(p)), None)
        if parent:
            grouped[parent] += 1
        else:
            grouped[url] = 0
    return grouped


def vanished_message(url: str, under: int, redirects_file: str) -> str:
    also = f" (with {under} file{'s' * (under != 1)} under it)" if under else ""
    return (f"{url}{also} was published before and is missing from this build; withdraw the "
            f"bulletin instead (status: withdrawn keeps its page) or add the line '{url} "
            f"/new/url/' to {redirects_file}")  # fmt: skip


def redirect_rules(redirects: dict[str, str]) -> tuple[str, str]:
    """`_redirects` (Netlify, Cloudflare Pages) and nginx rules for the same map; a page's
    rule also moves everything under it."""
    netlify, nginx = [], []
    for old, new in sorted(redirects.items()):
        if old.endswith("/") and new.endswith("/"):
            netlify.append(f"{old}* {new}:splat 301\n")
            nginx.append(f"location ^~ {old} {{ rewrite ^{old}(.*)$ {new}$1 permanent; }}\n")
        else:
            netlify.append(f"{old} {new} 301\n")
            nginx.append(f"location = {old} {{ return 301 {new}; }}\n")
    return "".join(netlify), "".join(nginx)


class RedirectGenerator(Generator):
    """Writes a static page at each redirected page URL and the host rule files."""

    def generate_context(self) -> None:
        path, shown = redirects_file(self.settings)
        self.redirects = read_redirects(path, shown)

    def generate_output(self, writer) -> None:
        for old, new in sorted(self.redirects.items()):
            if old.endswith("/"):  # a page; files such as images redirect at the host only
                writer.write_file(old.lstrip("/") + "index.html", self.get_template("redirect"),
                                  self.context, target=absolute(self.settings, new))  # fmt: skip
        netlify, nginx = redirect_rules(self.redirects)
        output = output_of(self.settings)
        for name, text in (("_redirects", netlify), ("nginx-redirects.conf", nginx)):
            output.write(name, text)
        output.at_end(partial(guard_output, self.settings), LISTS_FILES)


def guard_output(settings) -> None:
    """Runs once the whole site is written: list its URLs from the build's record of the
    files it wrote or kept, and those of the previous list the host keeps serving; then
    compare with the previous list. A failure raises, so the build swaps nothing into place.
    The previous list, not a cache, is the record: a build without caches loses no URL."""
    output = output_of(settings)
    urls = public_urls(output.files(), settings["PERMANENCE_IGNORE"])
    path, shown = redirects_file(settings)
    redirects = read_redirects(path, shown)
    for old, new in sorted(redirects.items()):
        if new not in urls:
            raise PermanenceError(f"{shown}: {old} redirects to {new}, which this build does not have; "
                                  "point it at an existing page")  # fmt: skip
    listing = settings["PERMANENCE_URLS_SAVE_AS"]
    source = settings["PERMANENCE_PREVIOUS"]
    previous = read_previous(str(source)) if source else None
    if source and previous is None:
        logger.warning("No previous URL list at %s; this build starts the record", source)
    kept = kept_by_host(previous or [], urls, redirects, output.host_keeps)
    urls = sorted({*urls, *kept, "/" + listing})  # the list is a public URL too
    output.write(listing, "\n".join(urls) + "\n")
    if previous is None:
        return
    gone = vanished(previous, urls, redirects)
    for url, under in gone.items():
        logger.error("%s", vanished_message(url, under, shown))
    if gone:
        raise PermanenceError(f"{len(gone)} published URL(s) would disappear; see the lines above", gone)


def get_generators(pelican):
    return RedirectGenerator


def register() -> None:
    declare(SETTINGS)
    output_register()
    signals.get_generators.connect(get_generators)
