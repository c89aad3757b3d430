"""Content manifest: `/manifest.json` lists every published bulletin with its code,
canonical URL, title, status, dates, the SHA-256 of its normalised text and of each of its
image files, so anyone can check a copy against the official site.

Reads SITEURL, MANIFEST_SAVE_AS ("manifest.json") and MANIFEST_CACHE_FILE
("cache/manifest-text.json", each bulletin's text hash kept between builds). List it after the plugins that write
images (share_images) so their files exist when it hashes them.
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
