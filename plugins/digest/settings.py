"""Settings of the digest plugin: declared once, frozen into `Config` for the build and the sender."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from warta.core.registry import Setting, SettingsError, accept, optional, values, whole

# A scope's path as the feeds name it (warta.core.scopes): semua, penting, jenis/<slug>,
# topik/<slug>, kecamatan/<code>-<slug>.
SCOPE_FORM = re.compile(r"semua|penting|(?:jenis|topik|kecamatan)/[a-z0-9][a-z0-9._-]*")
# ASCII addresses only: a list address needs no SMTPUTF8, which not every server offers.
ADDRESS_FORM = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}|[A-Za-z0-9.+_-]+@localhost")
# A From header: an address, or a display name and <address>.
SENDER_FORM = re.compile(r"[^\r\n<>]*<(?:" + ADDRESS_FORM.pattern + r")>|" + ADDRESS_FORM.pattern)
LIST_KEYS = ("address", "list_id", "unsubscribe", "unsubscribe_post")
SCOPES_HELP = ("use a dict of scope -> list address or -> {'address': ..., 'list_id': ..., 'unsubscribe': ..., "
               "'unsubscribe_post': ...}, scopes named as the feeds name them ('semua', 'penting', "
               "'jenis/pengumuman', 'topik/banjir', 'kecamatan/32.15.05-klari'), e.g. "
               "{'semua': 'warta-semua@googlegroups.com'}")  # fmt: skip


@dataclass(frozen=True)
class MailingList:
    """Where one scope's digest goes: the list's address and the headers passed through to it.
    The list server owns the subscribers; Warta only posts to the list."""

    address: str
    list_id: str | None = None  # List-Id, e.g. "Warta Karawang: semua <warta-semua.lists.example.go.id>"
    unsubscribe: str | None = None  # List-Unsubscribe, e.g. "<mailto:…>, <https://…>"
    unsubscribe_post: str | None = None  # List-Unsubscribe-Post, e.g. "List-Unsubscribe=One-Click"


def _header_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not re.search(r"[\r\n\x00]", value)


def _mailing_list(value) -> MailingList | None:
    if isinstance(value, str):
        value = {"address": value}
    if not isinstance(value, dict) or set(value) - set(LIST_KEYS) or "address" not in value:
        return None
    if not all(_header_text(v) for v in value.values()) or not ADDRESS_FORM.fullmatch(value["address"]):
        return None
    return MailingList(**value)


def _scopes(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(scope, str) and SCOPE_FORM.fullmatch(scope) and _mailing_list(target) for scope, target in value.items())


SETTINGS = (
    Setting("DIGEST_SCOPES", {}, accept(_scopes, SCOPES_HELP),
            "Mailing lists that get a daily email digest: scope (as the feeds name it) -> the list's address, "
            "or a dict with 'address' and the List-Id, List-Unsubscribe and List-Unsubscribe-Post headers to pass "
            "through; {} writes no digest."),
    Setting("DIGEST_FROM", None,
            optional(accept(lambda v: _header_text(v) and SENDER_FORM.fullmatch(v.strip()) is not None,
                            "use the sender the lists accept, e.g. 'Warta Karawang <warta@karawangkab.go.id>'")),
            "The From of every digest (an address the mailing lists accept posts from); needed when DIGEST_SCOPES is set."),
    Setting("DIGEST_DAYS", 7, whole(1, 31, "use a whole number of days from 1 to 31, e.g. 7"),
            "How many complete days before the build's day get a digest in the outbox (the build's clock, in TIMEZONE)."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    lists: dict[str, MailingList]  # scope path -> its list
    sender: str | None
    days: int
    sitename: str
    siteurl: str
    host: str  # SITEURL's host: Message-IDs are made on the site's domain


def config_from(settings) -> Config:
    """Validate the plugin's settings and freeze them; errors name key, value and the fix."""
    checked = values(settings, SETTINGS)
    lists = {scope: _mailing_list(target) for scope, target in sorted(checked["DIGEST_SCOPES"].items())}
    if lists and checked["DIGEST_FROM"] is None:
        raise SettingsError("DIGEST_FROM", None, "DIGEST_SCOPES names mailing lists, so set the sender they accept "
                            "posts from, e.g. 'Warta Karawang <warta@karawangkab.go.id>'")  # fmt: skip
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    host = urlsplit(siteurl).hostname or ""
    if lists and not host:
        raise SettingsError("SITEURL", siteurl, "digests link to the site; use an http(s) origin such as "
                            "'https://warta.karawangkab.go.id'")  # fmt: skip
    return Config(lists=lists, sender=checked["DIGEST_FROM"], days=checked["DIGEST_DAYS"],
                  sitename=settings.get("SITENAME") or "Warta", siteurl=siteurl, host=host)  # fmt: skip
