"""Attach `article.embed` once every context is final; write cards, oEmbed and host headers."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pelican import signals
from pelican.generators import Generator

from warta.core.lazy import attach_lazy
from warta.core.output import output_of
from warta.core.registry import SettingsError, values
from warta.core.settings import SETTINGS as CORE_SETTINGS, declare
from warta.core.headers import FOLDER_HEADERS_KEY, HeaderRules
from warta.core.facts import bulletin_pages, facts_for

from .builders import Card, card, discovery_href, estimate_height, oembed, resize_script
from .hosts import folder_rules, framing_rules, netlify_headers, nginx_conf
from .settings import CARD_PATH, OEMBED_FILE, SETTINGS, config_from

SNIPPETS = Path(__file__).parent / "snippets"


@dataclass(frozen=True)
class Embed:
    """What the bulletin page, the Bagikan kit and the card page need about one card."""

    card: Card
    card_path: str  # site-relative URL of the card page
    oembed: dict
    discovery_href: str  # for <link rel="alternate" type="application/json+oembed">
    iframe: str  # the iframe snippet (with the optional resize script)
    blockquote: str  # the no-JS fallback snippet: a readable card with the link
    width: int
    height: int

    @property
    def oembed_text(self) -> str:
        """The oEmbed response file (theme template `oembed.json`)."""
        return json.dumps(self.oembed, ensure_ascii=False, indent=1) + "\n"


def card_save_as(article) -> str:
    return posixpath.join(posixpath.dirname(article.save_as), CARD_PATH, "index.html")


def oembed_save_as(article) -> str:
    return posixpath.join(posixpath.dirname(article.save_as), OEMBED_FILE)


class EmbedsGenerator(Generator):
    def generate_context(self) -> None:
        self.config = config_from(self.settings)
        self.articles: list = []  # filled by attach()

    def attach(self, articles, regency) -> None:
        """Give every bulletin its card; runs after all generators' contexts, when share
        images exist. Each is built when first read: unchanged pages never read it."""
        snippets = Environment(loader=FileSystemLoader(SNIPPETS), autoescape=True, undefined=StrictUndefined)
        iframe, blockquote = snippets.get_template("iframe.html"), snippets.get_template("blockquote.html")
        config = self.config

        def embed(article) -> Embed:
            facts = facts_for(article, self.settings, regency)
            data = card(facts, config)
            height = estimate_height(data, config.width)
            frame = iframe.render(card=data, width=config.width, height=height, script=resize_script(config))
            return Embed(
                card=data, card_path=f"{article.url}{CARD_PATH}", oembed=oembed(facts, config, frame, height),
                discovery_href=discovery_href(facts), iframe=frame,
                blockquote=blockquote.render(card=data, width=config.width), width=config.width, height=height,
            )  # fmt: skip

        for article in articles:
            attach_lazy(article, "embed", embed)
        self.articles = articles

    def generate_output(self, writer) -> None:
        # Both through the writer, so the page cache keeps unchanged cards and oEmbed files.
        card_page, oembed_file = self.get_template("embed"), self.env.get_template("oembed.json")
        for article in self.articles:
            writer.write_file(card_save_as(article), card_page, self.context, url=f"{article.url}{CARD_PATH}",
                              relative_urls=False, article=article)  # fmt: skip
            writer.write_file(oembed_save_as(article), oembed_file, self.context, relative_urls=False,
                              article=article)  # fmt: skip
        rules, table = framing_rules(self.config.article_url), header_table(self.settings)
        rules += folder_rules(self.context.get(FOLDER_HEADERS_KEY, ()))
        output = output_of(self.settings)
        if self.config.headers_file:
            output.write(self.config.headers_file, netlify_headers(rules, table))
        if self.config.nginx_file:
            output.write(self.config.nginx_file, nginx_conf(rules, table))


def get_generators(pelican):
    return EmbedsGenerator


def header_table(settings) -> HeaderRules:
    """The deploy targets' table of content types and cache classes, for the same site."""
    checked = values(settings, CORE_SETTINGS)
    immutable = checked["DEPLOY_IMMUTABLE"]
    try:
        return HeaderRules(checked["SYNDICATION_DIR"], tuple(immutable))
    except (re.error, TypeError) as error:
        raise SettingsError("DEPLOY_IMMUTABLE", immutable, f"use a tuple of regular expressions ({error})") from None


def check_settings(pelican) -> None:
    config_from(pelican.settings)
    header_table(pelican.settings)


def attach_embeds(generators) -> None:
    embeds = next((g for g in generators if isinstance(g, EmbedsGenerator)), None)
    if embeds is not None:
        articles, _, regency = bulletin_pages(generators)
        embeds.attach(articles, regency)


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(attach_embeds)
