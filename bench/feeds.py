"""Feed generation over synthetic bulletins: Warta's syndication against plain Pelican's
default feeds on the same content, in the same run.

1. Writes N synthetic bulletins (bench/synthetic.py, default 5,000) into a temporary project.
2. Builds, each in a fresh process, alternating so both see the same machine load:
   - plain Pelican: default theme, no plugins, FEED_ALL_ATOM, CATEGORY_FEED_ATOM and
     TAG_FEED_ATOM on (its content copy adds `category:`/`tags:` lines, which plain Pelican
     needs to know types and topics);
   - Warta: every plugin except share images (their renders are cached across builds and
     measured by bench/share_images.py), with the syndication plugin's own
     generate_context and generate_output timed inside the build.
3. Prints medians, the ratio of the builds, and the syndication plugin's time against the
   whole of plain Pelican's build and against the time plain Pelican spends writing feeds.

Usage:

    python bench/feeds.py [--bulletins 5000] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from synthetic import write_project

PLAIN_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["bulletins"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
SITEURL = "http://localhost:8000"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
"""

# Plain Pelican with its feed writing timed: Generator._generate_feeds… are ArticlesGenerator
# methods, so the time spent in them is the cost of its default feeds.
PLAIN = """
import json, sys, time
from pelican import Pelican
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
spent = [0.0]
original = ArticlesGenerator.generate_feeds
def timed(self, writer):
    start = time.perf_counter()
    try:
        return original(self, writer)
    finally:
        spent[0] += time.perf_counter() - start
ArticlesGenerator.generate_feeds = timed
settings = read_settings(sys.argv[1], override={"OUTPUT_PATH": sys.argv[2]})
Pelican(settings).run()
print(json.dumps({"feeds": spent[0]}))
"""

WARTA = """
import json, sys, time
import warta
from warta import build
from warta.syndication.generator import SyndicationGenerator
spent = {"generate_context": 0.0, "generate_output": 0.0}
def timing(name):
    original = getattr(SyndicationGenerator, name)
    def timed(self, *args):
        start = time.perf_counter()
        try:
            return original(self, *args)
        finally:
            spent[name] += time.perf_counter() - start
    setattr(SyndicationGenerator, name, timed)
for name in spent:
    timing(name)
plugins = [f"warta.{p}" for p in warta.CAPABILITIES if p != "share_images"]
build.build_site(sys.argv[3] + "/pelicanconf.py", sys.argv[2],
                 {"PATH": sys.argv[1], "BULLETINS_NOW": "2022-01-01 09:00", "PLUGINS": plugins})
print(json.dumps(spent))
"""


def timed(command: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])


def median(values) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        started = time.perf_counter()
        warta_project = write_project(scratch / "warta", args.bulletins)
        plain_project = write_project(scratch / "plain", args.bulletins, plain=True)
        print(f"Wrote {args.bulletins} synthetic bulletins twice in {time.perf_counter() - started:.1f} s")
        plain_conf = scratch / "plainconf.py"
        plain_conf.write_text(PLAIN_SETTINGS.format(content=str(plain_project / "content")), encoding="utf-8")
        results = {"plain": [], "warta": []}
        for run in range(args.runs):
            results["plain"].append(timed([sys.executable, "-c", PLAIN, str(plain_conf), str(scratch / f"plain-{run}")]))
            results["warta"].append(timed([sys.executable, "-c", WARTA, str(warta_project / "content"),
                                           str(scratch / f"warta-{run}"), str(ROOT)]))  # fmt: skip
        warta_feeds = len([p for p in (scratch / "warta-0" / "feeds").rglob("*") if p.is_file()
                           and p.name.endswith((".atom.xml", ".rss.xml", ".json"))])  # fmt: skip
        plain_feeds = len(list((scratch / "plain-0" / "feeds").rglob("*.atom.xml")))
    plain_build = median(t for t, _ in results["plain"])
    plain_feed_time = median(r["feeds"] for _, r in results["plain"])
    warta_build = median(t for t, _ in results["warta"])
    context = median(r["generate_context"] for _, r in results["warta"])
    output = median(r["generate_output"] for _, r in results["warta"])
    print(f"{args.bulletins} bulletins, {args.runs} cold build(s) of each, fresh process per build, medians:")
    print(f"  plain Pelican build            {plain_build:7.2f} s  ({plain_feeds} Atom feeds, written in {plain_feed_time:.2f} s)")
    print(f"  Warta build (no share images)  {warta_build:7.2f} s  ({warta_feeds} feed files: RSS, Atom, JSON Feed)")
    print(f"  syndication plugin             {context + output:7.2f} s  (generate_context {context:.2f} s, "
          f"generate_output {output:.2f} s)")  # fmt: skip
    print(f"  ratio Warta build / plain Pelican build:            {warta_build / plain_build:.2f}x")
    print(f"  ratio syndication / plain Pelican's feed writing:   {(context + output) / plain_feed_time:.2f}x")
    print(f"  syndication share of the Warta build:               {(context + output) / warta_build:.1%}")


if __name__ == "__main__":
    main()
