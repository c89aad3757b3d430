"""Templates escape every value they print inside an attribute: a bulletin's source URL, video
link or file name with a quote or an angle bracket cannot open a new attribute or element."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import bulletin_text

HOSTILE_URL = 'https://example.org/?a="><script>alert(1)</script>'
HOSTILE_VIDEO = "media/klip \"'><img src=x onerror=alert(1)>.mp4"
PAGE = "2020/06/jadwal-posyandu-bulan-juni/"


def test_hostile_urls_come_out_escaped(site):
    (site.content / "media").mkdir()
    (site.content / HOSTILE_VIDEO).write_bytes(b"\0\0\0\x18ftypmp42")
    site.add("lokal.md", bulletin_text(video=HOSTILE_VIDEO, sources=f"Dinas Kesehatan | {HOSTILE_URL}"))
    site.add("tautan.md", bulletin_text(title="Video Posyandu", slug="video-posyandu", code="KRW-200602-02",
                                        video='https://video.example.org/v?id=1"><script>alert(2)</script>'))  # fmt: skip
    site.build()
    for page in (PAGE, "2020/06/video-posyandu/", f"lite/{PAGE}"):
        text = site.read(f"{page}index.html")
        soup = BeautifulSoup(text, "html.parser")
        assert not [s for s in soup.find_all("script") if "alert" in s.text], page
        assert not soup.find("img", src="x"), page
        assert "<script>alert" not in text and "onerror=alert(1)>" not in text, page
    soup = BeautifulSoup(site.read(f"{PAGE}index.html"), "html.parser")
    assert soup.find("a", string="Dinas Kesehatan")["href"] == HOSTILE_URL
    assert soup.find("video")["src"].endswith("/" + HOSTILE_VIDEO)
    assert all(a["href"].endswith("/" + HOSTILE_VIDEO) for a in soup.find_all("a", string="Unduh video"))
    other = BeautifulSoup(site.read("2020/06/video-posyandu/index.html"), "html.parser")
    assert other.find("a", string="Tonton video")["href"] == 'https://video.example.org/v?id=1"><script>alert(2)</script>'
