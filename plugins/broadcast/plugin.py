"""Pelican glue: once every page is written, put the newest version of each bulletin whose
page this build publishes into the outbox (`<OUTBOX_PATH>/broadcast.json`)."""

from __future__ import annotations

from datetime import timedelta

from pelican import signals
from pelican.generators import ArticlesGenerator

from warta.core.facts import bulletin_pages, facts_for
from warta.core.output import LISTS_FILES, output_of
from warta.core.output import register as output_register
from warta.core.settings import declare, outbox_folder
from warta.core.site import RULES_KEY

from . import outbox
from .settings import SETTINGS, config_from


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def plan_outbox(generators) -> None:
    """After every generator's context (the share images are attached by then), note the
    bulletins with pages; the file is written at the end, when the build's record of the
    files it publishes is complete."""
    articles, settings, regency = bulletin_pages(generators)
    config = config_from(settings)
    output = output_of(settings)
    now = next(g for g in generators if isinstance(g, ArticlesGenerator)).context[RULES_KEY].now
    oldest = now - timedelta(days=config.max_age_days)

    def write() -> None:
        published = output.files()
        entries = []
        for article in articles:
            version = outbox.newest_version(article.bulletin)
            if version is None or version.time < oldest or article.save_as not in published:
                continue
            facts = facts_for(article, settings, regency)
            entries.append(outbox.entry(version, facts, article.save_as, config.mastodon_max))
        data = outbox.document(entries, settings["SITEURL"], regency.areas)
        outbox.write(outbox_folder(settings) / outbox.FILE_NAME, outbox.encode(data))

    output.at_end(write, LISTS_FILES)


def register() -> None:
    declare(SETTINGS)
    output_register()
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(plan_outbox)
