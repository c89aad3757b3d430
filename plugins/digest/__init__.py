"""Email digests: a daily digest per scope for mailing lists, written by the build, sent by `invoke digest`.

The build (this plugin, which holds no secret) writes into the outbox, for each scope named in
DIGEST_SCOPES (scopes as the feeds name them: semua, penting, jenis/…, topik/…, kecamatan/…)
and each of the DIGEST_DAYS complete days before the build's day that has something new, an
email-safe HTML and a plain-text digest in Bahasa Indonesia, plus an index (see generator).
The sending side (`send`, run by `invoke digest` in the deploy job) reads only the outbox,
output/ and the ledger, and posts each digest not yet sent to its list over SMTP.

Settings: DIGEST_SCOPES, DIGEST_FROM, DIGEST_DAYS (declared in settings.SETTINGS); reads
SITEURL, SITENAME, TIMEZONE, BULLETINS_NOW, OUTBOX_PATH, VERIFICATION_URL and
VERIFICATION_INDEX_URL.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
