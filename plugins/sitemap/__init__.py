"""Sitemap and robots.txt: `sitemap.xml` lists every public, indexable HTML page the build
wrote, and `robots.txt` admits every crawler, link-preview bots by name, and points to the
sitemap.

The sitemap is made when the build finishes (`finalized`), from the build's record of the
files it wrote or kept (core.output), not from the context, so every page the site has is
listed whichever plugin wrote it. A page is listed when its <head> carries no `noindex`
robots directive (404, embed cards, redirect stubs) and no rel=canonical naming another
page (the lite twins name their full page). `lastmod` is the bulletin's or page's last
change where the context knows it; list pages carry none. Whether a page is indexable is
remembered by file identity (SITEMAP_CACHE_FILE), so pages kept from the live site are not
read again.

Reads SITEURL, ROBOTS_PREVIEW_AGENTS (the user agents named in robots.txt) and
SITEMAP_CACHE_FILE.
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
