"""Build time and memory at scale: plain Pelican against Warta with every feature on.

For each N (default 1,000), writes N synthetic bulletins (bench/synthetic.py) twice, for
Warta and for plain Pelican (its default theme and feeds, with `category:`/`tags:` lines so
it knows types and topics), then runs, each build in a fresh process and alternating so all
see the same machine load:

- plain Pelican, cold (no cache, empty output folder);
- Warta, cold: no Pelican cache, no share-image cache, empty output (share images included);
- Warta, CI case: the caches and output of the cold build kept, one new bulletin of
  ordinary urgency added (as on a CI runner that restored `cache/` and `output/`: no spare
  tree beside `output/`, so the publish completes staging into the whole site);
- Warta, next push: one more new bulletin, on the same machine, so the publish updates the
  spare tree the previous one left (a builder that keeps its folders between pushes).

Prints for each: median, min-max, peak memory (largest resident set of the build process or
of any process it started: share-image workers, Pagefind), and the ratios the targets of
docs/performance.md uses: Warta CI / plain cold (at most 0.3x at 1,000, 0.25x from 5,000;
the next push beside it),
Warta cold / plain cold (at most 3x), the growth from one N to the next against linear; then
the output's bytes per bulletin by kind (at most 150 KB in all) against plain Pelican's, and
the CI cache (`cache/` and `output/` as one archive keeps them: a hard-linked file counts
once; at most 1 GB at 5,000). Usage:

    python bench/scale.py [--bulletins 1000,5000,10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from feeds import PLAIN_SETTINGS
from synthetic import bulletin, write_project

from warta.build import spare_of

NOW = "2022-01-01 09:00"  # after the last synthetic bulletin, so none waits as scheduled
PLAIN = [sys.executable, "-m", "pelican", "-q", "-s"]
WARTA = """
import sys
from warta import build
def main():
    build.build_site(sys.argv[1] + "/pelicanconf.py", sys.argv[3], {"PATH": sys.argv[2], "BULLETINS_NOW": %r})
if len(sys.argv) > 4:  # profile into this file
    import cProfile
    cProfile.run("main()", sys.argv[4])
else:
    main()
""" % NOW


def run(command: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one build in a fresh process. Disk
    writes of the previous build are flushed first, so none is timed with the next."""
    os.sync()
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode}): {' '.join(command)}\n{errors[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports kilobytes; the largest of the tree


def add_bulletin(project: Path, count: int, extra: int, later: int = 1) -> Path:
    """One more bulletin, the `later`-th after the last synthetic one, as a newsroom adds
    between builds: of ordinary urgency, like four in five. (An emergency puts the banner on
    every page, so every page is rendered again.)"""
    rng = random.Random(extra)
    minutes = 3 * 365 * 24 * 60 // count
    date = datetime(2019, 1, 1, 8, 0) + timedelta(minutes=minutes * (count + later))
    areas = [area["code"] for area in json.loads((ROOT / "data" / "kecamatan.json").read_text())["kecamatan"]]
    name, text = bulletin(rng, count + later, date, areas, plain=False)
    text = re.sub(r"^urgency: \w+$", "urgency: biasa", text, count=1, flags=re.MULTILINE)
    path = project / "content" / "bulletins" / name
    path.write_text(text, encoding="utf-8")
    return path


AREAS = (  # (label, test on a profiled function's file name), first match wins
    ("Jinja: rendering the theme's templates", lambda f: "/theme/" in f or f.startswith("<template>")),
    ("Jinja: the library", lambda f: "/jinja2/" in f or "/markupsafe/" in f),
    ("Markdown", lambda f: "/markdown/" in f),
    ("Pelican", lambda f: "/pelican/" in f),
    ("Pillow and the QR code (share cards)", lambda f: "/PIL/" in f or "/segno/" in f),
    ("BeautifulSoup", lambda f: "/bs4/" in f or "/soupsieve/" in f or "/html5lib/" in f),
    ("feedgen and lxml", lambda f: "/feedgen/" in f or "/lxml/" in f),
    ("Python's standard library (paths, re, json, pickle…)", lambda f: "site-packages" not in f),
)


def area_of(filename: str, function: str) -> str:
    if filename == "~":  # a C function: name it by what it does
        if any(word in function for word in ("acquire", "wait", "poll", "select", "sleep", "waitpid", "recv")):
            return "waiting (share-card workers, the search thread, Pagefind)"
        if any(word in function for word in ("posix.", "io.open", "BufferedWriter", "BufferedReader", "FileIO", "_io.")):
            return "file system calls"
        if "zlib" in function or "hashlib" in function or "_hashlib" in function or "openssl" in function:
            return "hashing and compression"
        if "pickle" in function or "marshal" in function or "json" in function:
            return "(un)pickling and JSON"
        return "other built-in functions"
    match = re.search(r"/plugins/(\w+)[/.]", filename)
    if match:
        return f"Warta: {match.group(1)}"
    return next((label for label, test in AREAS if test(filename)), "other Python")


def profile_report(stats_file: Path, what: str, elapsed: float) -> None:
    """Where a profiled build spent its own time (cProfile's tottime), by area and by
    function: the profile the targets' docs ask for when a target is missed."""
    import pstats

    stats = pstats.Stats(str(stats_file)).stats  # {(file, line, function): (cc, nc, tottime, cumtime, callers)}
    areas: dict[str, float] = {}
    for (filename, _, function), (_, _, own, _, _) in stats.items():
        label = area_of(filename, function)
        areas[label] = areas.get(label, 0.0) + own
    total = sum(areas.values()) or 1.0
    print(f"  profile of one {what} (under cProfile: {elapsed:.1f} s, own time by area):")
    for label, seconds in sorted(areas.items(), key=lambda item: -item[1])[:12]:
        print(f"    {seconds:7.2f} s  {seconds / total:5.1%}  {label}")
    print("    Warta's and Pelican's functions with the most time, callees included:")
    ours = [(key, value) for key, value in stats.items() if "/plugins/" in key[0] or "/pelican/" in key[0]]
    for (filename, line, function), (_, calls, _, inclusive, _) in sorted(ours, key=lambda item: -item[1][3])[:12]:
        print(f"    {inclusive:7.2f} s  {calls:>9} calls  {function} ({Path(filename).parent.name}/{Path(filename).name}:{line})")
    print("    functions with the most own time:")
    for (filename, line, function), (_, calls, own, _, _) in sorted(stats.items(), key=lambda item: -item[1][2])[:10]:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if filename != "~" else "built-in"
        print(f"    {own:7.2f} s  {calls:>9} calls  {function} ({where})")


def profile(count: int, scratch: Path, cold: bool, ci: bool) -> None:
    """One more cold build and CI build of N bulletins, each under cProfile when its target
    was missed, with the report of where its time went."""
    project = write_project(scratch / f"profile-{count}", count)
    out = scratch / f"profile-out-{count}"
    command = [sys.executable, "-c", WARTA, str(ROOT), str(project / "content"), str(out)]
    stats = scratch / "build.prof"
    elapsed, _ = run([*command, str(stats)] if cold else command)
    if cold:
        profile_report(stats, "cold build", elapsed)
    if ci:
        add_bulletin(project, count, 0)
        elapsed, _ = run([*command, str(stats)])
        profile_report(stats, "CI build", elapsed)
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def measure(count: int, runs: int, scratch: Path, sizes: dict) -> dict[str, list[tuple[float, int]]]:
    """Times and peak memory of each build, `runs` times; fills `sizes` from the first run."""
    started = time.perf_counter()
    warta = write_project(scratch / f"warta-{count}", count)
    plain = write_project(scratch / f"plain-{count}", count, plain=True)
    print(f"N = {count}: wrote the synthetic bulletins twice in {time.perf_counter() - started:.1f} s", flush=True)
    conf = scratch / f"plainconf-{count}.py"
    conf.write_text(PLAIN_SETTINGS.format(content=str(plain / "content")), encoding="utf-8")
    results: dict[str, list[tuple[float, int]]] = {"plain cold": [], "Warta cold": [], "Warta CI": [],
                                                   "Warta push": []}  # fmt: skip
    for number in range(runs):
        out = scratch / f"out-{count}"
        shutil.rmtree(out, ignore_errors=True)
        # The spare tree the last run's push left holds none of this run's files: the CI
        # build would relink every one of them (seconds at 5,000), which no runner does.
        shutil.rmtree(spare_of(out), ignore_errors=True)
        plain_out = scratch / f"plain-out-{count}"
        shutil.rmtree(plain_out, ignore_errors=True)
        results["plain cold"].append(run([*PLAIN, str(conf), "-o", str(plain_out)]))
        shutil.rmtree(warta / "cache", ignore_errors=True)
        warta_build = [sys.executable, "-c", WARTA, str(ROOT), str(warta / "content"), str(out)]
        results["Warta cold"].append(run(warta_build))
        added = add_bulletin(warta, count, number)
        results["Warta CI"].append(run(warta_build))
        second = add_bulletin(warta, count, number, later=2)
        results["Warta push"].append(run(warta_build))
        added.unlink()
        second.unlink()
        if number == 0:
            sizes["Warta"] = output_bytes(out)
            sizes["plain"] = output_bytes(plain_out)
            sizes["CI cache"] = archive_bytes(warta / "cache", out)
        shutil.rmtree(plain_out, ignore_errors=True)
        for name in results:
            elapsed, peak = results[name][-1]
            print(f"  run {number + 1}: {name:<11} {elapsed:7.1f} s  {peak / 2**20:6.0f} MB", flush=True)
    shutil.rmtree(warta, ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    return results


KINDS = (  # (label, test on the site-relative path), first match wins
    ("share images", lambda path: "/bagikan-" in path or path.startswith("bagikan-")),
    ("search index", lambda path: path.startswith(("pagefind", "cari/pagefind"))),
    ("feeds", lambda path: path.startswith("feeds/") or path.endswith((".atom.xml", ".rss.xml", "feed.json"))),
    ("HTML pages", lambda path: path.endswith(".html")),
    ("other", lambda path: True),
)


def output_bytes(folder: Path) -> dict[str, int]:
    """Bytes of a built site by kind (KINDS) and in all."""
    sizes = dict.fromkeys([label for label, _ in KINDS] + ["all"], 0)
    for path in folder.rglob("*"):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            size = path.stat().st_size
            sizes[next(label for label, test in KINDS if test(relative))] += size
            sizes["all"] += size
    return sizes


def archive_bytes(*folders: Path) -> int:
    """What an archive of the folders holds: each file once, however many hard links it has."""
    seen: dict[tuple[int, int], int] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            info = path.lstat()
            if path.is_file() and not path.is_symlink():
                seen[(info.st_dev, info.st_ino)] = info.st_size
    return sum(seen.values())


def describe(name: str, values: list[tuple[float, int]]) -> str:
    times = [t for t, _ in values]
    peak = max(m for _, m in values)
    return (f"  {name:<11} median {statistics.median(times):7.1f} s   min-max {min(times):7.1f}-{max(times):7.1f} s"
            f"   peak memory {peak / 2**20:6.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", default="1000", help="comma-separated counts, e.g. 1000,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of a missed time target")
    args = parser.parse_args()
    counts = [int(value) for value in args.bulletins.split(",")]
    medians: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as scratch:
        for count in counts:
            sizes: dict = {}
            results = measure(count, args.runs, Path(scratch), sizes)
            medians[count] = {name: statistics.median(t for t, _ in values) for name, values in results.items()}
            plain = medians[count]["plain cold"]
            print(f"\nN = {count}, {args.runs} run(s) of each, fresh process per build:")
            for name, values in results.items():
                print(describe(name, values))
            ci_target = 0.3 if count < 5000 else 0.25
            print(f"  Warta CI / plain cold:   {medians[count]['Warta CI'] / plain:5.2f}x   (target at most {ci_target}x)")
            print(f"  Warta push / plain cold: {medians[count]['Warta push'] / plain:5.2f}x   (the next push where the "
                  "spare tree is kept)")
            print(f"  Warta cold / plain cold: {medians[count]['Warta cold'] / plain:5.2f}x   (target at most 3x)")
            missed_ci = medians[count]["Warta CI"] / plain > ci_target
            missed_cold = medians[count]["Warta cold"] / plain > 3
            print("  output per bulletin:     " + ", ".join(
                f"{label} {size / count / 1000:.1f} KB" for label, size in sizes["Warta"].items() if label != "all"))
            print(f"  output per bulletin, all: Warta {sizes['Warta']['all'] / count / 1000:.1f} KB (target at most "
                  f"150 KB), plain Pelican {sizes['plain']['all'] / count / 1000:.1f} KB")
            print(f"  CI cache (cache/ and output/, hard links once): {sizes['CI cache'] / 1e6:.0f} MB "
                  f"(target at most 1,000 MB at 5,000)\n", flush=True)
            if (missed_ci or missed_cold) and not args.no_profile:
                profile(count, Path(scratch), missed_cold, missed_ci)
                print(flush=True)
    for smaller, larger in zip(counts, counts[1:]):
        size = larger / smaller
        for name in medians[smaller]:
            growth = medians[larger][name] / medians[smaller][name]
            print(f"{name:<11} {smaller} -> {larger}: time x{growth:.2f} for x{size:.2f} bulletins "
                  f"({'no faster than linear' if growth <= size * 1.05 else 'faster than linear'})")  # fmt: skip


if __name__ == "__main__":
    main()
