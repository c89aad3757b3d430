"""Response headers for static hosts: security, framing, content types and caching.

One table of path rules, two thin serialisers: `_headers` (Netlify, Cloudflare Pages) and an
nginx snippet. Content types and cache classes are not repeated here: they come from
`core.headers.HeaderRules`, the table the S3 target uploads with.

Security: every page gets `CSP` (same-origin script and WebAssembly only, no inline script,
no plugins, no foreign base or form target), `X-Content-Type-Options: nosniff` and a
`Referrer-Policy`.

Framing: embed cards may be framed by any site, no other page. On Netlify and Cloudflare
Pages every matching `_headers` rule applies, so the card rule cannot simply override the
site-wide one:

- Cloudflare Pages joins same-named headers from several rules with commas, and two
  `Content-Security-Policy` values are two policies that must both pass. So the site-wide
  policy carries no `frame-ancestors` (its `X-Frame-Options: DENY` forbids framing), the card
  rule sends the same policy with `frame-ancestors *` and detaches the inherited
  `X-Frame-Options` with Cloudflare's `! X-Frame-Options` line. Both policies allow the
  card's own scripts; only the second speaks of framing.
- Netlify serves the most specific rule's value of a header and skips the `!` line (it has
  no `:`), so a card gets its own policy and `X-Frame-Options: DENY`; browsers ignore
  `X-Frame-Options` whenever a `frame-ancestors` directive is present (CSP Level 2, HTML's
  navigation rules), so the card can still be framed.
- nginx has one policy per path: every page but the cards gets `frame-ancestors 'none'`
  merged into its policy, besides `X-Frame-Options: DENY`.

Content types and Cache-Control in `_headers` are one rule per suffix of the content-type
table (`/*.rss.xml`), the feeds folder's JSON (`/feeds/*.json`) and the literal names of the
cache table (`/urls.txt`). Where two such rules overlap (`/*.xml` and `/*.rss.xml`) with
different values, the more general rule leaves that header to the host, since Cloudflare
would join both values. Pretty URLs (`/2020/06/slug/`) match no suffix: pages keep the
hosts' own Cache-Control (revalidate every time; both purge their CDN on each deploy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.core.headers import CACHE_CONTROL, TYPES, HeaderRules

from .settings import CARD_PATH, OEMBED_FILE

ANY = None  # one path segment, whatever it is
BELOW = "*"  # anything further down

# Same-origin script and WebAssembly (Pagefind's search), no inline script or event handler,
# no plugins; inline style stays allowed (the embed card is self-contained, share links and
# the blockquote snippet carry style attributes).
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))  # fmt: skip
SECURITY = (
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


@dataclass(frozen=True)
class Rule:
    path: tuple[str | None, ...]  # () is every path
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # inherited headers to drop (Cloudflare Pages syntax)
    note: str = ""
    nginx: tuple[tuple[str, str], ...] = ()  # values nginx sends instead, by header name


def bulletin_segments(article_url: str) -> tuple[str | None, ...]:
    """ARTICLE_URL's folders, each pattern part ("{date:%Y}", "{slug}") as one any-segment."""
    return tuple(ANY if "{" in part else part for part in article_url.strip("/").split("/"))


def framing_rules(article_url: str) -> list[Rule]:
    bulletin = bulletin_segments(article_url)
    return [
        Rule((), SECURITY, note="Every page: same-origin script only, and no site may frame it...",
             nginx=(("Content-Security-Policy", f"{CSP}; frame-ancestors 'none'"),)),
        Rule((*bulletin, CARD_PATH.strip("/"), BELOW), (("Content-Security-Policy", f"{CSP}; frame-ancestors *"),),
             detach=("X-Frame-Options",), note="...except the embed cards, by any site."),
        Rule((*bulletin, OEMBED_FILE), (("Access-Control-Allow-Origin", "*"),),
             note="oEmbed files may be read by scripts on any site."),
    ]  # fmt: skip


def folder_rules(folders) -> list[Rule]:
    """Rules for the folders other capabilities send their own headers for (core.headers.
    FolderHeaders). A replaced header is detached first, or Cloudflare Pages would send the
    site-wide value too (two policies that must both pass)."""
    site_wide = {name for name, _ in SECURITY}
    return [Rule((*folder.folder.strip("/").split("/"), BELOW), folder.headers,
                 detach=tuple(name for name, _ in folder.headers if name in site_wide), note=folder.note)
            for folder in folders]  # fmt: skip


def _headers_path(path) -> str:
    if not path:
        return "/*"
    names = iter(f":p{n}" for n in range(1, len(path) + 1))
    return "/" + "/".join(next(names) if part is ANY else part for part in path)


def _literal(pattern: str) -> str | None:
    """The one site path an anchored pattern without wildcards matches (`^urls\\.txt$`)."""
    if pattern.startswith("^") and pattern.endswith("$"):
        body = pattern[1:-1]
        text = re.sub(r"\\(.)", r"\1", body)
        if re.escape(text) == body:
            return text
    return None


def _covers(general: str, specific: str) -> bool:
    """Whether every path the single-splat glob `specific` matches, `general` matches too."""
    g_head, _, g_tail = general.partition("*")
    if "*" not in specific:
        return (specific == general) if "*" not in general else (
            specific.startswith(g_head) and specific.endswith(g_tail) and len(specific) >= len(g_head + g_tail))
    s_head, _, s_tail = specific.partition("*")
    return "*" in general and s_head.startswith(g_head) and s_tail.endswith(g_tail)


def type_rules(rules: HeaderRules) -> list[tuple[str, list[tuple[str, str]]]]:
    """`_headers` rules for content types and Cache-Control, from the deploy table."""
    feeds = f"/{rules.feeds_prefix}*.json"
    paths = [f"/*{suffix}" for suffix in sorted(TYPES)] + [feeds]
    paths += [f"/{name}" for _, patterns in rules.classes for p in patterns if (name := _literal(p.pattern))]
    wanted = {}
    for path in paths:
        probe = path.lstrip("/").replace("*", "x")
        headers = rules.headers(probe)
        wanted[path] = {"Content-Type": headers.content_type, "Cache-Control": headers.cache_control}
        if "*" not in path:  # a literal name keeps the host's content type
            del wanted[path]["Content-Type"]
    for general in paths:
        for specific in paths:
            if specific == general or not _covers(general, specific):
                continue
            for name in list(wanted[specific]):
                if name in wanted[general] and wanted[general][name] == wanted[specific][name]:
                    del wanted[specific][name]  # the general rule already sends it
    for general in paths:
        for specific in paths:
            if specific != general and _covers(general, specific):
                for name in wanted[specific]:
                    wanted[general].pop(name, None)  # Cloudflare would join the two values
    return [(path, sorted(wanted[path].items())) for path in paths if wanted[path]]


def netlify_headers(rules: list[Rule], table: HeaderRules) -> str:
    """`_headers` for Netlify and Cloudflare Pages (see the module docstring)."""
    blocks = ["# Response headers written by Warta's embeds plugin (Netlify, Cloudflare Pages)."]
    for rule in rules:
        lines = [f"# {rule.note}", _headers_path(rule.path)]
        lines += [f"  ! {name}" for name in rule.detach]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
        blocks.append("\n".join(lines))
    blocks.append("# Content types and caching, as the deploy targets upload them.")
    for path, headers in type_rules(table):
        blocks.append("\n".join([path, *(f"  {name}: {value}" for name, value in headers)]))
    return "\n\n".join(blocks) + "\n"


def _location(path) -> str:
    parts = ["[^/]+" if part is ANY else re.escape(part) for part in path if part != BELOW]
    return "^/" + "/".join(parts) + ("/" if path[-1] == BELOW else "$")


def _on_uri(pattern: str) -> str:
    """A pattern on a site path (`urls.txt`) as one on nginx's `$uri` (`/urls.txt`)."""
    return re.sub(r"(?<![\\\[])\^", "^/", pattern)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_conf(rules: list[Rule], table: HeaderRules) -> str:
    """An nginx snippet to include in the `server` block that serves the built site.

    Every header is sent by server-level `add_header` lines whose values are variables set
    per path with `if ($uri ~ …)` (an empty value sends nothing), so no `location` needs an
    `add_header` of its own, which would drop the others. The locations only set content
    types. `$uri` is matched again after nginx maps `/slug/` to `/slug/index.html`.
    """
    lines = [
        "# Response headers written by Warta's embeds plugin. Include it in the server block that",
        "# serves the built site:  include /path/to/site/nginx-headers.conf;",
    ]
    names = {}  # header name -> variable
    for rule in rules:
        for name, _ in (*rule.headers, *rule.nginx):
            names.setdefault(name, "$warta_" + re.sub(r"\W", "_", name.lower()))
    names["Cache-Control"] = "$warta_cache_control"
    for rule in rules:
        values = {**dict(rule.headers), **dict(rule.nginx)}
        sets = [f"set {names[name]} {_quoted(value)};" for name, value in values.items()]
        sets += [f'set {names[name]} "";' for name in rule.detach if name not in values]  # nginx: one value per path
        if not rule.path:
            lines += ["", f"# {rule.note}", *sets]
        else:
            lines += ["", f"# {rule.note}", f"if ($uri ~ {_quoted(_location(rule.path))}) {{",
                      *(f"    {s}" for s in sets), "}"]  # fmt: skip
    lines += ["", "# Caching as the deploy targets upload: the first class that matches wins, so the",
              "# classes are tried last to first.", f"set $warta_cache_control {_quoted(CACHE_CONTROL['asset'])};"]  # fmt: skip
    for cache, patterns in reversed(table.classes):
        for pattern in patterns:
            lines.append(f"if ($uri ~ {_quoted(_on_uri(pattern.pattern))}) {{ "
                         f"set $warta_cache_control {_quoted(CACHE_CONTROL[cache])}; }}")  # fmt: skip
    lines += ["", *(f"add_header {name} {variable} always;" for name, variable in names.items())]
    lines += ["", "# Content types as the deploy targets upload them, longest suffix first."]
    suffixes = sorted(TYPES, key=lambda s: (-len(s), s))
    feeds = table.feeds_prefix
    lines.append(f"location ~ {_quoted('^/' + re.escape(feeds) + '.*[.]json$')} "
                 f"{{ types {{ }} default_type {_quoted(table.content_type(feeds + 'x.json'))}; }}")  # fmt: skip
    for suffix in suffixes:
        lines.append(f"location ~ {_quoted(re.escape(suffix) + '$')} "
                     f"{{ types {{ }} default_type {_quoted(table.content_type('x' + suffix))}; }}")  # fmt: skip
    return "\n".join(lines) + "\n"
