"""Verification lookup: every bulletin's code resolves on the official site.

Writes `cek/<CODE>/` for each published bulletin (is it current, updated since, expired or
withdrawn, with links to the canonical page and any replacement), `cek/` with a code form,
the forwarded-message checker (a small optional script that matches a pasted message to its
bulletin through the search index and compares it with `cek/<CODE>/teks.json`, the
bulletin's official text and state) and a no-JS list of every code, and `cek/index.json`
that the script reads. Share images print their QR code to `cek/<CODE>/`.

Settings: VERIFICATION_URL ("cek/{code}/", the core's), VERIFICATION_SAVE_AS, VERIFICATION_INDEX_URL
("cek/"), VERIFICATION_INDEX_SAVE_AS, VERIFICATION_JSON ("cek/index.json"), VERIFICATION_TEXT_JSON
("cek/{code}/teks.json").
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
