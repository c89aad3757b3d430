"""Templates escape every value they print inside an attribute. URLs and file names with a
quote or an angle bracket are refused by the schema before any template sees them; what
passes (titles, alt texts, `&` in addresses) still cannot open a new attribute or element."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from warta.core.check import BulletinError
from conftest import bulletin_text

HOSTILE_URL = 'https://example.org/?a="><script>alert(1)</script>'
HOSTILE_VIDEO = "media/klip \"'><img src=x onerror=alert(1)>.mp4"
HOSTILE_TEXT = "Rapat \"Darurat\" ' <script>alert(1)</script> <img src=x onerror=alert(2)>"
AMPERSAND_URL = "https://dinkes.example.go.id/jadwal?kec=klari&tahap=2"
PAGE = "2020/06/posyandu/"


def test_hostile_urls_and_file_names_are_refused_before_any_template(site):
    (site.content / "media").mkdir()
    (site.content / HOSTILE_VIDEO).write_bytes(b"\0\0\0\x18ftypmp42")
    site.add("lokal.md", bulletin_text(video=HOSTILE_VIDEO, sources=f"Dinas Kesehatan | {HOSTILE_URL}"))
    site.add("tautan.md", bulletin_text(title="Video Posyandu", slug="video-posyandu", code="KRW-200602-02",
                                        video='https://video.example.org/v?id=1"><script>alert(2)</script>'))  # fmt: skip
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert sorted((p.path, p.field) for p in failure.value.problems) == [
        ("content/bulletins/lokal.md", "sources"), ("content/bulletins/lokal.md", "video"),
        ("content/bulletins/tautan.md", "video"), (f"content/{HOSTILE_VIDEO}", "")]
    assert not site.output.exists()


def test_text_in_attributes_comes_out_escaped_and_reads_back_as_written(site):
    site.add("a.md", bulletin_text(title=HOSTILE_TEXT, slug="posyandu", image="images/poster.png",
                                   image_alt=HOSTILE_TEXT, sources=f"Dinas Kesehatan | {AMPERSAND_URL}"))  # fmt: skip
    site.build()
    for page in (PAGE, f"lite/{PAGE}", f"{PAGE}embed/"):
        text = site.read(f"{page}index.html")
        soup = BeautifulSoup(text, "html.parser")
        # JSON-LD carries the title as data, with < > & written as \u escapes.
        assert not [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"
                    and "alert" in s.text], page  # fmt: skip
        assert not soup.find("img", src="x"), page
        assert "<script>alert" not in text and "onerror=alert(2)>" not in text, page
    soup = BeautifulSoup(site.read(f"{PAGE}index.html"), "html.parser")
    assert soup.find("meta", property="og:title")["content"] == HOSTILE_TEXT
    assert any(img.get("alt") == HOSTILE_TEXT for img in soup.find_all("img"))
    assert soup.find("a", string="Dinas Kesehatan")["href"] == AMPERSAND_URL
    assert "kec=klari&amp;tahap=2" in site.read(f"{PAGE}index.html")
