"""Gates on the built sample site that need no browser: page weight budgets and links.

The Nu HTML checker gate over every page is tests/test_html_validity.py; the browser gates
(axe-core, keyboard, no third-party requests, no required JavaScript) are
tests/test_gates_browser.py.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from gates import (OVER_BUDGET, PAGE_BUDGET, SMALL_BUDGET, html_pages, is_small, local_file, page_refs, page_url,
                   page_weight, stylesheets, text_file_urls)

SITEURL = "http://localhost:8000"  # the sample_site fixture builds with pelicanconf's SITEURL


@pytest.fixture(scope="module")
def pages(sample_site):
    found = html_pages(sample_site)
    assert len(found) > 150
    return found


def test_every_page_keeps_its_weight_budget(sample_site, pages):
    over = []
    for path in pages:
        budget = SMALL_BUDGET if is_small(sample_site, path) else PAGE_BUDGET
        weight = page_weight(sample_site, SITEURL, path)
        if weight > budget and path.relative_to(sample_site).as_posix() not in OVER_BUDGET:
            over.append(f"{path.relative_to(sample_site)}: {weight} bytes of HTML, CSS and fonts, budget {budget}")
    assert over == [], "\n".join(over)


def test_lite_and_embed_pages_load_no_stylesheet_image_or_script(sample_site, pages):
    small = [p for p in pages if is_small(sample_site, p) and p.relative_to(sample_site).parts[0] == "lite"]
    assert len(small) > 50
    for path in small:
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        assert not stylesheets(sample_site, SITEURL, soup, page_url(sample_site, SITEURL, path)), path
        assert not soup.find_all(["img", "picture", "script", "video", "iframe"]), path


def test_every_internal_url_of_every_page_resolves_to_a_built_file(sample_site, pages):
    missing = defaultdict(set)
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        base = page_url(sample_site, SITEURL, path)
        ids = {tag["id"] for tag in soup.find_all(attrs={"id": True})}
        for where, url in page_refs(soup, base):
            target = local_file(sample_site, SITEURL, url)
            if target is not None and not target.is_file():
                missing[f"{where} {url}"].add(path.relative_to(sample_site).as_posix())
            fragment = urlsplit(url).fragment
            if fragment and url.split("#")[0] == base and fragment not in ids:
                missing[f"{where} {url} (no such id)"].add(path.relative_to(sample_site).as_posix())
    report = [f"{ref} in {len(where)} page(s), e.g. {sorted(where)[0]}" for ref, where in sorted(missing.items())]
    assert report == [], "\n".join(report)


def test_every_url_in_feeds_sitemap_and_json_resolves_to_a_built_file(sample_site):
    urls = text_file_urls(sample_site, SITEURL)
    assert any(p.name == "semua.atom.xml" for p, _ in urls) and any(p.name == "sitemap.xml" for p, _ in urls)
    missing = sorted({f"{url} (in {p.relative_to(sample_site)})" for p, url in urls
                      if not local_file(sample_site, SITEURL, url).is_file()})  # fmt: skip
    assert missing == [], "\n".join(missing)


def test_budget_helpers_count_linked_css_and_map_urls(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "s.css").write_text("x" * 100)
    page = tmp_path / "a" / "index.html"
    page.write_text(f'<link rel="stylesheet" href="{SITEURL}/s.css">'
                    '<link rel="stylesheet" href="https://cdn.example/x.css">')
    assert page_weight(tmp_path, SITEURL, page) == page.stat().st_size + 100
    (tmp_path / "f.woff2").write_bytes(b"x" * 1000)
    (tmp_path / "s.css").write_text('@font-face { font-family: "A"; src: url("f.woff2") format("woff2"); }' + "x" * 40)
    assert page_weight(tmp_path, SITEURL, page) == page.stat().st_size + (tmp_path / "s.css").stat().st_size + 1000
    assert local_file(tmp_path, SITEURL, f"{SITEURL}/a/?x=1#y") == tmp_path / "a" / "index.html"
    assert local_file(tmp_path, SITEURL, "https://example.org/") is None
    assert page_url(tmp_path, SITEURL, page) == f"{SITEURL}/a/"
