"""Pelican glue: validate settings; attach `article.link_preview` once every context is final."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals

from warta.core.settings import declare
from warta.core.lazy import attach_lazy

from .builders import json_ld, open_graph, script_json
from warta.core.facts import bulletin_pages, facts_for
from .settings import SETTINGS, config_from


@dataclass(frozen=True)
class MetaTag:
    attribute: str  # "property" for Open Graph (RDFa), "name" for Twitter
    key: str
    content: str


@dataclass(frozen=True)
class LinkPreview:
    meta: tuple[MetaTag, ...]
    json_ld: tuple[str, ...]  # serialised, safe inside <script type="application/ld+json">


def meta_tags(pairs) -> tuple[MetaTag, ...]:
    return tuple(MetaTag("name" if key.startswith("twitter:") else "property", key, content)
                 for key, content in pairs)  # fmt: skip


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def attach_previews(generators) -> None:
    # After every generator's context, so share images attached by any plugin are seen.
    articles, settings, regency = bulletin_pages(generators)
    config = config_from(settings)

    def preview(article) -> LinkPreview:
        facts = facts_for(article, settings, regency)
        return LinkPreview(meta_tags(open_graph(facts, config)),
                           tuple(script_json(item) for item in json_ld(facts, config)))  # fmt: skip

    for article in articles:
        attach_lazy(article, "link_preview", preview)


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(attach_previews)
