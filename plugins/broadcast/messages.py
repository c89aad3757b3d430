"""Pure builders of each channel's message for one bulletin version, within the channel's
limits: the WhatsApp-style text of `warta.core.texts` in Telegram's HTML, as Mastodon plain
text, and as an ntfy notification."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from warta.core.facts import Facts
from warta.core.texts import HTML, PLAIN, headline, message_text

# Telegram allows a caption of 1,024 characters; apprise sends the text as the photo's
# caption only when it is shorter than that (NotifyTelegram.telegram_caption_maxlen), after
# its HTML reducer has written each line break as "\r\n" (TELEGRAM_HTML_BR). The limit is
# kept on that form of the HTML source, never shorter than what Telegram counts.
TELEGRAM_CAPTION_MAX = 1023
MASTODON_LINK_LENGTH = 23  # every link Mastodon recognises counts as 23 characters
NTFY_MESSAGE_MAX = 4000  # bytes; ntfy's default message limit is 4,096
# ntfy priorities 1 (min) to 5 (max, a long vibration and a sound that breaks through Do Not Disturb).
NTFY_PRIORITY = {"darurat": 5, "penting": 4, "biasa": 3}
LINK = re.compile(r"https?://\S+")
TOP_LEVEL = re.compile(r"[a-z]{2,}|xn--[a-z0-9-]+")


def mastodon_length(text: str) -> int:
    """The length Mastodon checks against its limit: a link whose host Mastodon recognises
    (a domain with a top-level domain) counts as 23, whatever its length. Links to hosts it
    does not recognise as links, such as localhost or an address, count in full."""
    total = len(text)
    for link in LINK.findall(text):
        host = urlsplit(link).hostname or ""
        if "." in host and TOP_LEVEL.fullmatch(host.rsplit(".", 1)[1]):
            total += MASTODON_LINK_LENGTH - len(link)
    return total


def telegram_length(text: str) -> int:
    """The caption's length as apprise checks it: each line break sent as two characters."""
    return len(text) + text.count("\n")


def telegram_caption(facts: Facts, note: str = "") -> str:
    """The photo's HTML caption: the WhatsApp-style text with a bold title, the code and the
    canonical URL, at most TELEGRAM_CAPTION_MAX characters of HTML (telegram_length)."""
    return message_text(facts, TELEGRAM_CAPTION_MAX, HTML, note, length=telegram_length)


def mastodon_status(facts: Facts, note: str = "", limit: int = 500) -> str:
    """The status: the same text in plain characters, at most `limit` as Mastodon counts."""
    return message_text(facts, limit, PLAIN, note, length=mastodon_length)


def ntfy_message(facts: Facts, note: str = "") -> dict:
    """title, message (the text below the title), click (the page), priority (by urgency)."""
    text = message_text(facts, NTFY_MESSAGE_MAX, PLAIN, note, length=lambda t: len(t.encode("utf-8")))
    return {"title": headline(facts, updated=bool(note)), "message": text.split("\n", 1)[1].lstrip("\n"),
            "click": facts.url, "priority": NTFY_PRIORITY.get(facts.urgency, 3)}  # fmt: skip


def plain_message(facts: Facts, note: str = "") -> dict:
    """Title and body for any other service apprise reaches (e-mail, Matrix, Discord, …)."""
    text = message_text(facts, NTFY_MESSAGE_MAX, PLAIN, note)
    return {"title": headline(facts, updated=bool(note)), "body": text.split("\n", 1)[1].lstrip("\n")}
