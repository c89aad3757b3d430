"""A day's digest as email: the subject, the plain text and the HTML, in Bahasa Indonesia.

The HTML is made for mail programs, which ignore style sheets and block remote files: every
style is inline, the layout is one column of at most 600 px that narrows on a phone, there
is no script, image, font or form, and the only URLs are links to the site. It stays valid
HTML (the tests run the Nu HTML checker over it), so nothing obsolete such as `width` or
`bgcolor` attributes, which mail templates often use. Pure functions of the `Digest`.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from html import escape

from warta.core.dates import MONTHS, jam, tanggal, tanggal_jam
from warta.core.model import URGENCIES

from .model import SECTIONS, Digest, Item
from .settings import Config

STATES = {"berlaku": "Berlaku", "diperbarui": "Diperbarui", "kedaluwarsa": "Kedaluwarsa", "dicabut": "Dicabut"}
HEADINGS = {"dicabut": "Dicabut", "diperbarui": "Diperbarui", "terbit": "Terbit"}
MARKERS = {"dicabut": "[DICABUT] ", "diperbarui": "[DIPERBARUI] ", "terbit": ""}
VERBS = {"dicabut": "Dicabut", "diperbarui": "Diperbarui", "terbit": "Terbit"}
WIDTH = 72  # plain-text lines; URLs are never broken

FONT = "font-family:Arial,Helvetica,sans-serif"
INK, MUTED, LINE, LINK, BRAND = "#0b0c0c", "#4a5357", "#c5cdd0", "#0b5c8a", "#0b4f45"
STATE_COLOURS = {"berlaku": ("#e6f1ef", "#073a33"), "diperbarui": ("#e6f1ef", "#073a33"),
                 "kedaluwarsa": ("#4a5357", "#ffffff"), "dicabut": ("#b3141e", "#ffffff")}  # fmt: skip
URGENCY_COLOURS = {"penting": ("#ffdd00", INK), "darurat": ("#b3141e", "#ffffff")}


def day_text(digest: Digest) -> str:
    """'30 Juni 2021'."""
    return f"{digest.day.day} {MONTHS[digest.day.month - 1]} {digest.day.year}"


def subject(digest: Digest) -> str:
    count = len(digest.items)
    return f"Ringkasan {day_text(digest)}: {digest.name} ({count} buletin)"


def message_id_for(scope: str, day: str, host: str) -> str:
    """Stable per scope and day, on the site's domain: a list server and its archive see a
    digest sent twice as one message."""
    return f"<digest.{day}.{scope.replace('/', '.')}@{host}>"


def message_id(digest: Digest, config: Config) -> str:
    return message_id_for(digest.scope, digest.day.isoformat(), config.host)


def _counts(digest: Digest) -> str:
    parts = [f"{sum(1 for i in digest.items if i.event == e)} {HEADINGS[e].lower()}" for e in SECTIONS
             if any(i.event == e for i in digest.items)]  # fmt: skip
    return f"{len(digest.items)} buletin: " + ", ".join(parts)


def _facts(item: Item) -> str:
    parts = [f"Kode {item.code}", item.type]
    if item.urgency != "biasa":
        parts.append(URGENCIES[item.urgency])
    return " · ".join([*parts, item.areas])


def _status(item: Item, timezone: str) -> str:
    text = f"Status: {STATES[item.state].lower()}"
    if item.expires is None or item.state == "dicabut":
        return text
    until = tanggal_jam(item.expires, timezone)
    if item.state == "kedaluwarsa":
        return f"{text} (tidak berlaku lagi sejak {until})"
    return f"{text}, berlaku sampai {until}" if item.state == "diperbarui" else f"Status: berlaku sampai {until}"


def _details(item: Item, timezone: str) -> list[str]:
    """What happened that day: the event with its change note, the day's other notes, and a
    withdrawal's reason."""
    own = [note.note for note in item.notes if note.date == item.moment]
    lines = [f"{VERBS[item.event]} {jam(item.moment, timezone)}" + (f": {own[0]}" if own else ".")]
    lines += [f"Pembaruan {jam(note.date, timezone)}: {note.note}" for note in item.notes if note.date != item.moment]
    if item.event == "dicabut" and item.withdrawn_reason:
        lines.append(f"Alasan pencabutan: {item.withdrawn_reason}")
    return lines


CHECK = "Periksa keaslian buletin dengan kodenya di "


def _footer(digest: Digest, config: Config) -> tuple[str, str]:
    """The footer's first and last sentence; between them CHECK and the /cek/ link."""
    return (f"Ringkasan harian ini dikirim otomatis oleh {config.sitename} ({config.siteurl}/) ke milis "
            f"\u201c{digest.name}\u201d. Yang resmi selalu halaman buletin di situs: teruskan tautannya, bukan salinan.",
            "Untuk berhenti berlangganan, ikuti petunjuk milis yang Anda ikuti; "
            f"{config.sitename} tidak menyimpan daftar penerima.")  # fmt: skip


def _wrap(text: str) -> str:
    return textwrap.fill(text, WIDTH, break_long_words=False, break_on_hyphens=False)


def plain_text(digest: Digest, config: Config, timezone: str, cek: str | None) -> str:
    out = [f"Ringkasan harian {config.sitename}", f"{digest.name} · {tanggal(digest_moment(digest), timezone)}",
           _counts(digest)]  # fmt: skip
    for section in SECTIONS:
        items = [item for item in digest.items if item.event == section]
        if not items:
            continue
        out += ["", "", f"== {HEADINGS[section]} ==".upper()]
        for item in items:
            out += ["", _wrap(MARKERS[item.event] + item.title), _wrap(_facts(item)), _wrap(_status(item, timezone))]
            out += [_wrap(line) for line in _details(item, timezone)]
            if item.summary:
                out.append(_wrap(item.summary))
            out.append(item.url)
    first, last = _footer(digest, config)
    out += ["", "-- ", _wrap(first), *([_wrap(CHECK + cek)] if cek else []), _wrap(last)]
    return "\n".join(out) + "\n"


def digest_moment(digest: Digest) -> datetime:
    return datetime.combine(digest.day, datetime.min.time())  # naive: read in the site's zone


def _e(text: str) -> str:
    return escape(text, quote=True)


def _badge(text: str, colours: tuple[str, str]) -> str:
    background, colour = colours
    return (f'<span style="display:inline-block;padding:0 6px;font-weight:bold;background:{background};'
            f'color:{colour};">{_e(text)}</span>')  # fmt: skip


def _link(url: str, text: str | None = None, style: str = "") -> str:
    return f'<a href="{_e(url)}" style="color:{LINK};{style}">{_e(text if text is not None else url)}</a>'


def _item_html(item: Item, timezone: str, verification_url) -> str:
    badges = [_badge(STATES[item.state].upper(), STATE_COLOURS[item.state])]
    if item.urgency in URGENCY_COLOURS:
        badges.append(_badge(URGENCIES[item.urgency].upper(), URGENCY_COLOURS[item.urgency]))
    facts = f"Kode {_link(verification_url(item.code), item.code, 'font-weight:bold;')} · {_e(item.type)} · {_e(item.areas)}"
    details = "".join(f'<p style="margin:0 0 6px;">{_e(line)}</p>' for line in _details(item, timezone))
    summary = f'<p style="margin:0 0 8px;">{_e(item.summary)}</p>' if item.summary else ""
    return (
        f'<tr><td style="padding:14px 20px;border-top:1px solid {LINE};{FONT};font-size:16px;line-height:1.5;'
        f'color:{INK};word-wrap:break-word;overflow-wrap:break-word;">'
        f'<p style="margin:0 0 6px;font-size:13px;line-height:1.6;">{" ".join(badges)}</p>'
        f'<h3 style="margin:0 0 6px;font-size:18px;line-height:1.35;">'
        f'{_link(item.url, item.title)}</h3>'
        f'<p style="margin:0 0 6px;font-size:14px;color:{MUTED};">{facts}</p>'
        f'<p style="margin:0 0 6px;font-size:14px;font-weight:bold;">{_e(_status(item, timezone))}</p>'
        f"{details}{summary}"
        f'<p style="margin:0;font-size:14px;">{_link(item.url, None, "word-break:break-all;")}</p>'
        "</td></tr>"
    )


def html(digest: Digest, config: Config, timezone: str, cek: str | None, verification_url) -> str:
    """The HTML part. `verification_url(code)` is the absolute URL of a code's /cek/ page."""
    title = subject(digest)
    rows = []
    for section in SECTIONS:
        items = [item for item in digest.items if item.event == section]
        if not items:
            continue
        rows.append(f'<tr><td style="padding:18px 20px 6px;{FONT};">'
                    f'<h2 style="margin:0;font-size:15px;line-height:1.4;text-transform:uppercase;letter-spacing:1px;'
                    f'color:{MUTED};">{_e(HEADINGS[section])}</h2></td></tr>')  # fmt: skip
        rows += [_item_html(item, timezone, verification_url) for item in items]
    first, last = _footer(digest, config)
    footer = f'<p style="margin:0 0 8px;">{_e(first)}</p>'
    if cek:
        footer += f'<p style="margin:0 0 8px;">{_e(CHECK)}{_link(cek)}</p>'
    footer += f'<p style="margin:0;">{_e(last)}</p>'
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n</head>\n"
        f'<body style="margin:0;padding:0;background:#f3f5f5;color:{INK};">\n'
        '<table role="presentation" style="width:100%;border-collapse:collapse;background:#f3f5f5;">'
        '<tr><td style="padding:12px 6px;">\n'
        '<table role="presentation" style="width:100%;max-width:600px;margin:0 auto;border-collapse:collapse;'
        f'background:#ffffff;border:1px solid {LINE};">\n'
        f'<tr><td style="padding:16px 20px;background:{BRAND};color:#ffffff;{FONT};">'
        f'<p style="margin:0;font-size:14px;line-height:1.4;">{_link(config.siteurl + "/", config.sitename, "color:#ffffff;font-weight:bold;")}'
        " · Ringkasan harian</p>"
        f'<h1 style="margin:4px 0 0;font-size:22px;line-height:1.3;">{_e(digest.name)}</h1>'
        f'<p style="margin:4px 0 0;font-size:14px;line-height:1.4;">'
        f"{_e(tanggal(digest_moment(digest), timezone))} · {_e(_counts(digest))}</p></td></tr>\n"
        + "\n".join(rows)
        + f'\n<tr><td style="padding:16px 20px;border-top:1px solid {LINE};background:#f3f5f5;{FONT};font-size:13px;'
        f'line-height:1.5;color:{MUTED};">{footer}</td></tr>\n'
        "</table>\n</td></tr></table>\n</body>\n</html>\n"
    )
