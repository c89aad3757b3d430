"""Page cache: a page whose inputs did not change is not rendered again.

Pelican renders every page on every build. With thousands of bulletins most pages are the
same as last time, so the writer first computes a key for each page: a hash of the site
(theme and template overrides, plugins, settings, library versions, the project's data
files) and of every value the page's templates can read. The names come from the
templates themselves (Jinja's `meta` module, following extends, includes and imports), so a
template edit that reads a new variable changes the key by itself. Bulletins, lists,
dates, dataclasses and URL wrappers are fingerprinted by value; a value of any other kind
makes the page render as usual, so the cache can only ever skip work it understands.

A rendered page is kept in the cache folder under its key and hard-linked into the output.
When the live site a staging build replaces already holds that very file, the build writes
nothing for it (core.output.Output.place), so an unchanged page costs its key and two stats. A
page rendered again with the live file's bytes takes that file into the store. Entries no
build used are removed at the end of each build. Files that code writes rather than a
template (feeds, OPML, CAP alerts) go through the same store, keyed by the values they are
made from (`core.output.Output.write_generated`).

The folder also keeps what the keys and the rendering take from the templates themselves:
the names each template reads (by a digest of its source, so only an edited template is
parsed again) and Jinja's compiled code of each template (`compiled`, checked by Jinja
against the source), which every generator's environment shares.

The writer is Warta's whether the store is on or not: it also cuts lists into stable pages
(`core.pagination`), where Pelican's own writer numbers them from the newest.

Settings: PAGE_CACHE (on by default), PAGE_CACHE_DIR (relative to the project folder, the
one holding content/); also THEME, THEME_TEMPLATES_OVERRIDES, Warta's own code and every
other setting, as part of the key.
"""

from .writer import SETTINGS, register

__all__ = ["SETTINGS", "register"]
