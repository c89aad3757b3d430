"""`invoke new`: the text of a fresh, valid bulletin with the next free verification code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

# The placeholder texts the scaffold writes; the schema refuses them in a published bulletin.
PLACEHOLDER_SUMMARY = "Tulis ringkasan satu atau dua kalimat di sini."
PLACEHOLDER_BODY = "Tulis isi buletin di sini. Pisahkan paragraf dengan baris kosong; gunakan ## untuk subjudul."

TEMPLATE = """\
title: {title}
date: {date}
type: Berita
kecamatan: semua
summary: {summary}
slug: {slug}
code: {code}
{optional}
{body}
"""

# Every optional key, commented out with what it does. In the header, lines starting with
# `#` are comments; delete the `# ` to use a key.
OPTIONAL = """\
# topics: COVID-19, Vaksinasi            (comma-separated topics, each gets a list page)
# urgency: biasa                         (biasa, penting or darurat; darurat is pinned site-wide)
# expires: {expires}               (when the notice stops applying, after date)
# image: images/nama-berkas.png          (an image under content/)
# image_alt: Deskripsi isi gambar        (required with image: what the image shows)
# transcript: Seluruh teks pada gambar   (required for Infografis; continue on lines
#     indented by four spaces)
# video: media/nama-video.mp4            (a file under content/ or an https:// link)
# sources: Nama sumber | https://...     (one per line, indented continuation lines)
# changes: {date} | Apa yang diubah  (public change note; newest sets modified)
# modified: {date}                 (time of the newest change note)
# status: published                      (published, draft or withdrawn)
# withdrawn_reason: Alasan pencabutan    (required with status: withdrawn)
# supersedes: KRW-YYMMDD-NN              (code of the bulletin this one replaces)
"""
SLUG_MAX = 60
CODE_IN_TEXT = re.compile(r"^code:\s*(\S+)", re.MULTILINE)


def next_code(prefix: str, day: datetime, existing_texts: Iterable[str]) -> str:
    """`<prefix>-YYMMDD-NN` with NN one above the highest issued that day. Codes stay in
    the content forever (bulletins are withdrawn, never deleted), so none is reused."""
    stem = f"{prefix}-{day:%y%m%d}-"
    taken = [int(code[len(stem):]) for text in existing_texts
             for code in CODE_IN_TEXT.findall(text) if code.upper().startswith(stem)
             and code[len(stem):].isdigit()]  # fmt: skip
    return f"{stem}{max(taken, default=0) + 1:02d}"


def short_slug(slug: str, limit: int = SLUG_MAX) -> str:
    """The slug cut at a word boundary, so shared links stay short."""
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0]


def new_bulletin(title: str, now: datetime, existing_texts: Iterable[str], prefix: str,
                 slugify: Callable[[str], str]) -> tuple[str, str]:  # fmt: skip
    """(file name, file text) for a bulletin titled `title`, dated `now`."""
    title = " ".join(title.split())
    date = f"{now:%Y-%m-%d %H:%M}"
    code = next_code(prefix, now, existing_texts)
    optional = OPTIONAL.format(date=date, expires=f"{now.replace(year=now.year + 1):%Y-%m-%d %H:%M}")
    # Written out, not derived: a later fix to the title must not move the URL.
    slug = short_slug(slugify(title))
    text = TEMPLATE.format(title=title, date=date, slug=slug, code=code, optional=optional,
                           summary=PLACEHOLDER_SUMMARY, body=PLACEHOLDER_BODY)
    return f"{now:%Y-%m-%d}-{slug}.md", text
