"""Synthetic newsroom content for benchmarks: N valid bulletins in a temporary project.

Every bulletin passes Warta's schema: unique codes `KRW-YYMMDD-NN`, titles at most 120
characters, summaries at most 300, an Indonesian-like body of about 620 words (headings,
paragraphs and a list), one to three of the 30 kecamatan (one in five for the whole regency),
the five types, two to four of 40 topics, and 83 % biasa, 15 % penting, 2 % darurat; some carry an expiry, change
notes, or are withdrawn; infographics have their image and transcript; hoax rebuttals their
`[HOAKS]` title and sections. The same random seed gives the same files.

    from synthetic import write_project
    project = write_project(Path("/tmp/bench"), 5000)   # project/content, project/data

`plain=True` also writes `category:` and `tags:` lines, so that plain Pelican (which knows
neither `type` nor `topics`) gets the same categories and tags for its default feeds.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("Berita", "Pengumuman", "Infografis", "Siaran Pers", "Klarifikasi Hoaks")
TYPE_WEIGHTS = (35, 35, 8, 15, 7)
TOPICS = ("COVID-19", "Vaksinasi", "Kesehatan", "Banjir", "Bantuan Sosial", "Pendidikan", "Layanan Publik",
          "Ekonomi", "Transportasi", "Literasi Digital", "Pertanian", "Kependudukan", "Stunting", "Demam Berdarah",
          "Air Bersih", "Sampah", "Lingkungan Hidup", "Pajak Daerah", "UMKM", "Ketenagakerjaan", "Pariwisata",
          "Kebudayaan", "Olahraga", "Pemuda", "Perempuan dan Anak", "Disabilitas", "Lansia", "Keamanan",
          "Lalu Lintas", "Jalan dan Jembatan", "Perumahan", "Tata Ruang", "Perizinan", "Pasar Rakyat",
          "Harga Pangan", "Perikanan", "Peternakan", "Kebencanaan", "Pemilu", "Keagamaan")  # fmt: skip
URGENCY = (("biasa", 83), ("penting", 15), ("darurat", 2))
WORDS = ("warga", "kecamatan", "desa", "puskesmas", "jadwal", "layanan", "pemerintah", "kabupaten", "posko",
         "vaksinasi", "bantuan", "pendaftaran", "informasi", "petugas", "kegiatan", "masyarakat", "wilayah",
         "pelaksanaan", "sekolah", "pasar", "jalan", "kesehatan", "keluarga", "lansia", "resmi", "segera")  # fmt: skip
IMAGES = ("images/2020/infografis-isolasi-mandiri.png", "images/2021/infografis-alur-vaksinasi-lansia.png")


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 6)))


def _body(rng: random.Random, kind: str) -> str:
    parts = []
    if kind == "Klarifikasi Hoaks":
        parts += ["## Beredar", _paragraph(rng), "## Faktanya", _paragraph(rng)]
    for _ in range(rng.randint(3, 5)):
        parts += [f"## {_sentence(rng, 2, 4)[:-1]}", _paragraph(rng), _paragraph(rng)]
    parts.append("\n".join(f"- {_sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 6))))
    parts.append(_paragraph(rng))
    return "\n\n".join(parts)


def bulletin(rng: random.Random, number: int, date: datetime, areas: list[str], plain: bool) -> tuple[str, str]:
    """(file name, text) of one bulletin."""
    kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
    topics = rng.sample(TOPICS, rng.randint(2, 4))
    urgency = rng.choices([u for u, _ in URGENCY], [w for _, w in URGENCY])[0]
    title = f"{_sentence(rng, 5, 12)[:-1]} nomor {number}"[:110]
    if kind == "Klarifikasi Hoaks":
        title = f"[HOAKS] {title}"[:120]
    code = f"KRW-{date:%y%m%d}-{number % 1000:02d}"
    where = "semua" if rng.random() < 0.2 else ", ".join(rng.sample(areas, rng.randint(1, 3)))
    header = {"title": title, "date": f"{date:%Y-%m-%d %H:%M}", "type": kind, "topics": ", ".join(topics),
              "kecamatan": where, "urgency": urgency, "summary": " ".join(_sentence(rng) for _ in range(2))[:290],
              "code": code, "slug": f"buletin-{number}"}  # fmt: skip
    if rng.random() < 0.3 or urgency == "darurat":  # an emergency must say when it ends
        header["expires"] = f"{date + timedelta(days=rng.randint(2, 30)):%Y-%m-%d %H:%M}"
    if rng.random() < 0.15:
        changed = date + timedelta(hours=rng.randint(2, 72))
        header["modified"] = f"{changed:%Y-%m-%d %H:%M}"
        header["changes"] = f"{changed:%Y-%m-%d %H:%M} | {_sentence(rng, 4, 8)}"
    if rng.random() < 0.02:
        header["status"] = "withdrawn"
        header["withdrawn_reason"] = _sentence(rng, 4, 8)
    if kind == "Infografis":
        header["image"] = IMAGES[number % len(IMAGES)]
        header["image_alt"] = _sentence(rng, 6, 12)
        header["transcript"] = _paragraph(rng)
    if plain:
        header["category"] = kind
        header["tags"] = header["topics"]
    lines = [f"{key}: {value}" for key, value in header.items()]
    return f"{date:%Y-%m-%d}-buletin-{number}.md", "\n".join(lines) + "\n\n" + _body(rng, kind) + "\n"


def write_project(folder: Path, count: int, seed: int = 2020, plain: bool = False) -> Path:
    """Write `count` bulletins (and the images and area data they need) under `folder`."""
    rng = random.Random(seed)
    content = folder / "content"
    (content / "bulletins").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "data" / "kecamatan.json", folder / "data" / "kecamatan.json")
    for image in IMAGES:
        (content / image).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content" / image, content / image)
    areas = [area["code"] for area in json.loads((ROOT / "data" / "kecamatan.json").read_text())["kecamatan"]]
    start = datetime(2019, 1, 1, 8, 0)
    minutes = 3 * 365 * 24 * 60 // count  # spread over three years, at most 999 codes a day
    for number in range(1, count + 1):
        date = start + timedelta(minutes=minutes * number)
        name, text = bulletin(rng, number, date, areas, plain)
        (content / "bulletins" / name).write_text(text, encoding="utf-8")
    (content / "pages" / "tentang.md").write_text("title: Tentang\nslug: tentang\n\nIsi halaman.\n", encoding="utf-8")
    return folder
