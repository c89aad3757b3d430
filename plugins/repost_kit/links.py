"""Pure builder of the plain share links: no scripts, no requests until someone clicks."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from warta.core.facts import Facts, shorten
from warta.core.texts import headline

# network -> (name shown, share URL base, query builder)
NETWORKS = {
    "whatsapp": ("WhatsApp", "https://wa.me/", lambda f, wa: {"text": wa}),
    "telegram": ("Telegram", "https://t.me/share/url",
                 lambda f, wa: {"url": f.url, "text": f"{headline(f)}\nKode cek: {f.code}"}),
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php", lambda f, wa: {"u": f.url}),
    "x": ("X", "https://twitter.com/intent/tweet",
          lambda f, wa: {"url": f.url, "text": shorten(f"{headline(f)} · Kode cek {f.code}", 200)}),
    "line": ("LINE", "https://social-plugins.line.me/lineit/share", lambda f, wa: {"url": f.url}),
}  # fmt: skip


def share_links(facts: Facts, whatsapp: str, networks=tuple(NETWORKS)) -> list[dict]:
    """[{"network", "name", "url"}] in the order of `networks`; `whatsapp` is the full text
    that the WhatsApp link pre-fills."""
    links = []
    for network in networks:
        name, base, query = NETWORKS[network]
        url = f"{base}?{urlencode(query(facts, whatsapp), quote_via=quote)}"
        links.append({"network": network, "name": name, "url": url})
    return links
