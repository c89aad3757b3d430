"""Stable list pages: an older page keeps its bulletins when new ones arrive.

Pelican cuts a list into pages from the newest end, so one new bulletin moves an item onto
every page of every list it is on. Thousands of pages change, render and upload again, and
a shared link to an older page shows something else the next day. Here pages are cut from
the oldest end: `halaman/2/` holds the oldest `per_page` bulletins, `halaman/3/` the next
ones, and the list's own URL the newest `per_page` to `2 * per_page - 1`. A new bulletin
changes the list's own page only; every `per_page` bulletins, one more page of it becomes
an older page, and the page before it gets a link to it. Lists are newest first.

The full site's writer (page_cache) and the lite edition both cut their lists here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ListPage:
    """One page of a list. `first` is the list's own URL; `newer` and `older` are the
    neighbours' URLs (None at the ends). A page holds no count of pages, which would change
    it whenever the list grows."""

    number: int  # 1 for the list's own URL; older pages from 2 (the oldest) upwards
    url: str
    save_as: str
    object_list: Sequence
    first: str
    newer: str | None
    older: str | None

    @property
    def is_first(self) -> bool:
        return self.number == 1


def cuts(count: int, per_page: int) -> list[tuple[int, int, int]]:
    """(number, start, stop) of each page over a newest-first list of `count` items: the
    list's own page first, then the older pages from the newest to the oldest."""
    older = max(0, count // per_page - 1)
    first = [(1, 0, count - older * per_page)]
    return first + [(n + 1, count - n * per_page, count - (n - 1) * per_page) for n in range(older, 0, -1)]


def paginate(items: Sequence, per_page: int, address: Callable[[int], tuple[str, str]]) -> list[ListPage]:
    """The pages of a newest-first list; `address(number)` gives a page's (url, save_as)."""
    pages = cuts(len(items), per_page)
    urls = [address(number) for number, _, _ in pages]
    return [ListPage(number, url, save_as, items[start:stop], first=urls[0][0],
                     newer=urls[i - 1][0] if i else None,
                     older=urls[i + 1][0] if i + 1 < len(pages) else None)
            for i, ((number, start, stop), (url, save_as)) in enumerate(zip(pages, urls))]  # fmt: skip
