"""Pure builders of the copy-ready share texts: WhatsApp and Telegram.

WhatsApp has no escape character: `*bold*`, `_italic_`, `~strike~` and ```monospace```
(and `inline code`) apply wherever a pair of markers surrounds text. The usual tricks are a
zero-width space or joiner beside the marker, or a look-alike character. Zero-width
characters rely on undocumented parser behaviour and are stripped by some apps and
keyboards, which would bring the markup back; so the four marker characters in bulletin
text are replaced with their full-width forms (＊ ＿ ～ ｀). Those look alike, are never
markup, and every phone can draw them (Android and iOS ship CJK fallback fonts). Line-start
markers (`- ` and `* ` lists, `1. ` numbered lists, `> ` quotes) are kept off the start of
wrapped lines by tying them to the word before with a no-break space.
"""

from __future__ import annotations

import re
import textwrap

from warta.core.dates import tanggal_jam
from warta.core.facts import Facts, shorten

WHATSAPP_MARKERS = str.maketrans({"*": "＊", "_": "＿", "~": "～", "`": "｀"})
LINE_START_MARKER = re.compile(r"[-–—•>＊]|\d+[.)]")
NBSP = "\u00a0"
SUMMARY_WIDTH = 60  # characters per summary line: short lines read well on a phone
SUMMARY_LINES = 3


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


def headline(facts: Facts) -> str:
    return " ".join(part for part in (title_prefix(facts), facts.title) if part)


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


def _compose(title: str, facts: Facts, body: list[str]) -> str:
    head = [title, facts.date_line, validity_line(facts)]
    blocks = ["\n".join(line for line in head if line)]
    if body:
        blocks.append("\n".join(body))
    blocks.append(f"Kode cek: {facts.code}\n{facts.url}")
    return "\n\n".join(blocks)


def whatsapp_text(facts: Facts, limit: int = 700) -> str:
    """*Bold title* with its tag, the date, up to three short summary lines, the code and the
    canonical URL last; at most `limit` characters (the summary, then the title, gives way)."""
    title = escape_whatsapp(headline(facts))
    body = escape_whatsapp(body_text(facts))
    for most in range(SUMMARY_LINES, -1, -1):
        text = _compose(f"*{title}*", facts, wrap_lines(body, most=most))
        if len(text) <= limit:
            return text
    spare = limit - len(_compose("**", facts, []))
    if spare < 20:
        raise ValueError(f"a WhatsApp text for {facts.url} cannot fit in {limit} characters")
    return _compose(f"*{shorten(title, spare)}*", facts, [])


def telegram_text(facts: Facts) -> str:
    """The same message for Telegram: plain text, the whole summary, the URL last. Telegram
    apps turn `**bold**`, `__italic__`, `~~strike~~` and backticks into markup too, so the
    same characters are replaced."""
    return _compose(escape_whatsapp(headline(facts)), facts, [escape_whatsapp(body_text(facts))])
