"""URL permanence: a URL that was once published never silently disappears.

Every build writes `urls.txt`, the sorted list of its public URLs. When PERMANENCE_PREVIOUS
names an earlier list (a file path or the live site's `…/urls.txt`), a URL missing from this
build fails it, naming the URL and the two fixes: withdraw the bulletin, or add a redirect.
Redirects live in one data file (PERMANENCE_REDIRECTS_FILE, lines `/old/ /new/`) and produce
a static redirect page (meta refresh, link, rel=canonical) plus `_redirects` (Netlify,
Cloudflare Pages) and `nginx-redirects.conf` entries.

Settings: PERMANENCE_PREVIOUS (None), PERMANENCE_REDIRECTS_FILE ("data/redirects.txt"),
PERMANENCE_URLS_SAVE_AS ("urls.txt"), PERMANENCE_IGNORE (host configuration files that are
not public URLs).
"""

from .guard import SETTINGS, register

__all__ = ["SETTINGS", "register"]
