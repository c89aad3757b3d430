"""The page cache never serves a stale page: after each kind of change, a build that reuses
cached pages gives the same bytes as a build that renders every page, and an unchanged
rebuild renders nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, pass_context
from PIL import Image

from conftest import ROOT, bulletin_text
from warta.page_cache.compiled import TemplateCache
from test_incremental import contents, stamps

STORE = "cache/pages"


@pytest.fixture
def newsroom(site):
    site.add("a.md", bulletin_text())
    site.add("b.md", bulletin_text(title="Banjir di Karawang Barat", code="KRW-200603-01", date="2020-06-03 08:00",
                                   topics="Banjir", kecamatan="semua", expires="2021-08-01 08:00"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Infografis isolasi mandiri", code="KRW-200604-01", date="2020-06-04 08:00",
                                   type="Infografis", image="images/poster.png", image_alt="Poster isolasi",
                                   transcript="Isolasi mandiri 14 hari."))  # fmt: skip
    for number in range(5, 30):  # enough for a second page in every list
        site.add(f"x{number}.md", bulletin_text(title=f"Kegiatan desa ke-{number}", code=f"KRW-2006{number:02d}-01",
                                                date=f"2020-06-{number:02d} 09:00"))  # fmt: skip
    return site


def store_index(site) -> dict:
    return json.loads((site.root / STORE / "index.json").read_text(encoding="utf-8"))


def stored_files(folder: Path) -> set[str]:
    """Every file the writer keeps in the store: pages and oEmbed files rendered from
    templates, and the feeds, OPML, CAP alerts and official texts of the message checker
    (`cek/<CODE>/teks.json`) the plugins write through it."""
    found = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    kept = (".html", "/oembed.json", ".cap.xml", "/teks.json")
    return {name for name in found if name.endswith(kept) or name.startswith("feeds/")}


def rendered_again(site, change, **overrides) -> None:
    """Build, apply `change`, rebuild with the cache; a cold build must give the same bytes."""
    site.build(**overrides)
    extra = change(site)
    extra = extra if isinstance(extra, dict) else {}
    warm = site.build(**{**overrides, **extra})
    cold = site.build(site.root / "cold", **{**overrides, **extra, "PAGE_CACHE": False})
    assert contents(warm) == contents(cold)


def delete_with_redirect(site) -> None:
    (site.content / "bulletins" / "x20.md").unlink()
    (site.root / "data" / "redirects.txt").write_text("/2020/06/kegiatan-desa-ke-20/ /2020/06/kegiatan-desa-ke-21/\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES = {
    "new bulletin": lambda s: s.add("new.md", bulletin_text(title="Pasar murah", code="KRW-200630-01",
                                                            date="2020-06-30 09:00", kecamatan="32.15.06")),
    "new emergency on every page": lambda s: s.add("new.md", bulletin_text(
        title="Tanggul jebol", code="KRW-210630-01", date="2021-06-30 09:00", urgency="darurat", expires="2021-12-31 23:59")),
    "body typo": lambda s: edit(s.content / "bulletins" / "a.md", "pukul 08.00", "pukul 08.30"),
    "title": lambda s: edit(s.content / "bulletins" / "x9.md", "title: Kegiatan desa ke-9", "title: Kerja bakti"),
    "withdrawn": lambda s: edit(s.content / "bulletins" / "x12.md", "code:", "status: withdrawn\n"
                                "withdrawn_reason: Salah jadwal.\ncode:"),
    "superseded": lambda s: s.add("new.md", bulletin_text(title="Jadwal baru", code="KRW-200701-01",
                                                          date="2020-07-01 09:00", supersedes="KRW-200602-01")),
    "deleted with a redirect": lambda s: delete_with_redirect(s),
    "time passes an expiry": lambda s: {"BULLETINS_NOW": "2021-08-02 09:00"},
    "image bytes": lambda s: Image.new("RGB", (64, 48), "orange").save(s.content / "images" / "poster.png"),
    "area name in the data file": lambda s: edit(s.root / "data" / "kecamatan.json", '"Karawang Barat"',
                                                 '"Karawang Kulon"'),
    "setting": lambda s: {"SITENAME": "Warta Desa"},
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_cached_build_equals_a_full_render(newsroom, change):
    rendered_again(newsroom, CHANGES[change])


def test_theme_edit_renders_every_page_again(newsroom, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    newsroom.build(THEME=str(theme))
    edit(theme / "templates" / "base.html", "Langsung ke konten", "Lewati ke konten")
    warm = newsroom.build(THEME=str(theme))
    assert "Lewati ke konten" in (warm / "index.html").read_text(encoding="utf-8")
    assert contents(warm) == contents(newsroom.build(tmp_path / "cold", THEME=str(theme), PAGE_CACHE=False))


def test_unchanged_rebuild_places_every_page_from_the_store(newsroom):
    first = newsroom.build()
    keys = set(store_index(newsroom))
    pages = stored_files(first)
    assert len(keys) == len(pages)  # every page has a key: none falls back to rendering
    urls, entry = (first / "urls.txt").read_text(), (first / "pagefind/2020/pagefind-entry.json").read_text()
    second = newsroom.build()
    assert set(store_index(newsroom)) == keys
    # Pages left in the live folder still count: the URL list and the search index (built
    # from a snapshot of the bulletin pages) are what a full build gives.
    assert (second / "urls.txt").read_text() == urls
    assert (second / "pagefind/2020/pagefind-entry.json").read_text() == entry
    stored = {path.stat().st_ino for path in (newsroom.root / STORE).rglob("*.html")}
    assert len(stored) == len(pages)
    assert {(second / page).stat().st_ino for page in pages} == stored  # hard links, not copies


def test_one_new_bulletin_renders_only_the_pages_that_show_it(newsroom):
    before = contents(newsroom.build())
    keys = set(store_index(newsroom))
    first = {path.stat().st_ino for path in (newsroom.root / STORE).rglob("*.html")}
    # An existing topic: a new one adds feeds to the directory every page reads.
    newsroom.add("new.md", bulletin_text(title="Pasar murah", code="KRW-200630-01", date="2020-06-30 09:00"))
    output = newsroom.build()
    after = contents(output)
    rendered = set(store_index(newsroom)) - keys
    changed = {page for page in stored_files(output) if before.get(page) != after[page]}
    # Exactly the pages whose bytes change: a key that changes for a page that does not (a
    # template reading a whole list to show one entry) would render it for nothing.
    assert len(rendered) == len(changed)
    assert not {page for page in changed if "/halaman/" in page}  # older list pages keep their bulletins
    # Pages that neither show it nor list it stay as they were: other bulletins, their lite
    # twins, embed cards and verification pages, and other kecamatan.
    unchanged = ["2020/06/kegiatan-desa-ke-5/index.html", "lite/2020/06/kegiatan-desa-ke-5/index.html",
                 "cek/KRW-200605-01/index.html", "kecamatan/32.15.07-kutawaluya/index.html",
                 "halaman/2/index.html", "kecamatan/32.15.05-klari/halaman/2/index.html"]  # fmt: skip
    for page in unchanged:
        assert (output / page).exists(), page
        assert (output / page).stat().st_ino in first, page


def test_a_page_edited_in_place_is_never_served_again(newsroom):
    output = newsroom.build()
    page = output / "2020/06/kegiatan-desa-ke-5/index.html"
    original = page.read_bytes()
    with open(page, "ab") as handle:  # the store shares this file: its size and time change
        handle.write(b"<!-- edited -->")
    rebuilt = newsroom.build()
    assert (rebuilt / "2020/06/kegiatan-desa-ke-5/index.html").read_bytes() == original


def test_a_missing_store_file_is_rendered(newsroom):
    newsroom.build()
    for path in (newsroom.root / STORE).rglob("*.html"):
        path.unlink()
    output = newsroom.build()
    assert contents(output) == contents(newsroom.build(newsroom.root / "cold", PAGE_CACHE=False))


def test_switched_off_it_leaves_no_store(newsroom):
    newsroom.build(PAGE_CACHE=False)
    assert not (newsroom.root / STORE).exists()


def test_an_emptied_store_takes_the_live_files_and_the_site_is_not_touched(newsroom):
    """A lost cache (a new CI runner) renders every page once; pages with the same bytes
    stay the live files, which the store then shares, so the next build renders nothing."""
    output = newsroom.build()
    before = stamps(output)
    shutil.rmtree(newsroom.root / STORE)
    newsroom.build()
    assert stamps(output) == before
    newsroom.build()
    stored = {path.stat().st_ino for path in (newsroom.root / STORE).rglob("*.html")}
    assert {(output / page).stat().st_ino for page in stored_files(output)} == stored


def test_manifest_text_hashes_are_kept_between_builds_and_only_for_current_bulletins(newsroom):
    output = newsroom.build()
    entries = {e["code"]: e["text_sha256"] for e in json.loads((output / "manifest.json").read_text())["bulletins"]}
    kept = json.loads((newsroom.root / "cache/manifest-text.json").read_text())
    assert sorted(kept.values()) == sorted(entries.values())
    (newsroom.content / "bulletins" / "x7.md").unlink()
    newsroom.build()
    assert len(json.loads((newsroom.root / "cache/manifest-text.json").read_text())) == len(kept) - 1


def counting(monkeypatch, method: str) -> list[str]:
    """The theme's templates Jinja parses or compiles from source (`Environment.parse` finds
    the names a page reads; `Environment.compile` makes a template's code). Plugins' own
    environments (the embed snippets) are not the page cache's."""
    seen: list[str] = []
    original = getattr(Environment, method)
    theme = {path.relative_to(ROOT / "theme" / "templates").as_posix()
             for path in (ROOT / "theme" / "templates").rglob("*") if path.is_file()}  # fmt: skip

    def counted(self, source, name=None, *args, **kwargs):
        if name in theme:
            seen.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, method, counted)
    return seen


def test_an_unchanged_rebuild_neither_parses_nor_compiles_a_template(newsroom, monkeypatch):
    newsroom.build()
    parsed, compiled = counting(monkeypatch, "parse"), counting(monkeypatch, "compile")
    newsroom.build()
    assert parsed == [] and compiled == []


def test_an_edited_template_is_parsed_and_compiled_again(newsroom, tmp_path, monkeypatch):
    """Kept names and compiled code belong to a template's source: an edit (here one that
    reads a value it did not read before) is seen by the next build, no other template is
    compiled again, and the pages are those a build with no cache gives."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    newsroom.build(THEME=str(theme))
    kit = "{% set kit = article.repost_kit %}"
    edit(theme / "templates" / "_includes" / "bagikan.html", kit, "<!-- {{ SITESUBTITLE }} -->\n" + kit)
    parsed, compiled = counting(monkeypatch, "parse"), counting(monkeypatch, "compile")
    warm = newsroom.build(THEME=str(theme))
    assert set(parsed) == set(compiled) == {"_includes/bagikan.html"}
    page = (warm / "2020/06/kegiatan-desa-ke-5/index.html").read_text(encoding="utf-8")
    assert "<!-- Informasi resmi Pemerintah Kabupaten Karawang -->" in page
    assert contents(warm) == contents(newsroom.build(tmp_path / "cold", THEME=str(theme), PAGE_CACHE=False))


def test_a_template_override_edit_renders_the_pages_again(newsroom, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    shutil.copy(ROOT / "theme" / "templates" / "base.html", overrides / "base.html")
    newsroom.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    edit(overrides / "base.html", "Langsung ke konten", "Lewati ke konten")
    warm = newsroom.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert "Lewati ke konten" in (warm / "index.html").read_text(encoding="utf-8")
    assert contents(warm) == contents(newsroom.build(tmp_path / "cold", THEME_TEMPLATES_OVERRIDES=[str(overrides)],
                                                     PAGE_CACHE=False))  # fmt: skip


def test_damaged_kept_templates_cost_only_time(newsroom):
    first = contents(newsroom.build())
    kept = [path for path in (newsroom.root / STORE / "templates").rglob("*") if path.is_file()]
    assert kept
    for path in kept:
        path.write_bytes(path.read_bytes()[:40])
    names = newsroom.root / STORE / "template-names.json"
    kept_names = json.loads(names.read_text(encoding="utf-8"))
    names.write_text(json.dumps({**kept_names, "templates": dict.fromkeys(kept_names["templates"], ["x", 1])}))
    assert contents(newsroom.build()) == first
    names.write_text('{"version": 1, "templates": []}', encoding="utf-8")
    assert contents(newsroom.build()) == first
    assert contents(newsroom.build()) == first


def test_compiled_code_is_kept_apart_for_environments_whose_filters_differ(tmp_path):
    """Jinja runs a filter on a constant while compiling and decides there whether a filter
    takes the context; environments of one build share the folder, so what a template's code
    holds from its environment is part of the entry's key."""
    cache = TemplateCache(tmp_path, b"code")

    def environment(**filters) -> Environment:
        made = Environment(loader=DictLoader({"t.html": "{{ 'Warta'|shout }}"}), bytecode_cache=cache)
        made.filters.update(filters)
        return made

    assert environment(shout=str.upper).get_template("t.html").render() == "WARTA"
    assert environment(shout=str.lower).get_template("t.html").render() == "warta"
    twice = pass_context(lambda context, text: text * 2)  # not run while compiling: it takes the context
    assert environment(shout=twice).get_template("t.html").render() == "WartaWarta"
    assert environment(shout=str.upper).get_template("t.html").render() == "WARTA"
    assert (cache.compiled, cache.loaded) == (3, 1)
