"""The framing policy for static hosts: embed cards may be framed by any site, no other page.

One table of rules, two thin serialisers: `_headers` (Netlify, Cloudflare Pages) and an nginx
snippet. On both of those hosts every matching `_headers` rule applies, so the card rule
cannot simply override the site-wide one:

- Cloudflare Pages joins same-named headers from several rules with commas, and two
  `Content-Security-Policy` values are two policies that must both pass. So the site-wide
  rule sends only `X-Frame-Options: DENY`, the card rule sends `Content-Security-Policy:
  frame-ancestors *` (a different header) and detaches the inherited `X-Frame-Options` with
  Cloudflare's `! X-Frame-Options` line.
- Netlify skips that `!` line (it has no `:`), so a card gets both headers there; browsers
  ignore `X-Frame-Options` whenever a `frame-ancestors` directive is present (CSP Level 2,
  HTML's navigation rules), so the card can still be framed.
- nginx drops server-level `add_header`s inside a `location` that has its own, so the card
  location sends only its policy and every other page gets both DENY headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .settings import CARD_PATH, OEMBED_FILE

ANY = None  # one path segment, whatever it is
BELOW = "*"  # anything further down


@dataclass(frozen=True)
class Rule:
    path: tuple[str | None, ...]  # () is every path
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # inherited headers to drop (Cloudflare Pages syntax)
    note: str = ""
    nginx_only: tuple[tuple[str, str], ...] = ()  # where only nginx can override them cleanly


def bulletin_segments(article_url: str) -> tuple[str | None, ...]:
    """ARTICLE_URL's folders, each pattern part ("{date:%Y}", "{slug}") as one any-segment."""
    return tuple(ANY if "{" in part else part for part in article_url.strip("/").split("/"))


def framing_rules(article_url: str) -> list[Rule]:
    bulletin = bulletin_segments(article_url)
    return [
        Rule((), (("X-Frame-Options", "DENY"),), note="No page may be framed by another site...",
             nginx_only=(("Content-Security-Policy", "frame-ancestors 'none'"),)),
        Rule((*bulletin, CARD_PATH.strip("/"), BELOW), (("Content-Security-Policy", "frame-ancestors *"),),
             detach=("X-Frame-Options",), note="...except the embed cards, by any site."),
        Rule((*bulletin, OEMBED_FILE), (("Access-Control-Allow-Origin", "*"),),
             note="oEmbed files may be read by scripts on any site."),
    ]  # fmt: skip


def _headers_path(path) -> str:
    if not path:
        return "/*"
    names = iter(f":p{n}" for n in range(1, len(path) + 1))
    return "/" + "/".join(next(names) if part is ANY else part for part in path)


def netlify_headers(rules: list[Rule]) -> str:
    """`_headers` for Netlify and Cloudflare Pages (see the module docstring)."""
    blocks = ["# Framing policy written by Warta's embeds plugin (Netlify, Cloudflare Pages)."]
    for rule in rules:
        lines = [f"# {rule.note}", _headers_path(rule.path)]
        lines += [f"  ! {name}" for name in rule.detach]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _location(path) -> str:
    parts = ["[^/]+" if part is ANY else re.escape(part) for part in path if part != BELOW]
    return "^/" + "/".join(parts) + ("/" if path[-1] == BELOW else "$")


def nginx_conf(rules: list[Rule]) -> str:
    """An nginx snippet to include in the `server` block that serves the built site."""
    lines = [
        "# Framing policy written by Warta's embeds plugin. Include it in the server block that",
        "# serves the built site:  include /path/to/site/nginx-headers.conf;",
        "# nginx drops server-level add_header lines inside any location that has its own, so",
        "# each location below sends only its own headers.",
    ]
    for rule in rules:
        sets = [f'add_header {name} "{value}" always;' for name, value in (*rule.headers, *rule.nginx_only)]
        if not rule.path:
            lines += ["", f"# {rule.note}", *sets]
        else:
            lines += ["", f"# {rule.note}", f"location ~ {_location(rule.path)} {{", *(f"    {s}" for s in sets), "}"]
    return "\n".join(lines) + "\n"
