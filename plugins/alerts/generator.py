"""Collect darurat bulletins in generate_context; write CAP files and the Atom index."""

from __future__ import annotations

import logging
from functools import partial

from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from warta.core.errors import StaffError
from warta.core.feeds import WartaEntryExtension, WartaFeedExtension
from warta.core.language import say, staff_language
from warta.core.output import output_of
from warta.core.registry import values
from warta.core.schema import inside
from warta.core.settings import declare, project_root, rules_from
from warta.core.site import RULES_KEY, absolute, drill_articles, published_articles

from . import shapes
from .cap import alert_xml, areas_for, areas_of, channel_test_xml, history
from .settings import SETTINGS

logger = logging.getLogger(__name__)


def alerts_config(settings) -> dict:
    """The checked ALERTS_* settings; the sender's name falls back to AUTHOR."""
    config = values(settings, SETTINGS)
    config["ALERTS_SENDER_NAME"] = config["ALERTS_SENDER_NAME"] or settings["AUTHOR"]
    return config


def boundaries_of(settings, config, regency) -> shapes.Boundaries | None:
    """The kecamatan outlines when the office provides them, else None, with one warning
    (or an error for a file that cannot be used) in the staff's language. A file that lacks
    some kecamatan still serves the others; the warning names the missing ones."""
    language = staff_language(settings)
    relative = config["ALERTS_BOUNDARIES_FILE"]
    path = project_root(settings) / relative
    if path.exists() and inside(project_root(settings), relative) is None:
        # A pushed symbolic link must not make the build read a file outside the project.
        logger.error("%s", say(language,
            f"{relative} menunjuk ke luar folder proyek; simpan berkas GeoJSON-nya sendiri di sana, bukan tautan",
            f"{relative} points outside the project folder; store the GeoJSON file itself there, not a link"))  # fmt: skip
        return None
    if not path.is_file():
        logger.warning("%s", say(language,
            f"{relative} tidak ada, jadi peringatan CAP hanya memuat kode wilayah tanpa poligon (agregator "
            "seperti Google Public Alerts mengutamakan poligon); simpan batas kecamatan resmi di sana (lihat "
            "docs/panduan-staf.md bagian 5)",
            f"{relative} does not exist, so CAP alerts carry area codes without polygons (aggregators such as "
            "Google Public Alerts prefer polygons); save the official kecamatan boundaries there (see "
            "docs/features.md, Area polygons)"))  # fmt: skip
        return None
    try:
        boundaries = shapes.load(path, config["ALERTS_BOUNDARIES_CODE_PROPERTY"], config["ALERTS_POLYGON_MAX_POINTS"])
    except shapes.BoundariesError as error:
        logger.error("%s", say(language, f"{relative}: {error.indonesian}", f"{relative}: {error.english}"))
        return None
    if missing := boundaries.missing(area.code for area in regency.areas):
        logger.warning("%s", say(language,
            f"{relative} tidak memuat batas kecamatan {', '.join(missing)}, jadi peringatan untuk kecamatan itu "
            "(dan untuk seluruh kabupaten) hanya memuat kode wilayah; tambahkan batasnya ke berkas itu",
            f"{relative} lacks the boundaries of kecamatan {', '.join(missing)}, so alerts for them (and for "
            "the whole regency) carry only area codes; add their boundaries to the file"))  # fmt: skip
    return boundaries


def channel_test(settings, kecamatan: str, sent) -> bytes:
    """`invoke alert-test`: a Test message for the kecamatan named as in a bulletin's header
    (`semua` for the whole regency), with polygons when the boundaries file exists. Raises
    StaffError for a name that is no kecamatan."""
    rules = rules_from(settings)
    regency, config = rules.regency, alerts_config(settings)
    areas, whole = [], False
    for name in (part.strip() for part in kecamatan.split(",") if part.strip()):
        if regency.is_whole(name):
            whole = True
        elif area := regency.find(name):
            areas.append(area)
        else:
            raise StaffError(say(rules.language,
                f"'{name}' bukan kecamatan di {regency.name}; pakai kode atau nama resmi, atau 'semua'",
                f"'{name}' is not a kecamatan of {regency.name}; use an official code or name, or 'semua'"))
    boundaries = boundaries_of(settings, config, regency)
    cap_areas = areas_for(areas, whole or not areas, regency, boundaries)
    return channel_test_xml(config, rules.code_prefix, cap_areas, settings["SITEURL"], sent)


def alert_index(alerts, config, siteurl: str, updated) -> bytes:
    """Atom index of current alerts; `updated` from the newest message, never the clock.
    Each entry's alternate link is the CAP file, typed application/cap+xml (how Google's
    CAP feed parser picks it, and the entry link feedparser-based hubs read); the page is
    a related text/html link."""
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
        real = [a for a in published_articles(self.context) if a.bulletin.urgency == "darurat"]
        drills = drill_articles(self.context)  # darurat by the schema's rule
        self.alerts = sorted([*real, *drills], key=lambda a: (history(a.bulletin)[-1].sent, a.bulletin.code),
                             reverse=True)  # fmt: skip
        for article in self.alerts:
            article.cap_url = article.url + self.config["ALERTS_FILENAME"]
        self.context["cap_alerts"] = self.alerts

    def generate_output(self, writer) -> None:
        siteurl = self.settings["SITEURL"]
        regency = self.context[RULES_KEY].regency
        output = output_of(self.settings)
        boundaries = boundaries_of(self.settings, self.config, regency) if self.alerts else None
        for article in self.alerts:
            areas = areas_of(article.bulletin, regency, boundaries)
            output.write_generated(writer, article.cap_url, (article, self.config, areas, siteurl),
                                   partial(alert_xml, article, self.config, areas, siteurl))  # fmt: skip
        # Drills never reach the index: a reader of the entries alone would relay them as real.
        current = [(a, a.cap_url) for a in self.alerts if a.bulletin.is_current and not a.bulletin.is_drill]
        moments = ([history(a.bulletin)[-1].sent for a in self.alerts if not a.bulletin.is_drill]
                   or [a.date for a in published_articles(self.context)])  # fmt: skip
        if not moments:
            return
        inputs = (current, self.config, siteurl, max(moments))
        output.write_generated(writer, self.config["ALERTS_INDEX_SAVE_AS"], inputs, partial(alert_index, *inputs))  # fmt: skip


def get_generators(pelican):
    return AlertsGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
