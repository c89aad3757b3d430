"""Build time of the sample site: Warta against plain Pelican on the same content.

Runs each build in a fresh process, alternating the two so that both see the same machine
load, and prints the median, the range and the ratio. Usage:

    python bench/build_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Plain Pelican: same content folders, its default theme, feeds and URLs, no plugins.
PLAIN_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["bulletins"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "media"]
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
SITEURL = "http://localhost:8000"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
"""

WARTA = ("import sys; from warta import build; build.build_site('pelicanconf.py', sys.argv[1], "
         "build.GOLDEN_OVERRIDES)")  # fmt: skip


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def describe(name: str, times: list[float]) -> str:
    return (f"{name:<14} median {statistics.median(times):6.2f} s   "
            f"min {min(times):6.2f} s   max {max(times):6.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    count = len(list((ROOT / "content" / "bulletins").glob("*.md")))
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        plain_conf = scratch / "plainconf.py"
        plain_conf.write_text(PLAIN_SETTINGS.format(content=str(ROOT / "content")), encoding="utf-8")
        commands = {
            "plain Pelican": [sys.executable, "-m", "pelican", "-s", str(plain_conf), "-q", "-o"],
            "Warta": [sys.executable, "-c", WARTA],
        }
        times = {name: [] for name in commands}
        for run in range(runs):
            for name, command in commands.items():
                times[name].append(timed([*command, str(scratch / f"{name}-{run}".replace(" ", "-"))]))
    print(f"Sample site: {count} bulletins, {runs} cold builds each, fresh process per build")
    for name, values in times.items():
        print(describe(name, values))
    ratio = statistics.median(times["Warta"]) / statistics.median(times["plain Pelican"])
    print(f"ratio Warta / plain Pelican: {ratio:.2f}x")


if __name__ == "__main__":
    main()
