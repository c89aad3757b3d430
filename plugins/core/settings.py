"""The core's settings (time zone, staff language, bulletins, kecamatan pages, verification
URL and the other facts several plugins share), the loader, and the frozen `Rules`."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.utils import slugify

from .areas import Regency
from .language import DEFAULT_LANGUAGE, staff_language
from .redirects import REDIRECTS_FILE
from .registry import (SettingsError, Setting, accept, anything, is_relative_path, is_relative_url, matching,
                       values, whole)
from .schema import Rules, parse_date
from .site import DEFAULT_TIMEZONE, timezone

SETTINGS = (
    Setting("TIMEZONE", DEFAULT_TIMEZONE, matching(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+)*", "use a time zone name, e.g. 'Asia/Jakarta'"),
            "The site's time zone: dates on pages, feeds, cards and CAP alerts are shown in it."),
    Setting("STAFF_LANGUAGE", DEFAULT_LANGUAGE, anything,
            "The language of messages staff read, 'id' or 'en' (anything else is 'id'); WARTA_LANG overrides it."),
    Setting("BULLETINS_AREAS_FILE", "data/kecamatan.json", accept(is_relative_path, "name the kecamatan JSON file, e.g. 'data/kecamatan.json'"),
            "The regency's kecamatan list (official codes and names), relative to the project folder."),
    Setting("BULLETINS_CODE_PREFIX", "KRW", matching(r"[A-Z]{2,5}", "use 2 to 5 capital letters, e.g. 'KRW'"),
            "The letters every bulletin code starts with, e.g. KRW-200602-01."),
    Setting("BULLETINS_SUMMARY_MAX", 300, whole(50, None, "use a whole number of at least 50"),
            "The longest summary a bulletin may have, in characters."),
    Setting("BULLETINS_NOW", None, anything,
            "The build's clock as a time like '2021-07-01 09:00' (tests, previews); None is this minute."),
    Setting("BULLETINS_CURRENT_MAX", 10, whole(0, None, "use a whole number of at least 0"),
            "How many current notices the home page lists."),
    Setting("BULLETINS_URGENT_MAX", 3, whole(0, None, "use a whole number of at least 0"),
            "How many urgent (darurat) bulletins the site-wide banner shows."),
    Setting("KECAMATAN_URL", "kecamatan/{code}-{slug}/", accept(is_relative_url, "use a site-relative URL that ends in /"),
            "The URL pattern of a kecamatan page, with {code} and {slug}."),
    Setting("KECAMATAN_SAVE_AS", "kecamatan/{code}-{slug}/index.html", accept(is_relative_path, "use a site-relative path"),
            "Where a kecamatan page is written, with {code} and {slug}."),
    Setting("KECAMATAN_INDEX_URL", "kecamatan/", accept(is_relative_url, "use a site-relative URL that ends in /"),
            "The URL of the list of kecamatan."),
    Setting("KECAMATAN_INDEX_SAVE_AS", "kecamatan/index.html", accept(is_relative_path, "use a site-relative path"),
            "Where the list of kecamatan is written."),
    Setting("VERIFICATION_URL", "cek/{code}/",
            accept(lambda v: is_relative_url(v) and "{code}" in v, "use a site-relative pattern with {code}, e.g. 'cek/{code}/'"),
            "The URL of a code's verification page; the QR code on every share image points there."),
    Setting("PERMANENCE_REDIRECTS_FILE", REDIRECTS_FILE, accept(is_relative_path, "use a file path relative to the project folder"),
            "The office's redirect file (`/old/url/ /new/url/` per line), relative to the project folder."),
    Setting("SYNDICATION_DIR", "feeds",
            matching(r"[a-z0-9_-]+(/[a-z0-9_-]+)*", "use a relative folder of lowercase letters, digits, '-' and '_', e.g. 'feeds'"),
            "The folder of the feeds, the OPML and the feeds page; host header rules use it too."),
    Setting("DEPLOY_IMMUTABLE", (), accept(lambda v: isinstance(v, (tuple, list)) and all(isinstance(p, str) for p in v),
                                           "use a tuple of regular expressions"),
            "Extra regular expressions of output paths that never change and may be cached for a year."),
    Setting("OUTBOX_PATH", "outbox", accept(is_relative_path, "use a folder relative to the project folder, e.g. 'outbox'"),
            "Folder beside output/ where the build leaves messages for the sending tasks (broadcast, digests); never published."),
)  # fmt: skip


def load(settings, declared=()) -> None:
    """Check the core's settings and `declared`, and fill in their defaults."""
    settings.update(values(settings, (*SETTINGS, *declared)))


@cache
def _loader(declared: tuple):
    # One receiver per declaration: a Pelican made again in the same process (tests,
    # livereload) connects the same function, which blinker keeps once.
    return lambda pelican: load(pelican.settings, declared)


def declare(declared=()) -> None:
    """Check and fill the plugin's settings (and the core's) once per build, at `initialized`,
    before any other handler reads them."""
    signals.initialized.connect(_loader(tuple(declared)), weak=False)


def project_root(settings) -> Path:
    """The folder that holds `content/`; relative Warta paths are read from there."""
    return Path(settings["PATH"]).resolve().parent


def outbox_folder(settings) -> Path:
    """Where the build leaves what the sending tasks send: beside output/, never uploaded."""
    return project_root(settings) / settings["OUTBOX_PATH"]


def build_now(settings) -> datetime:
    """The build's one "now": `BULLETINS_NOW` when set, else this minute."""
    tz = timezone(settings)
    value = settings.get("BULLETINS_NOW")
    if value is None:
        return datetime.now(ZoneInfo(tz)).replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    moment = parse_date(str(value), tz)
    if moment is None:
        raise SettingsError("BULLETINS_NOW", value, "use None or a time like '2021-07-01 09:00'")
    return moment


def rules_from(settings) -> Rules:
    """The core's checked settings frozen into the schema's `Rules`."""
    checked = values(settings, SETTINGS)
    areas_file = project_root(settings) / checked["BULLETINS_AREAS_FILE"]
    if not areas_file.is_file():
        raise SettingsError("BULLETINS_AREAS_FILE", str(areas_file), "name the kecamatan JSON file, e.g. 'data/kecamatan.json'")
    regency = Regency.load(areas_file, checked["KECAMATAN_URL"])

    def slug_of(text: str) -> str:
        return slugify(
            text,
            regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def url_for(slug: str, date: datetime) -> str:
        return settings["ARTICLE_URL"].format(slug=slug, date=date, lang=settings["DEFAULT_LANG"])

    return Rules(
        regency=regency,
        content_root=Path(settings["PATH"]).resolve(),
        code_prefix=checked["BULLETINS_CODE_PREFIX"],
        summary_max=checked["BULLETINS_SUMMARY_MAX"],
        timezone=checked["TIMEZONE"],
        now=build_now(checked),
        slugify=slug_of,
        url_for=url_for,
        language=staff_language(settings),
        published_paths=tuple(path.strip("/").split("/")[0] for path in settings.get("STATIC_PATHS", ())),
    )


# Settings that differ between builds of the same site without changing any page: where the
# build writes and caches, and the build's clock (its effects reach the key through the
# bulletins' own state, e.g. `is_expired`).
VOLATILE = ("OUTPUT_PATH", "CACHE_PATH", "BULLETINS_NOW", "LOAD_CONTENT_CACHE", "CACHE_CONTENT", "PAGE_CACHE_DIR",
            "WARTA_OUTPUT")  # core.output.OUTPUT_KEY: the build's store of written files
ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # reprs of functions differ per process


def settings_digest(settings: dict, volatile=VOLATILE) -> bytes:
    stable = {key: value for key, value in settings.items() if key not in volatile}
    return ADDRESS.sub("", json.dumps(stable, sort_keys=True, default=repr)).encode()
