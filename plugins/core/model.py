"""The bulletin model: plain data the validator produces and templates read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

TYPES = ("Berita", "Pengumuman", "Infografis", "Siaran Pers", "Klarifikasi Hoaks")
HOAX_REBUTTAL = "Klarifikasi Hoaks"
INFOGRAPHIC = "Infografis"
URGENCIES = {"biasa": "Biasa", "penting": "Penting", "darurat": "Darurat"}
STATUSES = ("published", "draft", "withdrawn")
# What a resident is told a bulletin is now, in the words the verification pages use.
STATES = ("berlaku", "diperbarui", "kedaluwarsa", "dicabut")


@dataclass(frozen=True)
class Area:
    """A kecamatan: official code, name and the site-relative URL of its list page."""

    code: str
    name: str
    slug: str
    url: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Change:
    date: datetime
    note: str


@dataclass
class Bulletin:
    """One validated bulletin. Links to other articles are resolved after reading."""

    source_path: str
    title: str
    slug: str
    url: str
    code: str
    type: str
    date: datetime
    modified: datetime | None
    areas: tuple[Area, ...]
    whole_regency: bool
    urgency: str = "biasa"
    expires: datetime | None = None
    image: str | None = None
    image_alt: str | None = None
    video: str | None = None
    sources: tuple[Source, ...] = ()
    changes: tuple[Change, ...] = ()  # newest first
    status: str = "published"
    withdrawn_reason: str | None = None
    supersedes: str | None = None
    # `test: ya`: a drill of a darurat alert. Its page is published, marked LATIHAN / UJI, but
    # listed nowhere (no banner, list, feed, sitemap or search); its CAP message has status Test.
    drill: bool = False
    now: datetime | None = None
    # Filled in once every article is read.
    transcript_html: str | None = None
    summary_text: str = ""  # plain text, shown as written on every surface (never Markdown)
    # The file published at `image` when a plugin processes it first (responsive_images
    # strips EXIF); None means the content file is published as it is.
    image_file: str | None = None
    replaces: object | None = None
    replaced_by: object | None = None
    # The newest article down the supersedes chain that is listed and current: what
    # "Informasi terbaru" names. None for the newest one, or when no later one is current.
    latest: object | None = None
    # SHA-256 of the source text, taken while validating (the page cache keys pages on it).
    source_digest: str = ""
    line_of: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def urgency_label(self) -> str:
        return URGENCIES[self.urgency]

    @property
    def is_hoax_rebuttal(self) -> bool:
        return self.type == HOAX_REBUTTAL

    @property
    def video_is_local(self) -> bool:
        return bool(self.video) and not self.video.startswith(("https://", "http://"))

    @property
    def is_drill(self) -> bool:
        return self.drill

    @property
    def is_withdrawn(self) -> bool:
        return self.status == "withdrawn"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.now is not None and self.expires <= self.now

    @property
    def is_current(self) -> bool:
        return self.status == "published" and not self.is_expired

    @property
    def state(self) -> str:
        """One of STATES: dicabut, else kedaluwarsa, else diperbarui (it has change notes), else berlaku."""
        if self.is_withdrawn:
            return "dicabut"
        if self.is_expired:
            return "kedaluwarsa"
        return "diperbarui" if self.changes else "berlaku"
