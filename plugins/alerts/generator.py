"""Collect darurat bulletins in generate_context; write CAP files and the Atom index."""

from __future__ import annotations

from functools import partial

from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from warta.core.output import output_of
from warta.core.site import RULES_KEY, published_articles
from warta.core.registry import values
from warta.core.settings import declare
from warta.core.site import absolute
from warta.core.feeds import WartaEntryExtension, WartaFeedExtension

from .cap import alert_xml, history
from .settings import SETTINGS


def alerts_config(settings) -> dict:
    """The checked ALERTS_* settings; the sender's name falls back to AUTHOR."""
    config = values(settings, SETTINGS)
    config["ALERTS_SENDER_NAME"] = config["ALERTS_SENDER_NAME"] or settings["AUTHOR"]
    return config


def alert_index(alerts, config, siteurl: str, updated) -> bytes:
    """Atom index of current alerts; `updated` from the newest message, never the clock."""
    feed = FeedGenerator()
    # Syndication's extension writes entry links with their rel and type (feedgen 1.0 drops them).
    feed.register_extension("warta", WartaFeedExtension, WartaEntryExtension)
    feed.id(absolute(siteurl, config["ALERTS_INDEX_SAVE_AS"]))
    feed.title(f"Peringatan darurat · {config['ALERTS_SENDER_NAME']}")
    feed.author({"name": config["ALERTS_SENDER_NAME"]})
    feed.link(href=absolute(siteurl, config["ALERTS_INDEX_SAVE_AS"]), rel="self")
    feed.link(href=absolute(siteurl, ""), rel="alternate")
    feed.language("id")
    feed.generator("Warta")
    feed.updated(updated)
    for article, url in alerts:
        latest = history(article.bulletin)[-1]
        entry = feed.add_entry(order="append")
        entry.id(absolute(siteurl, url))
        entry.title(article.title)
        entry.updated(latest.sent)
        entry.published(article.bulletin.date)
        entry.summary(article.bulletin.summary_text)
        links = [{"href": absolute(siteurl, url), "rel": "alternate", "type": "application/cap+xml"},
                 {"href": absolute(siteurl, article.url), "rel": "related", "type": "text/html"}]  # fmt: skip
        entry.link(links)
        entry.warta.links = links
    return feed.atom_str(pretty=True)


class AlertsGenerator(Generator):
    def generate_context(self) -> None:
        self.config = alerts_config(self.settings)
        darurat = [a for a in published_articles(self.context) if a.bulletin.urgency == "darurat"]
        self.alerts = sorted(darurat, key=lambda a: (history(a.bulletin)[-1].sent, a.bulletin.code), reverse=True)
        for article in self.alerts:
            article.cap_url = article.url + self.config["ALERTS_FILENAME"]
        self.context["cap_alerts"] = self.alerts

    def generate_output(self, writer) -> None:
        siteurl = self.settings["SITEURL"]
        regency = self.context[RULES_KEY].regency
        output = output_of(self.settings)
        for article in self.alerts:
            output.write_generated(writer, article.cap_url, (article, self.config, regency, siteurl),
                                   partial(alert_xml, article, self.config, regency, siteurl))  # fmt: skip
        current = [(a, a.cap_url) for a in self.alerts if a.bulletin.is_current]
        moments = [history(a.bulletin)[-1].sent for a in self.alerts] or [a.date for a in published_articles(self.context)]
        if not moments:
            return
        inputs = (current, self.config, siteurl, max(moments))
        output.write_generated(writer, self.config["ALERTS_INDEX_SAVE_AS"], inputs, partial(alert_index, *inputs))  # fmt: skip


def get_generators(pelican):
    return AlertsGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
