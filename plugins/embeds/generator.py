"""Attach `article.embed` once every context is final; write cards, oEmbed and host headers."""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pelican import signals
from pelican.generators import Generator

from link_preview.facts import bulletin_pages, facts_for

from .builders import Card, card, discovery_href, estimate_height, oembed, resize_script
from .hosts import framing_rules, netlify_headers, nginx_conf
from .settings import CARD_PATH, OEMBED_FILE, config_from

SNIPPETS = Path(__file__).parent / "snippets"


@dataclass(frozen=True)
class Embed:
    """What the bulletin page, the Bagikan kit and the card page need about one card."""

    card: Card
    card_path: str  # site-relative URL of the card page
    card_save_as: str
    oembed: dict
    oembed_save_as: str
    discovery_href: str  # for <link rel="alternate" type="application/json+oembed">
    iframe: str  # the iframe snippet (with the optional resize script)
    blockquote: str  # the no-JS fallback snippet: a readable card with the link
    width: int
    height: int


class EmbedsGenerator(Generator):
    def generate_context(self) -> None:
        self.config = config_from(self.settings)
        self.embeds: list[tuple[object, Embed]] = []  # filled by attach()

    def attach(self, articles, regency) -> None:
        """Build every card; runs after all generators' contexts, when share images exist."""
        snippets = Environment(loader=FileSystemLoader(SNIPPETS), autoescape=True, undefined=StrictUndefined)
        iframe, blockquote = snippets.get_template("iframe.html"), snippets.get_template("blockquote.html")
        config = self.config
        for article in articles:
            facts = facts_for(article, self.settings, regency)
            data = card(facts, config)
            height = estimate_height(data, config.width)
            frame = iframe.render(card=data, width=config.width, height=height, script=resize_script(config))
            folder = posixpath.dirname(article.save_as)
            article.embed = Embed(
                card=data, card_path=f"{article.url}{CARD_PATH}",
                card_save_as=posixpath.join(folder, CARD_PATH, "index.html"),
                oembed=oembed(facts, config, frame, height),
                oembed_save_as=posixpath.join(folder, OEMBED_FILE), discovery_href=discovery_href(facts),
                iframe=frame, blockquote=blockquote.render(card=data, width=config.width),
                width=config.width, height=height,
            )  # fmt: skip
            self.embeds.append((article, article.embed))

    def _write_text(self, name: str, text: str) -> None:
        path = os.path.join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def generate_output(self, writer) -> None:
        template = self.get_template("embed")
        for article, embed in self.embeds:
            writer.write_file(embed.card_save_as, template, self.context, url=embed.card_path,
                              relative_urls=False, article=article, card=embed.card, embed=embed)  # fmt: skip
            self._write_text(embed.oembed_save_as, json.dumps(embed.oembed, ensure_ascii=False, indent=1) + "\n")
        rules = framing_rules(self.config.article_url)
        if self.config.headers_file:
            self._write_text(self.config.headers_file, netlify_headers(rules))
        if self.config.nginx_file:
            self._write_text(self.config.nginx_file, nginx_conf(rules))


def get_generators(pelican):
    return EmbedsGenerator


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def attach_embeds(generators) -> None:
    embeds = next((g for g in generators if isinstance(g, EmbedsGenerator)), None)
    if embeds is not None:
        articles, _, regency = bulletin_pages(generators)
        embeds.attach(articles, regency)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(attach_embeds)
