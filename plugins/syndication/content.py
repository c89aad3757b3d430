"""An item's full HTML: status notices, the image, the body, transcript, sources and the
public change notes, with every link and image made absolute (bs4, never string pasting)."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup
from warta.core.dates import tanggal_jam

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")


class _Html:
    """Small helper around one soup: `tag("p", "text", child, …)` appends to the document."""

    def __init__(self, soup: BeautifulSoup):
        self.soup = soup

    def tag(self, name: str, *children, **attrs):
        element = self.soup.new_tag(name, attrs={k.rstrip("_"): v for k, v in attrs.items()})
        for child in children:
            if child is None:
                continue
            element.append(child if not isinstance(child, str) else self.soup.new_string(child))
        return element

    def link(self, href: str, text: str):
        return self.tag("a", text, href=href)


def make_absolute(soup: BeautifulSoup, base: str) -> None:
    """Resolve every URL attribute (and srcset) against the article's absolute URL."""
    for element in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                element[attribute] = urljoin(base, value.strip())
        if srcset := element.get("srcset"):
            candidates = []
            for candidate in srcset.split(","):
                url, _, size = candidate.strip().partition(" ")
                candidates.append(" ".join(filter(None, (urljoin(base, url), size.strip()))))
            element["srcset"] = ", ".join(candidates)


def _status_notices(h: _Html, source, absolute, when, clean) -> list:
    """The same notices as the bulletin page, in the same order of importance."""
    notices = []
    successor = source.replaced_by
    newer = (h.link(absolute(successor.url), clean(successor.title)) if successor else None)
    if source.withdrawn:
        notices.append(h.tag("p", h.tag("strong", "DICABUT"), ": buletin ini sudah dicabut dan tidak berlaku."))
        if source.withdrawn_reason:
            notices.append(h.tag("p", f"Alasan: {clean(source.withdrawn_reason)}"))
        if newer:
            notices.append(h.tag("p", "Gunakan penggantinya: ", newer))
    elif source.expired:
        notices.append(h.tag("p", h.tag("strong", f"Tidak berlaku lagi sejak {when(source.expires)}."),
                             " Informasi di bawah ini disimpan sebagai arsip."))  # fmt: skip
        if newer:
            notices.append(h.tag("p", "Informasi terbaru: ", newer))
    elif newer:
        notices.append(h.tag("p", h.tag("strong", "Sudah ada pembaruan."), " Informasi terbaru: ", newer))
    elif source.expires:
        notices.append(h.tag("p", f"Berlaku sampai {when(source.expires)}."))
    if source.changes and not source.withdrawn:
        latest = source.changes[0]
        notices.append(h.tag("p", h.tag("strong", f"Diperbarui {when(latest.date)}:"), f" {clean(latest.note)}"))
    if source.hoax_rebuttal:
        notices.append(h.tag("p", h.tag("strong", "Klarifikasi hoaks:"), " kabar yang beredar dan dibahas "
                             "di sini tidak benar. Jangan teruskan kabar tersebut; teruskan klarifikasi ini."))  # fmt: skip
    if source.replaces:
        notices.append(h.tag("p", "Buletin ini menggantikan ",
                             h.link(absolute(source.replaces.url), clean(source.replaces.title)), "."))  # fmt: skip
    return notices


def _facts(h: _Html, source, clean):
    areas = ("Seluruh Kabupaten Karawang" if source.whole_regency or not source.areas
             else ", ".join(source.areas))  # fmt: skip
    return h.tag("p", f"{source.type} · Wilayah: {areas} · Kode verifikasi: ",
                 h.tag("strong", clean(source.code)))  # fmt: skip


def _fragment(html: str | None, clean) -> BeautifulSoup | None:
    return BeautifulSoup(clean(html), "html.parser") if html else None


def item_html(source, config, clean) -> str:
    """The HTML of an article's feed item (from its `model.ItemSource`), absolute URLs throughout."""
    base = config.absolute(source.url)

    def absolute(relative: str) -> str:
        return config.absolute(relative)

    def when(moment) -> str:
        return tanggal_jam(moment, config.timezone)

    soup = BeautifulSoup("", "html.parser")
    h = _Html(soup)
    parts = [*_status_notices(h, source, absolute, when, clean), _facts(h, source, clean)]
    if image := source.image:
        parts.append(h.tag("figure", h.tag("img", src=image.url, alt=image.alt)))
    parts.append(_fragment(source.content, clean))
    if transcript := _fragment(source.transcript_html, clean):
        parts += [h.tag("h2", "Transkrip"), transcript]
    if source.video:
        video = absolute(source.video) if source.video_is_local else source.video
        parts.append(h.tag("p", h.link(video, "Tonton video")))
    if source.sources:
        listing = h.tag("ul")
        for cited in source.sources:
            name = clean(cited.name)
            listing.append(h.tag("li", h.link(cited.url, name) if cited.url else name))
        parts += [h.tag("h2", "Sumber"), listing]
    if source.changes:
        history = h.tag("ol")
        for change in source.changes:
            history.append(h.tag("li", f"{when(change.date)}: {clean(change.note)}"))
        history.append(h.tag("li", f"{when(source.published)}: Pertama diterbitkan."))
        parts += [h.tag("h2", "Riwayat pembaruan"), history]
    parts.append(h.tag("p", "Sumber resmi: ", h.link(base, base)))
    for part in parts:
        if part is not None:
            soup.append(part)
    make_absolute(soup, base)
    return str(soup).strip()
