"""Pure builders of the message texts residents receive: the re-post kit's copy-ready
WhatsApp and Telegram texts and the broadcast's channel messages are composed here, from
`Facts`, so that every surface says the same thing in the same order.

WhatsApp has no escape character: `*bold*`, `_italic_`, `~strike~` and ```monospace```
(and `inline code`) apply wherever a pair of markers surrounds text. The usual tricks are a
zero-width space or joiner beside the marker, or a look-alike character. Zero-width
characters rely on undocumented parser behaviour and are stripped by some apps and
keyboards, which would bring the markup back; so the four marker characters in bulletin
text are replaced with their full-width forms (＊ ＿ ～ ｀). Those look alike, are never
markup, and every phone can draw them (Android and iOS ship CJK fallback fonts). Line-start
markers (`- ` and `* ` lists, `1. ` numbered lists, `> ` quotes) are kept off the start of
wrapped lines by tying them to the word before with a no-break space.

`message_text` composes that one message for any markup: WhatsApp's (`WHATSAPP`), Telegram's
HTML (`HTML`, text escaped after it is cut to size, so no entity is ever split) or none
(`PLAIN`), within a limit measured by any length function (Mastodon counts a link as 23).

`sms_text` is the one-SMS version for phones without internet: at most 160 characters of the
GSM 7-bit alphabet, since a single character outside it makes the whole SMS UCS-2 and cuts it
to 70 (or splits it into parts some phones never join).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from unidecode import unidecode

from .dates import MONTHS, ZONE_NAMES, tanggal_jam
from .facts import Facts, shorten

WHATSAPP_MARKERS = str.maketrans({"*": "＊", "_": "＿", "~": "～", "`": "｀"})
LINE_START_MARKER = re.compile(r"[-–—•>＊]|\d+[.)]")
NBSP = "\u00a0"
SUMMARY_WIDTH = 60  # characters per summary line: short lines read well on a phone
SUMMARY_LINES = 3
NOTE_LINES = 2  # an update's change note, before the summary
UPDATED = "[DIPERBARUI]"


def escape_whatsapp(text: str) -> str:
    """`text` with WhatsApp's formatting characters replaced by look-alikes (see above)."""
    return text.translate(WHATSAPP_MARKERS)


def wrap_lines(text: str, width: int = SUMMARY_WIDTH, most: int = SUMMARY_LINES) -> list[str]:
    """`text` in lines of at most `width` characters, at most `most` of them; when it is
    longer, the last line is cut at a word and ends with "…"."""
    words = text.split()
    tied: list[str] = []
    for word in words:
        if tied and LINE_START_MARKER.fullmatch(word):
            tied[-1] += NBSP + word
        else:
            tied.append(word)
    lines = textwrap.wrap(" ".join(tied), width=width, break_long_words=True, break_on_hyphens=False)
    if most <= 0:
        return []
    if len(lines) > most:
        lines = [*lines[: most - 1], shorten(" ".join(lines[most - 1 :]), width)]
    return lines


def title_prefix(facts: Facts) -> str:
    """The tag before the title: what a reader must know before anything else."""
    if facts.withdrawn:
        return "[DICABUT]"
    if facts.expired:
        return "[TIDAK BERLAKU]"
    if facts.hoax:
        return "" if facts.title.startswith("[HOAKS]") else "[HOAKS]"
    if facts.urgency == "darurat":
        return "[DARURAT]"
    if facts.kind == "Pengumuman":
        return "[PENGUMUMAN]"
    return ""


def headline(facts: Facts, updated: bool = False) -> str:
    """The title with its tag; an update of a bulletin that still stands says so first."""
    update = UPDATED if updated and not facts.withdrawn else ""
    return " ".join(part for part in (update, title_prefix(facts), facts.title) if part)


def validity_line(facts: Facts) -> str:
    tz = facts.timezone
    if facts.withdrawn:
        return ""
    if facts.expired and facts.expires:
        return f"Tidak berlaku lagi sejak {tanggal_jam(facts.expires, tz)}"
    if facts.expires:
        return f"Berlaku sampai {tanggal_jam(facts.expires, tz)}"
    return ""


def body_text(facts: Facts) -> str:
    """The summary; for a withdrawn bulletin, why it was withdrawn instead."""
    if facts.withdrawn:
        return f"Dicabut: {facts.withdrawn_reason}" if facts.withdrawn_reason else "Buletin ini sudah dicabut."
    return facts.summary


def compose(title: str, facts: Facts, body: list[str], escape: Callable[[str], str] = str) -> str:
    """Title block (title, date, validity), body lines, then the code and the canonical URL
    last; `escape` applies to the parts taken from `facts` here."""
    head = [title, escape(facts.date_line), escape(validity_line(facts))]
    blocks = ["\n".join(line for line in head if line)]
    if body:
        blocks.append("\n".join(body))
    blocks.append(escape(f"Kode cek: {facts.code}\n{facts.url}"))
    return "\n\n".join(blocks)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Markup:
    """How a channel marks the title bold and keeps bulletin text from being read as markup:
    `before` replaces characters before the text is cut to size (one for one, so lengths
    hold), `escape` escapes each finished piece (so no entity is cut in half)."""

    bold: Callable[[str], str] = _same
    before: Callable[[str], str] = _same
    escape: Callable[[str], str] = _same


WHATSAPP = Markup(bold=lambda text: f"*{text}*", before=escape_whatsapp)
HTML = Markup(bold=lambda text: f"<b>{text}</b>", escape=lambda text: html.escape(text, quote=False))
PLAIN = Markup()


def message_text(facts: Facts, limit: int, markup: Markup = WHATSAPP, note: str = "",
                 length: Callable[[str], int] = len) -> str:  # fmt: skip
    """The WhatsApp-style message: the bold title with its tag, the date, for an update its
    change note (`note`), up to three short summary lines, the code and the canonical URL
    last; at most `limit` as `length` counts (the summary, then the note, then the title
    gives way)."""
    title = markup.before(headline(facts, updated=bool(note)))
    body = markup.before(body_text(facts))
    lead = wrap_lines(markup.before(f"Perubahan: {note}"), most=NOTE_LINES) if note else []

    def render(heading: str, lines: list[str]) -> str:
        return compose(markup.bold(markup.escape(heading)), facts, [markup.escape(line) for line in lines],
                       markup.escape)  # fmt: skip

    for lines in (*([*lead, *wrap_lines(body, most=most)] for most in range(SUMMARY_LINES, -1, -1)), lead[:1], []):
        text = render(title, lines)
        if length(text) <= limit:
            return text
    spare = limit - length(render("", []))
    while spare >= 20:
        text = render(shorten(title, spare), [])
        if length(text) <= limit:
            return text
        spare -= length(text) - limit
    raise ValueError(f"a message for {facts.url} cannot fit in {limit} characters")


def whatsapp_text(facts: Facts, limit: int = 700) -> str:
    """*Bold title* with its tag, the date, up to three short summary lines, the code and the
    canonical URL last; at most `limit` characters (the summary, then the title, gives way)."""
    return message_text(facts, limit, WHATSAPP)


def telegram_text(facts: Facts) -> str:
    """The same message for Telegram: plain text, the whole summary, the URL last. Telegram
    apps turn `**bold**`, `__italic__`, `~~strike~~` and backticks into markup too, so the
    same characters are replaced."""
    return compose(escape_whatsapp(headline(facts)), facts, [escape_whatsapp(body_text(facts))])


# GSM 03.38: the basic alphabet is one septet each; the extension table's characters take two
# (an escape, then the character). Anything else must not appear in an SMS of 160.
GSM7_BASIC = frozenset("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")  # fmt: skip
GSM7_EXTENSION = frozenset("^{}\\[~]|€")
GSM7_PLAIN = {"·": "-", "–": "-", "—": "-", "•": "-"}  # rather than Unidecode's "*" and "--"
SMS_MAX = 160
SMS_TAGS = {"[DICABUT]": "DICABUT:", "[TIDAK BERLAKU]": "TIDAK BERLAKU:", "[HOAKS]": "HOAKS:",
            "[DARURAT]": "DARURAT:", "[PENGUMUMAN]": ""}  # brackets cost two septets each


def gsm7_length(text: str) -> int:
    """Septets `text` takes in an SMS; ValueError when a character is not in the alphabet."""
    outside = sorted({ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION})
    if outside:
        raise ValueError(f"not in the GSM 7-bit alphabet: {outside}")
    return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)


def to_gsm7(text: str) -> str:
    """Text in the GSM 7-bit basic alphabet: typographic marks to their plain forms, other
    letters transliterated (Unidecode), anything left dropped."""
    plain = "".join(ch if ch in GSM7_BASIC else GSM7_PLAIN.get(ch) or unidecode(ch) for ch in text)
    return " ".join("".join(ch for ch in plain if ch in GSM7_BASIC).split())


def sms_text(facts: Facts, limit: int = SMS_MAX) -> str:
    """One SMS: the tag and title, until when a notice applies, and where to check it by
    code (`<domain>/cek/<CODE>`), in at most `limit` GSM 7-bit characters; the title gives way."""
    tag = title_prefix(facts)
    title = facts.title
    if tag == "" and title.startswith("[HOAKS]"):
        tag, title = "[HOAKS]", title.removeprefix("[HOAKS]").strip()
    tag = SMS_TAGS.get(tag, tag)
    until = ""
    if facts.expires and not facts.expired and not facts.withdrawn:
        local = facts.expires.astimezone(ZoneInfo(facts.timezone)) if facts.expires.tzinfo else facts.expires
        zone = ZONE_NAMES.get(facts.timezone, "")
        until = f"Berlaku s.d. {local.day} {MONTHS[local.month - 1][:3]} {local.year} {local:%H.%M} {zone}".rstrip() + "."
    domain = re.sub(r"^https?://", "", facts.siteurl.rstrip("/"))
    after = [part for part in (to_gsm7(until), to_gsm7(f"Cek: {domain}/cek/{facts.code}")) if part]
    room = limit - gsm7_length(" ".join([tag, *after] if tag else after)) - 1
    if room < 20:
        raise ValueError(f"an SMS for {facts.url} cannot fit in {limit} characters")
    heading = to_gsm7(title).rstrip(".") + "."
    cut = room
    while gsm7_length(heading) > room:  # brackets and the like take two septets
        heading, cut = shorten(to_gsm7(title), cut, "..."), cut - 1
    return " ".join(part for part in (tag, heading, *after) if part)
