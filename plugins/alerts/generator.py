"""Collect darurat bulletins in generate_context; write CAP files and the Atom index."""

from __future__ import annotations

from functools import partial

from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from warta.core.output import output_of
from warta.core.site import RULES_KEY, published_articles
from warta.core.settings import SettingsError
from warta.core.feeds import WartaEntryExtension, WartaFeedExtension

from .cap import CATEGORIES, CERTAINTIES, DEFAULTS, SEVERITIES, URGENCIES, alert_xml, history


def alerts_config(settings) -> dict:
    """Defaults merged with the site's settings, checked once."""
    config = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    config["ALERTS_SENDER_NAME"] = config["ALERTS_SENDER_NAME"] or settings["AUTHOR"]
    for key, allowed in (("ALERTS_URGENCY", URGENCIES), ("ALERTS_SEVERITY", SEVERITIES),
                         ("ALERTS_CERTAINTY", CERTAINTIES), ("ALERTS_DEFAULT_CATEGORY", CATEGORIES)):  # fmt: skip
        if config[key] not in allowed:
            raise SettingsError(key, config[key], f"use one of: {', '.join(allowed)}")
    for topic, category in config["ALERTS_CATEGORIES"].items():
        if category not in CATEGORIES:
            raise SettingsError("ALERTS_CATEGORIES", {topic: category}, f"map topics to: {', '.join(CATEGORIES)}")
    if any(c in config["ALERTS_SENDER"] for c in " ,<&"):
        raise SettingsError("ALERTS_SENDER", config["ALERTS_SENDER"], "use an address without spaces, commas, < or &")
    return config


def alert_index(alerts, config, siteurl: str, updated) -> bytes:
    """Atom index of current alerts; `updated` from the newest message, never the clock."""
    feed = FeedGenerator()
    # Syndication's extension writes entry links with their rel and type (feedgen 1.0 drops them).
    feed.register_extension("warta", WartaFeedExtension, WartaEntryExtension)
    feed.id(f"{siteurl}/{config['ALERTS_INDEX_SAVE_AS']}")
    feed.title(f"Peringatan darurat · {config['ALERTS_SENDER_NAME']}")
    feed.author({"name": config["ALERTS_SENDER_NAME"]})
    feed.link(href=f"{siteurl}/{config['ALERTS_INDEX_SAVE_AS']}", rel="self")
    feed.link(href=f"{siteurl}/", rel="alternate")
    feed.language("id")
    feed.generator("Warta")
    feed.updated(updated)
    for article, url in alerts:
        latest = history(article.bulletin)[-1]
        entry = feed.add_entry(order="append")
        entry.id(f"{siteurl}/{url}")
        entry.title(article.title)
        entry.updated(latest.sent)
        entry.published(article.bulletin.date)
        entry.summary(article.bulletin.summary_text)
        links = [{"href": f"{siteurl}/{url}", "rel": "alternate", "type": "application/cap+xml"},
                 {"href": f"{siteurl}/{article.url}", "rel": "related", "type": "text/html"}]  # fmt: skip
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
    signals.get_generators.connect(get_generators)
