"""Share cards of the sample site: cold render time per bulletin, and the warm rebuild time.

1. Cold render: each sample bulletin's cards and poster made in this process, one at a time:
   the Open Graph PNG (drawn, quantised, encoded), the recorded layout of the ratios the
   browser draws and the poster's PDF; the median of each part and of the whole unit of
   work, and the bytes.
2. Builds, each in a fresh process: the sample site with an empty cache (cold, renders
   everything on every core), the same with everything cached (warm), Warta without the
   share_images plugin, and plain Pelican on the same content, alternating so that all see
   the same machine load.

Usage:

    python bench/share_images.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from build_time import PLAIN_SETTINGS, describe, timed

# A Warta build of the sample site with its share-image cache in the folder argv[2].
WARTA = ("import sys; from warta import build; build.build_site('pelicanconf.py', sys.argv[1], "
         "{**build.GOLDEN_OVERRIDES, 'SHARE_IMAGES_CACHE_DIR': sys.argv[2]})")  # fmt: skip
# The same build with every plugin but share_images: what the images cost on a warm rebuild.
WITHOUT = ("import sys, warta; from warta import build; build.build_site('pelicanconf.py', sys.argv[1], "
           "{**build.GOLDEN_OVERRIDES, "
           "'PLUGINS': [f'warta.{p}' for p in warta.CAPABILITIES if p != 'share_images']})")  # fmt: skip


def sample_cards(scratch: Path) -> list:
    """(card, poster) of every published sample bulletin (from a real build)."""
    from warta import build
    from warta.core.site import RULES_KEY
    from pelican import signals
    from pelican.generators import ArticlesGenerator
    from warta.share_images.content import card_for, poster_for
    from warta.share_images.settings import config_from

    cards = []

    def grab(generators):
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                config = config_from(generator.settings)
                regency = generator.context[RULES_KEY].regency.name
                for article in generator.articles:
                    card = card_for(article.bulletin, config, regency)
                    cards.append((card, poster_for(article.bulletin, card, config)))

    signals.all_generators_finalized.connect(grab)
    try:
        overrides = {**build.GOLDEN_OVERRIDES, "SHARE_IMAGES_CACHE_DIR": str(scratch / "cards-cache")}
        build.build_site(ROOT / "pelicanconf.py", scratch / "cards", overrides)
    finally:
        signals.all_generators_finalized.disconnect(grab)
    return cards


def cold_render(cards: list) -> dict[str, list[float]]:
    """Seconds per bulletin of each part of a worker's unit of work (`render_version`); the
    first bulletin's poster, which loads the fonts' outlines, is timed apart."""
    from warta.share_images.poster import render_poster
    from warta.share_images.render import FILE_RATIOS, layouts, render_files, render_png

    assets = "http://localhost:8000/bagikan/"
    times: dict[str, list[float]] = {"png": [], "layouts": [], "poster": [], "bulletin": [], "bytes": [],
                                     "poster bytes": []}  # fmt: skip
    render_files(cards[0][0], None, assets)  # load the fonts once, as a build does
    start = time.perf_counter()
    render_poster(cards[-1][1])
    times["first poster"] = [time.perf_counter() - start]
    for card, poster in cards:
        start = time.perf_counter()
        files = {ratio: render_png(card, ratio) for ratio in FILE_RATIOS}
        middle = time.perf_counter()
        layout = layouts(card, None, assets)
        third = time.perf_counter()
        pdf = render_poster(poster)
        times["png"].append(middle - start)
        times["layouts"].append(third - middle)
        times["poster"].append(time.perf_counter() - third)
        times["bulletin"].append(time.perf_counter() - start)
        times["bytes"].append(sum(map(len, files.values())) + len(layout))
        times["poster bytes"].append(len(pdf))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        cards = sample_cards(scratch)
        parts = cold_render(cards)
        print(f"Cold render, one process, {len(cards)} bulletins:")
        for part in ("png", "layouts", "poster", "bulletin"):
            values = parts[part]
            print(f"  {part:<9} median {1000 * statistics.median(values):6.1f} ms   "
                  f"min {1000 * min(values):6.1f} ms   max {1000 * max(values):6.1f} ms")  # fmt: skip
        print(f"  first poster of a process (reads the fonts' outlines): {1000 * parts['first poster'][0]:.1f} ms")
        print(f"  bytes per bulletin (PNG and layout): median {statistics.median(parts['bytes']) / 1000:.1f} KB")
        posters = parts["poster bytes"]
        print(f"  poster PDF: median {statistics.median(posters) / 1000:.1f} KB, max {max(posters) / 1000:.1f} KB")

        plain_conf = scratch / "plainconf.py"
        plain_conf.write_text(PLAIN_SETTINGS.format(content=str(ROOT / "content")), encoding="utf-8")
        plain = [sys.executable, "-m", "pelican", "-s", str(plain_conf), "-q", "-o"]
        warta = [sys.executable, "-c", WARTA]
        without = [sys.executable, "-c", WITHOUT]
        times = {"cold Warta": [], "warm Warta": [], "no share img": [], "plain Pelican": []}
        for run in range(runs):
            cache = str(scratch / f"cache-{run}")
            times["cold Warta"].append(timed([*warta, str(scratch / f"cold-{run}"), cache]))
            times["warm Warta"].append(timed([*warta, str(scratch / f"warm-{run}"), cache]))
            times["no share img"].append(timed([*without, str(scratch / f"without-{run}")]))
            times["plain Pelican"].append(timed([*plain, str(scratch / f"plain-{run}")]))
    print(f"\nSample site builds, {runs} of each, fresh process per build "
          f"(cold: empty share-image cache; warm: everything cached)")  # fmt: skip
    for name, values in times.items():
        print(describe(name, values))
    warm = statistics.median(times["warm Warta"])
    print(f"warm rebuild / plain Pelican: {warm / statistics.median(times['plain Pelican']):.2f}x")
    print(f"share images on a warm rebuild: {warm - statistics.median(times['no share img']):+.2f} s "
          f"(warm Warta - Warta without the share_images plugin)")  # fmt: skip
    print(f"cold build - warm rebuild: {statistics.median(times['cold Warta']) - warm:.2f} s "
          f"for {len(cards)} bulletins")  # fmt: skip


if __name__ == "__main__":
    main()
