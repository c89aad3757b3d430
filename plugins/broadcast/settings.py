"""Settings of the broadcast plugin: declared once, frozen into `Config`. No secret is a
setting: the targets' URLs come from the environment only (send.ENVIRONMENT)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from warta.core.registry import Setting, accept, is_relative_path, optional, values, whole


def _is_http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.username and not parts.query


SETTINGS = (
    Setting("BROADCAST_WINDOW_HOURS", 24, whole(0, 8760, "use a whole number of hours from 0 to 8760, e.g. 24"),
            "With no record for a target yet (first run, lost ledger, new target or scope), versions older than "
            "this many hours are recorded as sent without being sent."),
    Setting("BROADCAST_MAX_AGE_DAYS", 7, whole(1, 3650, "use a whole number of days from 1 to 3650, e.g. 7"),
            "Versions older than this many days stay out of the outbox, so a target that was down longer never "
            "gets stale news."),
    Setting("BROADCAST_LEDGER", ".sent.json", accept(is_relative_path, "use a file path relative to the project folder, e.g. '.sent.json'"),
            "The record of which bulletin version went to which target, relative to the project folder; the deploy "
            "job keeps it in its CI cache."),
    Setting("BROADCAST_MASTODON_MAX", 500, whole(100, 100_000, "use a whole number of characters of at least 100, e.g. 500"),
            "The longest Mastodon status in characters, a link counted as 23; raise it only for a server that allows more."),
    Setting("BROADCAST_TELEGRAM_API", None, optional(accept(_is_http_url, "use None or the http(s) address of a Bot API server, e.g. 'http://127.0.0.1:8081'")),
            "The address of a self-hosted Telegram Bot API server; None sends through api.telegram.org."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    window_hours: int
    max_age_days: int
    ledger: str
    mastodon_max: int
    telegram_api: str | None


def config_from(settings) -> Config:
    checked = values(settings, SETTINGS)
    return Config(checked["BROADCAST_WINDOW_HOURS"], checked["BROADCAST_MAX_AGE_DAYS"], checked["BROADCAST_LEDGER"],
                  checked["BROADCAST_MASTODON_MAX"], checked["BROADCAST_TELEGRAM_API"])  # fmt: skip
