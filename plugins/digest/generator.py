"""Pelican glue: after the site's pages are read, write each configured scope's daily digests
into the outbox (`<outbox>/digest/<scope>/<YYYY-MM-DD>.{html,txt}`) with their index
(`<outbox>/digest/index.json`), which `invoke digest` sends. The outbox's digest folder holds
exactly what this build wrote: digests that fell out of the window, or of DIGEST_SCOPES, go."""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from warta.core.output import atomic_write
from warta.core.scopes import by_path, in_scope
from warta.core.settings import build_now, declare, outbox_folder
from warta.core.site import RULES_KEY, absolute, published_articles, timezone

from . import render
from .model import Digest, Item, events_by_day, local_day, notes_on, ordered, window
from .settings import SETTINGS, Config, config_from

logger = logging.getLogger(__name__)

FOLDER = "digest"  # inside the outbox
INDEX = "index.json"
INDEX_VERSION = 1


def _areas(bulletin, regency: str) -> str:
    if bulletin.whole_regency or not bulletin.areas:
        return f"Seluruh {regency}".strip()
    return "Kecamatan " + ", ".join(area.name for area in bulletin.areas)


def _item(article, event: str, moment, day, tz: str, siteurl: str, regency: str) -> Item:
    b = article.bulletin
    return Item(event=event, moment=moment, code=b.code, title=article.title, summary=b.summary_text,
                url=absolute(siteurl, article.url), page=article.save_as, type=b.type, urgency=b.urgency,
                state=b.state, areas=_areas(b, regency), expires=b.expires,
                notes=tuple(sorted(notes_on(b, day, tz), key=lambda c: c.date, reverse=True)),
                withdrawn_reason=b.withdrawn_reason if b.is_withdrawn else None)  # fmt: skip


def digests(context, settings, config: Config) -> list[Digest]:
    """Every configured scope's digest of every day of the window that has something in it."""
    tz, now = timezone(settings), build_now(settings)
    first, last = window(now, tz, config.days)
    scopes = by_path(context)
    for scope in sorted(set(config.lists) - set(scopes)):
        logger.warning("digest: DIGEST_SCOPES names %r, which this site has no feed for (yet); check the name "
                       "against the /feeds/ page", scope)  # fmt: skip
    rules = context.get(RULES_KEY)
    regency = rules.regency.name if rules else ""
    happened = []  # (article, {day: (event, moment)}) for every article with a day in the window
    for article in published_articles(context):
        found = events_by_day(article.bulletin, tz, first, last, now)
        if found:
            happened.append((article, found))
    made = []
    for scope in config.lists:
        if scope not in scopes:
            continue
        kind, info = scopes[scope]
        by_day = defaultdict(list)
        for article, found in happened:
            # Withdrawn and expired bulletins stay in every scope: their withdrawal is news.
            if in_scope(kind, info, article, current_only=False):
                for day, (event, moment) in found.items():
                    by_day[day].append(_item(article, event, moment, day, tz, config.siteurl, regency))
        made += [Digest(scope, info.name, day, ordered(items), absolute(config.siteurl, info.page_url))
                 for day, items in sorted(by_day.items())]  # fmt: skip
    return made


def index_entry(digest: Digest, config: Config) -> dict:
    return {
        "scope": digest.scope,  # the key of its list in DIGEST_SCOPES
        "date": digest.day.isoformat(),
        "subject": render.subject(digest),
        "message_id": render.message_id(digest, config),
        "items": [item.code for item in digest.items],
        "pages": sorted({item.page for item in digest.items}),  # in output/: sent only once all are live
    }


def _write(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return  # unchanged: keep the file as it is
    except OSError:
        pass
    atomic_write(path, data)


def _remove_others(folder: Path, kept: set[Path]) -> None:
    for parent, folders, names in os.walk(folder, topdown=False):
        for name in names:
            path = Path(parent, name)
            if path not in kept:
                path.unlink()
        if Path(parent) != folder and not os.listdir(parent):
            os.rmdir(parent)


def write_outbox(context, settings) -> list[Digest]:
    config = config_from(settings)
    folder = outbox_folder(settings) / FOLDER
    if not config.lists:
        if folder.is_dir():  # digests were turned off: send nothing left over
            _remove_others(folder, set())
        return []
    tz = timezone(settings)
    made = digests(context, settings, config)
    verification = settings["VERIFICATION_URL"]
    # The code lookup page is the verification plugin's; without it the footer leaves it out.
    lookup = settings.get("VERIFICATION_INDEX_URL")
    cek = absolute(config.siteurl, lookup) if lookup is not None else None
    kept = set()
    for digest in made:
        base = folder / digest.scope / digest.day.isoformat()
        text = render.plain_text(digest, config, tz, cek)
        page = render.html(digest, config, tz, cek, lambda code: absolute(config.siteurl, verification.format(code=code)))
        for path, data in ((base.with_suffix(".txt"), text), (base.with_suffix(".html"), page)):
            _write(path, data.encode("utf-8"))
            kept.add(path)
    # The build's day: a sender with no record of a list sends it only the day before's digest.
    index = {"version": INDEX_VERSION, "today": local_day(build_now(settings), tz).isoformat(),
             "digests": [index_entry(digest, config) for digest in made]}  # fmt: skip
    _write(folder / INDEX, (json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    kept.add(folder / INDEX)
    _remove_others(folder, kept)
    logger.info("digest: %s digest(s) for %s mailing list(s) in %s", len(made), len(config.lists), folder)
    return made


class DigestGenerator(Generator):
    """Writes no page: only the outbox, once every page of the site is known."""

    def generate_output(self, writer) -> None:
        write_outbox(self.context, self.settings)


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def get_generators(pelican):
    return DigestGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
