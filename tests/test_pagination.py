"""Stable list pages (core.pagination): older pages keep their bulletins as lists grow."""

from bs4 import BeautifulSoup

from warta.core.pagination import cuts, paginate
from bulletin_facts import SITEURL
from conftest import bulletin_text


def address(number: int) -> tuple[str, str]:
    url = "jenis/x/" if number == 1 else f"jenis/x/halaman/{number}/"
    return url, url + "index.html"


def pages_of(count: int, per_page: int = 5) -> dict:
    """URL -> page over a newest-first list whose items are their age rank (0 = oldest)."""
    items = list(range(count - 1, -1, -1))
    return {page.url: page for page in paginate(items, per_page, address)}


def test_every_item_once_in_order_and_only_the_newest_page_varies_in_size():
    for count in range(0, 40):
        pages = cuts(count, 5)
        assert [stop - start for _, start, stop in pages[1:]] == [5] * (len(pages) - 1)
        assert pages[0][2] - pages[0][1] in ({count} if count < 10 else set(range(5, 10)))
        assert [i for _, start, stop in pages for i in range(start, stop)] == list(range(count))
        assert [number for number, _, _ in pages] == [1, *range(len(pages), 1, -1)]


def test_neighbours_link_the_list_from_newest_to_oldest():
    pages = pages_of(17)
    assert list(pages) == ["jenis/x/", "jenis/x/halaman/3/", "jenis/x/halaman/2/"]
    assert [(p.newer, p.older, p.first) for p in pages.values()] == [
        (None, "jenis/x/halaman/3/", "jenis/x/"),
        ("jenis/x/", "jenis/x/halaman/2/", "jenis/x/"),
        ("jenis/x/halaman/3/", None, "jenis/x/"),
    ]  # fmt: skip
    assert list(pages["jenis/x/halaman/2/"].object_list) == [4, 3, 2, 1, 0]
    assert pages["jenis/x/"].is_first and not pages["jenis/x/halaman/2/"].is_first


def test_a_new_bulletin_changes_the_newest_page_and_at_most_one_older_one():
    for count in range(0, 60):
        before, after = pages_of(count), pages_of(count + 1)
        assert set(before) <= set(after), "a page URL disappeared"
        changed = [url for url in before if url != "jenis/x/" and before[url] != after[url]]
        # When the list reaches a multiple of five, a new older page comes between the newest
        # page and the older page before it, whose newer link changes; nothing else moves.
        assert len(changed) <= 1 and (not changed or (count + 1) % 5 == 0), (count, changed)
        for url in set(before) - {"jenis/x/", *changed}:
            assert list(before[url].object_list) == list(after[url].object_list)


def test_site_lists_keep_older_pages_byte_identical(site):
    for day in range(1, 26):
        site.add(f"p{day}.md", bulletin_text(title=f"Pengumuman Nomor {day}", date=f"2020-05-{day:02d} 10:00",
                                             code=f"KRW-2005{day:02d}-01"))  # fmt: skip
    site.build()
    older = soup(site.read("jenis/pengumuman/halaman/2/index.html"))
    titles = [a.get_text() for a in older.select("main .item-title a")]
    assert titles == [f"Pengumuman Nomor {day}" for day in range(10, 0, -1)]
    assert older.title.get_text().startswith("Pengumuman · 1 Mei 2020 – 10 Mei 2020 · ")
    assert older.find("a", rel="prev")["href"] == f"{SITEURL}/jenis/pengumuman/"
    assert not older.find("a", rel="next")
    assert older.find("link", rel="canonical")["href"] == f"{SITEURL}/jenis/pengumuman/halaman/2/"
    newest = soup(site.read("jenis/pengumuman/index.html"))
    assert len(newest.select("main .item-title a")) == 15
    assert newest.find("a", rel="next")["href"] == f"{SITEURL}/jenis/pengumuman/halaman/2/"
    kept = {path: path.read_bytes() for path in site.output.rglob("halaman/*/index.html")}
    lists = {path.parent.parent.parent.relative_to(site.output).as_posix() for path in kept}
    assert {".", "jenis/pengumuman", "topik/kesehatan", "kecamatan/32.15.05-klari"} <= lists

    site.add("p26.md", bulletin_text(title="Pengumuman Nomor 26", date="2020-05-26 10:00", code="KRW-200526-01"))
    site.build()
    assert {path: path.read_bytes() for path in kept} == kept
    assert len(soup(site.read("jenis/pengumuman/index.html")).select("main .item-title a")) == 16


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")
