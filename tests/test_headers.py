"""The response headers the build writes for static hosts: a real nginx serving the sample
site with `nginx-headers.conf`, and the `_headers` rules as Netlify and Cloudflare Pages apply
them, both held to the deploy targets' table of content types and Cache-Control."""

from __future__ import annotations

import urllib.request

import pytest
from warta.core.settings import SettingsError
from conftest import bulletin_text
from warta.core.headers import CACHE_CONTROL, HeaderRules
from warta.embeds.generator import header_table
from warta.embeds.hosts import CSP
from static_host import frame_ancestors, headers_for, parse_headers_file, served_sample_by_nginx

PAGE = "2021/02/banjir-citarum-warga-bantaran-diminta-mengungsi/"
FEEDS = {
    "feeds/semua.atom.xml": "application/atom+xml; charset=utf-8",
    "feeds/semua.rss.xml": "application/rss+xml; charset=utf-8",
    "feeds/semua.json": "application/feed+json; charset=utf-8",
    "feeds/jenis/pengumuman.json": "application/feed+json; charset=utf-8",
    f"{PAGE}alert.cap.xml": "application/cap+xml; charset=utf-8",
}
REQUIRED = ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'self'")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    root = tmp_path_factory.mktemp("headers")
    with served_sample_by_nginx(root / "output", root / "nginx") as host:
        yield host


def site_paths(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def fetch(origin: str, path: str):
    with urllib.request.urlopen(f"{origin}/{path}", timeout=10) as response:
        return response.headers


def url_of(path: str) -> str:
    """The URL a reader asks for: a folder's index page by its folder."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def test_nginx_sends_the_deploy_tables_content_type_and_cache_control_for_every_file(nginx):
    table = HeaderRules()
    paths = site_paths(nginx.folder)
    assert len(paths) > 500 and set(FEEDS) <= set(paths)
    kinds = set()
    for path in paths:
        if path in ("_headers", "_redirects") or path.endswith(".conf"):
            continue  # host configuration, never served by these hosts
        expected = table.headers(path)
        sent = fetch(nginx.origin, url_of(path))
        assert sent["Cache-Control"] == expected.cache_control, path
        kinds.add(expected.cache_control)
        if "." in path.rsplit("/", 1)[-1] and not path.endswith((".woff2",)):
            assert sent["Content-Type"] == expected.content_type, path
    assert kinds == set(CACHE_CONTROL.values())  # every class is exercised
    for path, content_type in FEEDS.items():
        assert fetch(nginx.origin, path)["Content-Type"] == content_type, path


@pytest.mark.parametrize("path", ["", PAGE, "cari/", "cek/", "feeds/", "lite/", "404.html", "feeds/semua.rss.xml",
                                  "theme/js/salin.js", "manifest.json"])  # fmt: skip
def test_nginx_sends_the_security_headers_and_forbids_framing(nginx, path):
    sent = fetch(nginx.origin, path)
    assert sent.get_all("Content-Security-Policy") == [f"{CSP}; frame-ancestors 'none'"]
    assert all(directive in CSP.split("; ") for directive in REQUIRED)
    assert "'unsafe-inline'" not in CSP.split("script-src", 1)[1].split(";")[0]
    assert sent["X-Frame-Options"] == "DENY"
    assert sent["X-Content-Type-Options"] == "nosniff"
    assert sent["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert sent["Access-Control-Allow-Origin"] is None


def test_nginx_lets_any_site_frame_cards_and_read_oembed(nginx):
    card = fetch(nginx.origin, f"{PAGE}embed/")
    assert card.get_all("Content-Security-Policy") == [f"{CSP}; frame-ancestors *"]
    assert card["X-Frame-Options"] is None and card["X-Content-Type-Options"] == "nosniff"
    assert card["Cache-Control"] == CACHE_CONTROL["page"]
    oembed = fetch(nginx.origin, f"{PAGE}oembed.json")
    assert oembed["Access-Control-Allow-Origin"] == "*" and frame_ancestors(oembed) == ["'none'"]


@pytest.mark.parametrize("mode", ["netlify", "cloudflare"])
def test_headers_file_sends_the_same_policy(nginx, mode):
    table = HeaderRules()
    rules = parse_headers_file((nginx.folder / "_headers").read_text(encoding="utf-8"))
    for path in site_paths(nginx.folder):
        if path in ("_headers", "_redirects") or path.endswith(".conf"):
            continue  # host configuration
        url = "/" + url_of(path)
        sent = headers_for(rules, url, mode)
        # Every policy sent (Cloudflare joins them with commas) forbids inline script.
        policies = sent["content-security-policy"].split(", ")
        assert all(p in (CSP, f"{CSP}; frame-ancestors *") for p in policies), url
        assert sent["x-content-type-options"] == "nosniff", url
        assert sent["referrer-policy"] == "strict-origin-when-cross-origin", url
        card = "/embed/" in url
        assert frame_ancestors(sent) == (["*"] if card else []), url
        assert sent.get("x-frame-options") == (None if card and mode == "cloudflare" else "DENY"), url
        expected = table.headers(path)
        if "content-type" in sent:
            assert sent["content-type"] == expected.content_type, url
        # Where `_headers` cannot tell a hashed name from another by its suffix, it caches
        # for the suffix's shorter time (an image's hour, a JSON file's five minutes);
        # pretty URLs keep the host's own (revalidating) default.
        allowed = {expected.cache_control}
        if expected.cache_control == CACHE_CONTROL["immutable"]:
            allowed |= {CACHE_CONTROL["asset"], CACHE_CONTROL["page"]}
        if url.endswith("/"):
            allowed = {None}
        if path.endswith(".txt") and path != "urls.txt":
            allowed.add(None)  # `/*.txt` would overlap `/urls.txt`, whose value differs
        if path.endswith(".js") and path != "sw.js":
            allowed.add(None)  # likewise `/*.js` and the service worker `/sw.js`
        assert sent.get("cache-control") in allowed, url
    for path, content_type in FEEDS.items():
        assert headers_for(rules, "/" + path, mode)["content-type"] == content_type, path
    assert headers_for(rules, "/urls.txt", mode)["cache-control"] == CACHE_CONTROL["revalidate"]
    assert headers_for(rules, "/sw.js", mode)["cache-control"] == CACHE_CONTROL["revalidate"]
    for path in site_paths(nginx.folder):
        if path.endswith(".pf_fragment"):
            assert headers_for(rules, "/" + path, mode)["cache-control"] == CACHE_CONTROL["immutable"]
            break
    else:
        pytest.fail("no Pagefind fragment in the build")


def test_deploy_immutable_patterns_reach_both_files(site):
    site.add("a.md", bulletin_text())
    site.build(DEPLOY_IMMUTABLE=(r"\.v[0-9a-f]{8}\.css$",))
    conf = site.read("nginx-headers.conf")
    assert f'if ($uri ~ "\\\\.v[0-9a-f]{{8}}\\\\.css$") {{ set $warta_cache_control "{CACHE_CONTROL["immutable"]}"; }}' in conf


@pytest.mark.parametrize("value", [("(",), r"\.css$"])
def test_bad_deploy_immutable_is_a_settings_error(value):
    with pytest.raises(SettingsError, match="DEPLOY_IMMUTABLE"):
        header_table({"DEPLOY_IMMUTABLE": value})
