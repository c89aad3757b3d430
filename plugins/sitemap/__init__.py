"""Sitemap and robots.txt: `sitemap.xml` lists every public page with its last change, and
`robots.txt` admits every crawler, link-preview bots by name, and points to the sitemap.

Reads SITEURL and ROBOTS_PREVIEW_AGENTS (the user agents named in robots.txt).
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
