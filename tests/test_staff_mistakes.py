"""Ordinary staff mistakes never reach residents: text is shown as written, and a replaced
bulletin always points to the information that still applies."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import bulletin_text


def soup(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(relative), "html.parser")


def chain(site, **last):
    """A (oldest) <- B <- C: each supersedes the one before."""
    site.add("a.md", bulletin_text(title="Jadwal Pasar A", date="2021-06-01 08:00", code="KRW-210601-01", slug="a"))
    site.add("b.md", bulletin_text(title="Jadwal Pasar B", date="2021-06-02 08:00", code="KRW-210602-01", slug="b",
                                   supersedes="KRW-210601-01"))  # fmt: skip
    site.add("c.md", bulletin_text(**{"title": "Jadwal Pasar C", "date": "2021-06-03 08:00", "code": "KRW-210603-01",
                                      "slug": "c", "supersedes": "KRW-210602-01", **last}))  # fmt: skip
    site.build()


def newest_named(site, relative: str) -> str | None:
    for paragraph in soup(site, relative).find_all("p"):
        if "Informasi terbaru" in paragraph.get_text():
            return paragraph.a.get_text()
    return None


def test_verification_names_the_newest_current_bulletin_of_the_chain(site):
    chain(site)
    assert newest_named(site, "cek/KRW-210601-01/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "2021/06/a/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "lite/2021/06/a/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "cek/KRW-210603-01/index.html") is None


def test_a_withdrawn_replacement_is_never_the_latest_information(site):
    chain(site, status="withdrawn", withdrawn_reason="Jadwal dibatalkan.")
    assert newest_named(site, "cek/KRW-210601-01/index.html") == "Jadwal Pasar B"
    assert newest_named(site, "2021/06/a/index.html") == "Jadwal Pasar B"
    for page in ("cek/KRW-210602-01/index.html", "2021/06/b/index.html", "lite/2021/06/b/index.html"):
        assert newest_named(site, page) is None, page
        assert "Jadwal Pasar C" in soup(site, page).get_text() and "sudah tidak berlaku" in soup(site, page).get_text()


def test_title_is_shown_as_written_everywhere(site):
    title = "Jadwal <b>Posyandu</b> & *Lansia* di Klari"
    site.add("a.md", bulletin_text(title=title, slug="posyandu"))
    site.build()
    page = soup(site, "2020/06/posyandu/index.html")
    assert page.title.get_text().startswith(title + " · ")
    assert page.h1.get_text() == title
    assert soup(site, "lite/2020/06/posyandu/index.html").title.get_text().startswith(title)
    assert "&lt;b&gt;Posyandu&lt;/b&gt; &amp; *Lansia*" in site.read("2020/06/posyandu/index.html")
