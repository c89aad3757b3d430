"""Loopback static hosts for tests: serve a built site over HTTP on 127.0.0.1 the way
Netlify or Cloudflare Pages would, including the site's `_headers` rules (`StaticHost`), or
with a real nginx that includes the site's `nginx-headers.conf` (`NginxHost`).

Both pick their port at once, so a site can be built with `SITEURL` set to the host's origin
before the host starts serving it.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
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


def frame_ancestors(headers) -> list[str]:
    """The `frame-ancestors` sources of every Content-Security-Policy sent, however many
    headers or comma-joined policies carry them."""
    values = headers.get_all("Content-Security-Policy") if hasattr(headers, "get_all") else None
    if values is None:
        value = headers.get("content-security-policy") or headers.get("Content-Security-Policy")
        values = [value] if value else []
    found = []
    for value in values:
        for policy in value.split(","):
            for directive in policy.split(";"):
                name, _, sources = directive.strip().partition(" ")
                if name.lower() == "frame-ancestors":
                    found.append(sources.strip())
    return found


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


def wait_until_serving(origin: str, tries: int = 200) -> None:
    """Return once `origin` answers HTTP at all (an error status counts as an answer)."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"{origin}/", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)


def nginx_binary() -> str:
    """Debian's nginx; skips the test when it is missing, unless WARTA_REQUIRE_TOOLS is set."""
    import pytest

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(nginx, os.X_OK):
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail("this test needs nginx: apt-get install nginx-light")
        pytest.skip("nginx not installed: apt-get install nginx-light")
    return nginx


class NginxHost:
    """A real nginx serving `folder` on 127.0.0.1 with `include <folder>/nginx-headers.conf;`,
    its own configuration and logs in `workdir`. `extra` goes into the server block; `user`
    is the worker's `user` directive (root's own by default when the tests run as root)."""

    def __init__(self, folder: Path, workdir: Path, extra: str = "", user: str | None = None):
        self.nginx = nginx_binary()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.folder, self.workdir, self.extra = Path(folder), Path(workdir), extra
        self.user = user or ("root" if os.geteuid() == 0 else None)
        self.process = None

    def __enter__(self) -> NginxHost:
        work = self.workdir
        work.mkdir(parents=True, exist_ok=True)
        temp = {name: work / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        conf = work / "nginx.conf"
        conf.write_text(f"""
{f"user {self.user};" if self.user else ""}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]}; proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]}; uwsgi_temp_path {temp["uwsgi"]}; scgi_temp_path {temp["scgi"]};
    types {{ text/html html; application/json json; }}
    server {{
        listen 127.0.0.1:{self.port};
        root {self.folder};
        {f"include {self.folder}/nginx-headers.conf;" if (self.folder / "nginx-headers.conf").is_file() else ""}
        {self.extra}
    }}
}}
""", encoding="utf-8")  # fmt: skip
        check = subprocess.run([self.nginx, "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([self.nginx, "-c", str(conf), "-p", str(work)], stderr=subprocess.PIPE)
        wait_until_serving(self.origin)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def build_sample(folder: Path, origin: str, overrides: dict | None = None) -> Path:
    """The bundled sample site, built with SITEURL = `origin` and the golden clock (and any
    other `overrides`)."""
    from conftest import tasks
    from conftest import ROOT

    # Feed entry ids are tag: URIs, which need a domain name rather than 127.0.0.1.
    overrides = {**tasks.GOLDEN_OVERRIDES, "SITEURL": origin, "SYNDICATION_TAG_AUTHORITY": "localhost", **(overrides or {})}
    return tasks.build_site(ROOT / "pelicanconf.py", folder, overrides)


@contextmanager
def served_sample(folder: Path, mode: str | None = "cloudflare", overrides: dict | None = None):
    """The bundled sample site, built for and served by a `StaticHost`."""
    host = StaticHost(folder, mode)
    try:
        build_sample(folder, host.origin, overrides)
    except BaseException:
        host.server.server_close()
        raise
    with host:
        yield host


@contextmanager
def served_sample_by_nginx(folder: Path, workdir: Path, extra: str = ""):
    """The bundled sample site, built for and served by an `NginxHost`."""
    host = NginxHost(folder, workdir, extra)
    build_sample(folder, host.origin)
    with host:
        yield host
