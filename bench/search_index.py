"""Size of the Pagefind search index: the sample site and N synthetic bulletins.

1. Builds the sample site (golden clock) and measures its `pagefind/` folder (one bundle
   per year of bulletins), and times one Pagefind run over the whole site.
2. Writes N synthetic bulletins (bench/synthetic.py, default 5,000) and builds them with
   Warta's theme and the plugins that shape a bulletin page's indexed text (share images,
   feeds, cards and the lite edition are left out: they add no text inside
   `data-pagefind-body`), then measures that folder.
3. With Debian's chromium present, serves each site on 127.0.0.1 and searches for a word in
   the browser, counting the bytes Pagefind downloads for that first search.

Prints per site: pages and words indexed, the index proper (word index chunks, filter index,
metadata, WebAssembly), the fragments (one per page, fetched only for shown results), the
scripts (Pagefind's API and its worker), the total, and the first search's download.

Usage:

    python bench/search_index.py [--bulletins 5000] [--word vaksinasi]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from warta import build
from warta.search.plugin import build_index
from warta.search.settings import config_from
from synthetic import write_project

PAGE_PLUGINS = [f"warta.{name}" for name in ("indonesian_dates", "bulletins", "kecamatan_pages", "verification", "search")]


def test_helper(name: str):
    """A module of tests/ (the Chromium settings, the static host) loaded by file, as pytest
    loads it: the browser measurement uses the test suite's own setup."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


KIND = {".pf_index": "index", ".pf_filter": "filters", ".pf_meta": "index", ".pagefind": "index",
        ".pf_fragment": "fragments"}  # fmt: skip


def measure(bundle: Path) -> dict[str, int]:
    sizes = {"index": 0, "filters": 0, "fragments": 0, "scripts": 0}
    for path in bundle.rglob("*"):
        if path.is_file():
            sizes[KIND.get(path.suffix, "scripts")] += path.stat().st_size
    sizes["total"] = sum(sizes.values())
    return sizes


def first_search(origin: str, word: str) -> int | None:
    """Bytes under pagefind/ that the search page downloads to show the first results."""
    CHROMIUM, CHROMIUM_ARGS = test_helper("conftest").CHROMIUM, test_helper("conftest").CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        loaded = []
        page.on("requestfinished", lambda request: loaded.append(request))
        page.goto(f"{origin}/cari/?q={word}")
        page.wait_for_selector(".cari-hasil .item")
        page.wait_for_timeout(500)
        total = sum(len(r.response().body()) for r in loaded if "/pagefind/" in r.url and r.response())
        browser.close()
    return total


def measure_site(name: str, folder: Path, build, word: str) -> None:
    """Build into `folder` for a loopback host's origin, then measure and search it."""
    CHROMIUM, StaticHost = test_helper("conftest").CHROMIUM, test_helper("static_host").StaticHost

    host = StaticHost(folder)
    start = time.perf_counter()
    try:
        build(host.origin, folder)
    except BaseException:
        host.server.server_close()
        raise
    seconds = time.perf_counter() - start
    with host:
        # Pagefind again, timed alone over the whole site into a folder of its own (the site's
        # search page reads the per-year bundles), for its own counts.
        whole = dataclasses.replace(config_from({}), bundle_dir="pagefind-whole")
        start = time.perf_counter()
        result = build_index(folder, whole)
        indexing = time.perf_counter() - start
        shutil.rmtree(folder / whole.bundle_dir)
        years = sorted(path.name for path in (folder / "pagefind").iterdir())
        sizes = measure(folder / "pagefind")
        kb = {key: f"{value / 1024:,.1f} KB" for key, value in sizes.items()}
        print(f"\n{name}: built in {seconds:.0f} s, indexed in {indexing:.1f} s in one run; {result.pages} pages, "
              f"{result.words} words", flush=True)  # fmt: skip
        print(f"  {len(years)} bundles ({', '.join(years)}): index {kb['index']} (words, metadata, WebAssembly), "
              f"filters {kb['filters']}, fragments {kb['fragments']}, scripts {kb['scripts']}; total {kb['total']}",
              flush=True)  # fmt: skip
        if CHROMIUM.is_file():
            download = first_search(host.origin, word)
            print(f"  first search for '{word}' downloads {download / 1024:,.0f} KB from pagefind/ "
                  "(uncompressed; Pagefind's script and WebAssembly are most of it)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=5000)
    parser.add_argument("--word", default="vaksinasi")
    parser.add_argument("--site", choices=("sample", "synthetic"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.site is None:
        # Each build in a fresh process: Pelican's plugin signals stay connected within one.
        for site in ("sample", "synthetic"):
            subprocess.run([sys.executable, __file__, "--site", site, "--bulletins", str(args.bulletins),
                            "--word", args.word], check=True)  # fmt: skip
        return
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if args.site == "sample":

            def sample(origin: str, folder: Path) -> None:
                overrides = {**build.GOLDEN_OVERRIDES, "SITEURL": origin, "SYNDICATION_TAG_AUTHORITY": "localhost"}
                build.build_site(ROOT / "pelicanconf.py", folder, overrides)

            measure_site("Sample site", scratch / "sample", sample, args.word)
            return
        project = write_project(scratch / "synthetic", args.bulletins)

        def synthetic(origin: str, folder: Path) -> None:
            overrides = {"PATH": str(project / "content"), "THEME": str(ROOT / "theme"),
                         "PLUGINS": PAGE_PLUGINS,
                         "BULLETINS_NOW": "2022-01-01 09:00", "SITEURL": origin}  # fmt: skip
            build.build_site(ROOT / "pelicanconf.py", folder, overrides)

        measure_site(f"{args.bulletins:,} synthetic bulletins", project / "output", synthetic, args.word)


if __name__ == "__main__":
    main()
