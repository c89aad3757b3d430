"""Render many share images: in one process for a few, on every core for many, with progress.

The work is pure (`render_version`: `render.render_files` and `poster.render_poster`), so the
bytes are the same whichever process made them; results come back in the order of the jobs.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from pelican.log import console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .poster import render_poster
from .render import render_files

logger = logging.getLogger(__name__)

LOG_EVERY = 0.25  # an INFO line at each quarter of a long run


def _bar() -> Progress:
    return Progress(TextColumn("Share images"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, transient=True, disable=not console.is_terminal)  # fmt: skip


Rendered = tuple[dict[str, bytes] | None, bytes | None, bytes | None]


def render_version(card, poster, mark: bytes | None, assets: str) -> Rendered:
    """The unit of work: what the cache lacks of one bulletin's version. (PNG files, layout)
    of the cards when `card` is given, the poster's PDF when `poster` is; None for the rest."""
    images, layout = render_files(card, mark, assets) if card is not None else (None, None)
    return images, layout, render_poster(poster, mark) if poster is not None else None


def render_many(jobs: list[tuple], workers: int, parallel_min: int) -> Iterator[Rendered]:
    """`render_version` of each (card or None, poster or None, mark, assets) job, in order, as
    they come: the caller stores each before the next arrive (holding all of them took
    ~100 KB per bulletin)."""
    total = len(jobs)
    if not total:
        return
    processes = min(workers, total) if total >= parallel_min else 1
    logger.info("Share images: rendering %s bulletins' cards or posters in %s process(es)", total, processes)
    done = 0
    next_log = LOG_EVERY
    pool = None
    if processes > 1:
        # Workers start from a fresh interpreter ("spawn", as on macOS and Windows): a forked
        # one starts with the build's memory (every bulletin, some 500 MB at 10,000), whose
        # pages Python's garbage collector then copies, and with its threads' locks.
        pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"))
        outputs = pool.map(render_version, *zip(*jobs), chunksize=1)
    else:
        outputs = (render_version(*job) for job in jobs)
    try:
        with _bar() as bar:
            task = bar.add_task("render", total=total)
            for data in outputs:
                yield data
                done += 1
                bar.advance(task)
                if total >= parallel_min and done >= next_log * total and done < total:
                    logger.info("Share images: %s/%s rendered", done, total)
                    next_log += LOG_EVERY
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
