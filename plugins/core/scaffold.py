"""`invoke new`: the text of a fresh draft bulletin with the next free verification code,
and the placeholder texts the schema refuses to publish."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

from .model import TYPES

# What the writer replaces; the schema refuses a published bulletin that still holds them.
PLACEHOLDER_SUMMARY = "Tulis ringkasan satu atau dua kalimat di sini."
PLACEHOLDER_BODY = "Tulis isi buletin di sini. Pisahkan paragraf dengan baris kosong; gunakan ## untuk subjudul."

# A draft first: nothing reaches residents until the writer sets `status: published`, and
# type and kecamatan are left blank so that they are chosen, never a default let through.
# In the header a line starting with `#` is a comment; the first blank line ends the header.
TEMPLATE = """\
status: draft
# status: draft tidak pernah terbit. Bila buletin siap terbit, ganti menjadi: published
# Baris yang diawali # adalah komentar. Jangan sisipkan baris kosong di bagian kepala ini:
# baris kosong pertama mengakhiri kepala, isi buletin ditulis sesudahnya.
title: {title}
date: {date}
# type (wajib): pilih satu: {types}
type:
# kecamatan (wajib): kode atau nama resmi, dipisah koma (mis. 32.15.05, Cikampek),
# atau semua untuk seluruh kabupaten
kecamatan:
summary: {summary}
slug: {slug}
code: {code}
{optional}
{body}
"""

# Every optional key, commented out with what it does; delete the `# ` to use a key.
OPTIONAL = """\
# Kolom pilihan: hapus "# " di depan kolom untuk memakainya.
# topics: COVID-19, Vaksinasi            (topik dipisah koma; tiap topik punya halaman daftar)
# urgency: biasa                         (biasa, penting atau darurat; darurat disematkan di semua halaman)
# expires: {expires}               (saat pengumuman tidak berlaku lagi, sesudah date)
# image: images/nama-berkas.png          (gambar di dalam folder content/)
# image_alt: Deskripsi isi gambar        (wajib bila ada image: apa yang tampak pada gambar)
# transcript: Seluruh teks pada gambar   (wajib untuk Infografis; lanjutkan di baris
#     yang menjorok empat spasi)
# video: media/nama-video.mp4            (berkas di dalam content/ atau tautan https://)
# sources: Nama sumber | https://...     (satu sumber per baris, baris lanjutan menjorok)
# changes: {date} | Apa yang diubah  (catatan perubahan publik; yang terbaru menentukan modified)
# modified: {date}                 (waktu catatan perubahan terbaru)
# withdrawn_reason: Alasan pencabutan    (wajib bila status: withdrawn)
# supersedes: KRW-YYMMDD-NN              (kode buletin yang digantikan buletin ini)
# test: ya                               (latihan peringatan: hanya untuk urgency darurat, tidak tampil di daftar)
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
    text = TEMPLATE.format(title=title, date=date, types=", ".join(TYPES), summary=PLACEHOLDER_SUMMARY,
                           slug=slug, code=code, optional=optional, body=PLACEHOLDER_BODY)
    return f"{now:%Y-%m-%d}-{slug}.md", text
