"""The build's state and output: one Build object, one store that records every file.

Every file in a built site must be in the build's record (nothing written behind the output
API's back), the sitemap lists exactly the indexable HTML pages of urls.txt, and no module of
the package keeps build state in a module-level dict, list or set.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOT
from warta import build

PACKAGE = ROOT / "plugins"
SITEURL = "http://localhost:8000"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def files_of(folder: Path) -> set[str]:
    return {os.path.relpath(os.path.join(top, name), folder).replace(os.sep, "/")
            for top, _, names in os.walk(folder) for name in names}  # fmt: skip


def test_every_file_of_a_build_is_in_its_record(tmp_path):
    output, sitemaps = tmp_path / "output", []
    for run in ("first build: every file written", "second build: most kept from the live site"):
        done = build.Build(ROOT / "pelicanconf.py", output, build.GOLDEN_OVERRIDES)
        done.run()
        store = done.store
        assert not store.written & store.kept, run
        assert files_of(output) == store.files(), run
        sitemaps.append((output / "sitemap.xml").read_bytes())
        if not store.kept:  # what used to be written with open() and write_text goes through the store too
            assert {"sitemap.xml", "robots.txt", "urls.txt", "manifest.json", "_redirects", "_headers", "cek/index.json",
                    "nginx-redirects.conf", "nginx-headers.conf", "theme/css/warta.css"} <= store.written  # fmt: skip
            assert any(name.startswith("pagefind/") for name in store.written)
            assert any(name.endswith(".jpg") for name in store.written)
    assert len(store.kept) > len(store.written)  # the second build wrote only what it had to
    assert sitemaps[0] == sitemaps[1]  # pages kept in the live folder are listed too


def test_the_sitemap_reads_only_the_pages_a_build_wrote(tmp_path, monkeypatch):
    from warta.sitemap import generator

    read = []
    original = generator.indexable
    monkeypatch.setattr(generator, "indexable", lambda html, url, siteurl: read.append(url) or original(html, url, siteurl))
    output, remembered = tmp_path / "output", f"cache/sitemap-{tmp_path.name}.json"  # the project's cache/
    overrides = {**build.GOLDEN_OVERRIDES, "SITEMAP_CACHE_FILE": remembered}
    build.build_site(ROOT / "pelicanconf.py", output, overrides)
    first, everything = (output / "sitemap.xml").read_bytes(), len(read)
    assert everything > 100
    read.clear()
    page = output / "tentang" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<head>", '<head><meta name="robots" content="noindex">'),
                    encoding="utf-8")  # fmt: skip
    build.build_site(ROOT / "pelicanconf.py", output, overrides)
    assert 0 < len(read) < everything // 10, "kept pages are not read again"
    assert "tentang/" in read, "a page edited in place is read again (and rendered again)"
    assert (output / "sitemap.xml").read_bytes() == first
    read.clear()
    build.build_site(ROOT / "pelicanconf.py", tmp_path / "elsewhere", {**overrides, "SITEURL": "https://contoh.example"})
    assert len(read) == everything, "remembered for another SITEURL: every page is read"
    (ROOT / remembered).unlink()


def _indexable(page: Path, url: str) -> bool:
    head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
    robots = head.find("meta", attrs={"name": "robots"})
    if robots is not None and "noindex" in robots["content"]:
        return False
    canonical = head.find("link", rel="canonical")
    return canonical is None or canonical["href"] == f"{SITEURL}{url}"


def test_sitemap_lists_exactly_the_indexable_pages_of_urls_txt(sample_site):
    urls = (sample_site / "urls.txt").read_text(encoding="utf-8").split()
    pages = {url: sample_site / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))
             for url in urls if url.endswith(("/", ".html"))}  # fmt: skip
    expected = {f"{SITEURL}{url}" for url, page in pages.items() if _indexable(page, url)}
    doc = etree.parse(str(sample_site / "sitemap.xml"))
    locs = doc.xpath("//s:loc/text()", namespaces=SITEMAP)
    assert locs == sorted(locs) and set(locs) == expected
    for listed in ("/", "/cek/", "/cek/KRW-200602-01/", "/feeds/", "/cari/", "/halaman/2/", "/kecamatan/"):
        assert f"{SITEURL}{listed}" in locs, listed
    assert not [loc for loc in locs if "/lite/" in loc or "/embed/" in loc or loc.endswith("404.html")]
    bulletin = doc.xpath("//s:url[s:loc='http://localhost:8000/2020/06/kolaborasi-admin-grup-dan-pemengaruh/']/s:lastmod/text()",
                         namespaces=SITEMAP)  # fmt: skip
    assert bulletin == ["2020-06-02T10:00:00+07:00"]


# No module-level build state ----------------------------------------------------------------

MUTATORS = {"append", "add", "update", "setdefault", "pop", "popitem", "clear", "extend", "insert",
            "remove", "discard", "appendleft", "__setitem__"}  # fmt: skip
CONTAINERS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "deque", "Counter"}


def _container(value) -> bool:
    if isinstance(value, CONTAINERS):
        return True
    return (isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute))
            and getattr(value.func, "id", getattr(value.func, "attr", None)) in CONTAINER_CALLS)  # fmt: skip


def mutable_globals(source: str) -> set[str]:
    """Module-level dicts, lists and sets that the module's own code changes (item or slice
    assignment, deletion, a mutating method, or a `global` rebinding)."""
    tree = ast.parse(source)
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if node.__class__ in (ast.Assign, ast.AnnAssign) and node.value is not None and _container(node.value):
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    changed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            changed |= set(node.names) & names
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            for target in node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    changed |= {target.value.id} & names
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS
              and isinstance(node.func.value, ast.Name)):  # fmt: skip
            changed |= {node.func.value.id} & names
    return changed


def test_the_check_finds_build_state_in_globals():
    assert mutable_globals("_kept: dict[str, set] = {}\ndef keep(o, r):\n    _kept.setdefault(o, set()).add(r)\n") == {"_kept"}
    assert mutable_globals("_active = []\ndef w(self):\n    _active[:] = [self]\n") == {"_active"}
    assert mutable_globals("_running = {}\ndef s(o, i):\n    _running[o] = i\n") == {"_running"}
    assert mutable_globals("DEFAULTS = {'A': 1}\ndef get(s, k):\n    return s.get(k, DEFAULTS[k])\n") == set()


def test_no_module_keeps_build_state_in_a_global():
    found = {f"{path.relative_to(ROOT)}: {name}" for path in sorted(PACKAGE.rglob("*.py"))
             for name in mutable_globals(path.read_text(encoding="utf-8"))}  # fmt: skip
    assert not found, "module-level state changed at build time; keep it on the Build / core.output.Output"
