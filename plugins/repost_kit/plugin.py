"""Pelican glue: validate settings; attach `article.repost_kit` once every context is final."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import signals

from warta.core.lazy import attach_lazy
from warta.core.settings import declare

from warta.core.facts import PreviewImage, bulletin_pages, facts_for
from warta.core.texts import sms_text, telegram_text, whatsapp_text

from .links import share_links
from .settings import SETTINGS, config_from


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    width: int
    height: int
    format: str  # "PNG"
    size: str  # "24 KB", or "" when unknown
    ratio: str = ""  # "og", "square", …
    drawn: bool = False  # no file: kartu.js draws it from the layout file at `url` on request


@dataclass(frozen=True)
class Printout:
    label: str  # "Poster A4 (PDF) untuk papan pengumuman"
    url: str
    format: str  # "PDF"
    size: str  # "31 KB", or "" when unknown


@dataclass(frozen=True)
class RepostKit:
    whatsapp: str
    telegram: str
    sms: str  # one SMS of GSM 7-bit characters, for phones without internet
    links: tuple[dict, ...]
    downloads: tuple[Download, ...]
    poster: Printout | None = None  # the notice-board poster, when the share images plugin made one


def kilobytes(size: int | None) -> str:
    return f"{max(1, round(size / 1024))} KB" if size else ""


def downloads(images: tuple[PreviewImage, ...]) -> tuple[Download, ...]:
    return tuple(Download(i.label, i.url, i.width, i.height, i.type.rpartition("/")[2].upper(), kilobytes(i.size),
                          i.key, i.drawn) for i in images)  # fmt: skip


def printout(poster) -> Printout | None:
    if poster is None:
        return None
    return Printout(poster.label, poster.url, poster.type.rpartition("/")[2].upper(), kilobytes(poster.size))


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def attach_kits(generators) -> None:
    # After every generator's context, so share images attached by any plugin are seen.
    articles, settings, regency = bulletin_pages(generators)
    config = config_from(settings)

    def kit(article) -> RepostKit:
        facts = facts_for(article, settings, regency)
        whatsapp = whatsapp_text(facts, config.whatsapp_max)
        return RepostKit(whatsapp, telegram_text(facts), sms_text(facts), tuple(share_links(facts, whatsapp, config.networks)),
                         downloads(facts.share_images), printout(facts.poster))  # fmt: skip

    for article in articles:
        attach_lazy(article, "repost_kit", kit)


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(attach_kits)
