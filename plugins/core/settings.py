"""Settings of the bulletins plugin: defaults, validation and the frozen `Rules`."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from .areas import Regency
from .language import staff_language
from .schema import Rules, parse_date

DEFAULTS = {
    "BULLETINS_AREAS_FILE": "data/kecamatan.json",
    "BULLETINS_CODE_PREFIX": "KRW",
    "BULLETINS_SUMMARY_MAX": 300,
    "BULLETINS_NOW": None,
    "BULLETINS_CURRENT_MAX": 10,
    "BULLETINS_URGENT_MAX": 3,
    "KECAMATAN_URL": "kecamatan/{code}-{slug}/",
    "KECAMATAN_SAVE_AS": "kecamatan/{code}-{slug}/index.html",
    "KECAMATAN_INDEX_URL": "kecamatan/",
    "KECAMATAN_INDEX_SAVE_AS": "kecamatan/index.html",
}


class SettingsError(ValueError):
    """A Warta setting has a value the plugin cannot use."""

    def __init__(self, key: str, value, allowed: str):
        super().__init__(f"setting {key} = {value!r} is not allowed; {allowed}")


def setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def project_root(settings) -> Path:
    """The folder that holds `content/`; relative Warta paths are read from there."""
    return Path(settings["PATH"]).resolve().parent


def build_now(settings) -> datetime:
    """The build's one "now": `BULLETINS_NOW` when set, else this minute."""
    tz = settings.get("TIMEZONE") or "Asia/Jakarta"
    value = setting(settings, "BULLETINS_NOW")
    if value is None:
        return datetime.now(ZoneInfo(tz)).replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    moment = parse_date(str(value), tz)
    if moment is None:
        raise SettingsError("BULLETINS_NOW", value, "use None or a time like '2021-07-01 09:00'")
    return moment


def rules_from(settings) -> Rules:
    """Validate the plugin's settings and freeze them into the schema's `Rules`."""
    prefix = setting(settings, "BULLETINS_CODE_PREFIX")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Z]{2,5}", prefix):
        raise SettingsError("BULLETINS_CODE_PREFIX", prefix, "use 2 to 5 capital letters, e.g. 'KRW'")
    summary_max = setting(settings, "BULLETINS_SUMMARY_MAX")
    if not isinstance(summary_max, int) or summary_max < 50:
        raise SettingsError("BULLETINS_SUMMARY_MAX", summary_max, "use a whole number of at least 50")
    areas_file = project_root(settings) / setting(settings, "BULLETINS_AREAS_FILE")
    if not areas_file.is_file():
        raise SettingsError("BULLETINS_AREAS_FILE", str(areas_file), "name the kecamatan JSON file, e.g. 'data/kecamatan.json'")
    regency = Regency.load(areas_file, setting(settings, "KECAMATAN_URL"))

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
        code_prefix=prefix,
        summary_max=summary_max,
        timezone=settings.get("TIMEZONE") or "Asia/Jakarta",
        now=build_now(settings),
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
