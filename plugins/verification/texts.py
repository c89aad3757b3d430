"""The official text of a bulletin as the forwarded-message checker on /cek/ compares it.

One small JSON per bulletin (`cek/<CODE>/teks.json`): what a resident's copy may say (the
title, the date lines the share texts print, the summary, the body, the withdrawal reason
and the latest change note) and the bulletin's state, so the script fetches one file for the
bulletin it found and nothing else. A hoax rebuttal's "## Beredar" section (the hoax it
quotes) is kept apart from the rest: a message that matches it is the hoax, not the rebuttal.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from warta.core.dates import iso, tanggal_jam
from warta.core.schema import HOAX_SECTIONS
from warta.core.site import absolute

CLAIM_SECTION = HOAX_SECTIONS[0]  # "Beredar": what circulates, as the rebuttal quotes it
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "figcaption", "dt", "dd", "div")
CELLS = ("td", "th")


def plain(soup_or_html) -> str:
    """Text of HTML, one line per block (a table row's cells joined by " | "), spaces collapsed;
    inline markup adds no space ("**baru**:" stays "baru:")."""
    soup = BeautifulSoup(soup_or_html, "html.parser") if isinstance(soup_or_html, str) else soup_or_html
    for text in soup.find_all(string=True):
        text.replace_with(re.sub(r"\s+", " ", text))
    for cell in soup.find_all(CELLS):
        cell.insert_after(" | ")
    for block in soup.find_all(BLOCKS):
        block.insert_after("\n")
    lines = (" ".join(line.split()).strip(" |") for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def split_claim(content_html: str) -> tuple[str, str]:
    """(the rest of the body, the "## Beredar" section) as plain text; the section is empty
    when the body has none."""
    soup = BeautifulSoup(content_html or "", "html.parser")
    heading = next((h for h in soup.find_all("h2") if h.get_text(strip=True).casefold() == CLAIM_SECTION.casefold()),
                   None)  # fmt: skip
    if heading is None:
        return plain(soup), ""
    section = []
    for sibling in list(heading.next_siblings):
        if isinstance(sibling, Tag) and sibling.name in ("h1", "h2"):
            break
        section.append(sibling.extract())
    heading.extract()
    claim = BeautifulSoup("", "html.parser")
    for part in section:
        claim.append(part)
    return plain(soup), plain(claim)


def _linked(article, siteurl: str) -> dict | None:
    if article is None:
        return None
    return {"code": article.bulletin.code, "title": article.title, "url": absolute(siteurl, article.url)}


def official_text(article, verdict, siteurl: str, tz: str) -> dict:
    """What teks.json holds for one bulletin (see the module's docstring)."""
    b = article.bulletin
    body, claim = split_claim(article.content) if b.is_hoax_rebuttal else (plain(article.content or ""), "")
    if b.transcript_html:
        body = f"{body}\n{plain(b.transcript_html)}".strip()
    change = b.changes[0] if b.changes else None
    replaced = b.replaced_by if b.replaced_by is not None and b.replaced_by.status != "draft" else None
    return {
        "code": b.code,
        "title": article.title,
        "url": absolute(siteurl, article.url),
        "check": absolute(siteurl, verdict.url),
        "hoax": b.is_hoax_rebuttal,
        "state": verdict.state,  # as built; the script also checks `expires` against the device's clock
        "published_text": tanggal_jam(article.date, tz),
        "expires": iso(b.expires, tz) if b.expires else None,
        "expires_text": tanggal_jam(b.expires, tz) if b.expires else "",
        "changed": {"text": tanggal_jam(change.date, tz), "note": change.note} if change else None,
        "withdrawn_reason": b.withdrawn_reason or "",
        # As /cek/<CODE>/ says it: the newest current bulletin down the chain, else the
        # replacement (no longer current either).
        "latest": _linked(b.latest, siteurl),
        "replaced_by": None if b.latest else _linked(replaced, siteurl),
        "summary": b.summary_text,
        "text": body,
        "claim": claim,
    }
