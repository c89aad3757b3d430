"""A loopback static host for tests: serves a built site over HTTP on 127.0.0.1 the way
Netlify or Cloudflare Pages would, including the site's `_headers` rules.

`StaticHost` binds its port at once, so a site can be built with `SITEURL` set to the host's
origin before the host starts serving it.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path

MODES = ("netlify", "cloudflare")


def rule_pattern(path: str) -> re.Pattern:
    """A `_headers` path as both hosts match it: `:name` is one segment, `*` anything."""
    parts = []
    for part in path.strip("/").split("/"):
        if part.startswith(":"):
            parts.append("([^/]+)")
        elif part == "*":
            parts.append("?(.*)")
        else:
            parts.append(re.escape(part).replace(r"\*", "(.*)"))
    return re.compile("^/" + "/".join(p for p in parts if p) + "/?$")


def parse_headers_file(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]], list[str]]]:
    """(pattern, headers to set, headers to detach) for each rule of a `_headers` file."""
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((rule_pattern(line), [], []))
        elif line.startswith("!"):
            rules[-1][2].append(line[1:].strip())
        elif ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str, mode: str) -> dict[str, str]:
    """What the host sends for `path`. Every matching rule applies on both hosts. Netlify: a
    later rule's same-named header overrides, and it has no detach syntax (a `!` line has no
    colon and is skipped). Cloudflare Pages: same-named values are joined with commas, and
    `! Name` drops a header attached by another rule."""
    sent: dict[str, str] = {}
    detached: set[str] = set()
    owners: dict[str, set[int]] = {}
    for index, (pattern, headers, detach) in enumerate(rules):
        if not pattern.match(path):
            continue
        if mode == "cloudflare":
            detached |= {(name.lower(), index) for name in detach}
        for name, value in headers:
            key = name.lower()
            if mode == "cloudflare" and key in sent:
                sent[key] = f"{sent[key]}, {value}"
            else:
                sent[key] = value
            owners.setdefault(key, set()).add(index)
    for name, index in detached:
        if owners.get(name, set()) - {index}:
            sent.pop(name, None)
    return sent


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, mode=None, **kwargs):
        self.mode = mode
        super().__init__(*args, **kwargs)

    def end_headers(self):
        headers_file = Path(self.directory) / "_headers"
        if self.mode and headers_file.is_file():
            rules = parse_headers_file(headers_file.read_text(encoding="utf-8"))
            for name, value in headers_for(rules, self.path.split("?")[0], self.mode).items():
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # quiet: pytest shows failures, not every request
        pass


class StaticHost:
    """Serves `folder` on 127.0.0.1 (a free port) in a thread; `mode` applies `_headers`."""

    def __init__(self, folder: Path, mode: str | None = None):
        handler = functools.partial(_Handler, directory=str(folder), mode=mode)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.folder = Path(folder)

    def __enter__(self) -> StaticHost:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def served_sample(folder: Path, mode: str | None = "cloudflare"):
    """The bundled sample site, built with SITEURL = the host's origin and the golden clock,
    served by a `StaticHost`."""
    import tasks
    from conftest import ROOT

    host = StaticHost(folder, mode)
    # Feed entry ids are tag: URIs, which need a domain name rather than 127.0.0.1.
    overrides = {**tasks.GOLDEN_OVERRIDES, "SITEURL": host.origin, "SYNDICATION_TAG_AUTHORITY": "localhost"}
    try:
        tasks.build_site(ROOT / "pelicanconf.py", folder, overrides)
    except BaseException:
        host.server.server_close()
        raise
    with host:
        yield host
