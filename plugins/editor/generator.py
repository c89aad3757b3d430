"""Write the form editor under EDITOR_DIR (admin/ by default) when EDITOR_ENABLED is set.

The page is made from the schema and the settings alone: no bulletin text reaches it, only
the list of codes in use (`kode.json`), so that the form can offer the next free code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from pelican import signals
from pelican.generators import Generator

from warta.core.headers import FOLDER_HEADERS_KEY, FolderHeaders
from warta.core.output import output_of
from warta.core.registry import Setting, accept, is_relative_path, matching, optional
from warta.core.settings import declare, project_root
from warta.core.site import INDEX_KEY, RULES_KEY

from . import bundle
from .config import decap_config, warta_facts

SCRIPT = Path(__file__).with_name("warta-editor.js")
CODES = "kode.json"
CONFIG = "config.json"


def _is_url(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"https?://[^\s/]+(/\S*)?", value) is not None


SETTINGS = (
    Setting("EDITOR_ENABLED", False, accept(lambda v: isinstance(v, bool), "use True or False"),
            "Publish the form editor (Decap CMS) under EDITOR_DIR; off by default, never linked from public pages."),
    Setting("EDITOR_DIR", "admin", matching(r"[a-z0-9_-]+", "use one folder name of lowercase letters, digits, '-' and '_', e.g. 'admin'"),
            "The folder of the form editor page."),
    Setting("EDITOR_BACKEND", "github", accept(lambda v: v in ("github", "gitlab"), "use 'github' or 'gitlab'"),
            "Where the editor opens its pull or merge requests: 'github' or 'gitlab'."),
    Setting("EDITOR_REPO", None, optional(matching(r"[\w.-]+(/[\w.-]+)+", "use 'owner/name' (GitLab: 'group/project')")),
            "The repository the editor writes to, e.g. 'diskominfo-karawang/warta'."),
    Setting("EDITOR_BRANCH", "main", matching(r"[\w./-]+", "use a branch name, e.g. 'main'"),
            "The branch the editor's pull or merge requests go into (the one CI publishes)."),
    Setting("EDITOR_AUTH_URL", None, optional(accept(_is_url, "use an https:// address")),
            "GitHub only: the OAuth provider that signs staff in (Decap's base_url); GitHub has no sign-in without one."),
    Setting("EDITOR_GITLAB_URL", "https://gitlab.com", accept(_is_url, "use the GitLab server's https:// address"),
            "GitLab only: the GitLab server (gitlab.com or the office's own)."),
    Setting("EDITOR_GITLAB_APP_ID", None, optional(matching(r"[0-9a-f]{16,128}", "use the application ID GitLab shows")),
            "GitLab only: the ID of the GitLab application staff sign in with (PKCE, no server needed)."),
    Setting("EDITOR_LOCAL_BACKEND", None, optional(accept(_is_url, "use the decap-server address, e.g. 'http://localhost:8081/api/v1'")),
            "The local decap-server the editor writes through instead of GitHub or GitLab (`invoke editor` sets it)."),
    Setting("EDITOR_CACHE_DIR", "cache/editor", accept(lambda v: isinstance(v, str) and bool(v), "use a folder, relative to the project folder"),
            "Where the pinned Decap CMS build is kept once fetched; relative to the project folder."),
)  # fmt: skip


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(settings) -> str:
    """The editor page's Content-Security-Policy: the site's, plus what Decap needs there
    alone: eval (it compiles its configuration schema), the backend's API, and images from
    the repository (blob:) and the signed-in account (https:)."""
    connect = ["'self'"]
    if settings["EDITOR_BACKEND"] == "gitlab":
        connect.append(_origin(settings["EDITOR_GITLAB_URL"]))
    else:
        connect.append("https://api.github.com")
        if settings["EDITOR_AUTH_URL"]:
            connect.append(_origin(settings["EDITOR_AUTH_URL"]))
    if settings["EDITOR_LOCAL_BACKEND"]:
        connect.append(_origin(settings["EDITOR_LOCAL_BACKEND"]))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        f"connect-src {' '.join(connect)}",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))  # fmt: skip


PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>Editor buletin · {sitename}</title>
<style>
/* Decap's editor keeps 800 px for the form and its toolbar; staff also write on phones. */
@media (max-width: 799px) {{
  [class*="EditorContainer"], [class*="ToolbarContainer"] {{ min-width: 0 !important; }}
  [class*="ControlPaneContainer"] {{ padding: 0 12px !important; }}
  [class*="ToolbarContainer"] {{ overflow-x: auto; }}
}}
</style>
<script src="warta-editor.js" defer></script>
<script src="decap-cms.js" defer></script>
</head>
<body>
<noscript><p>Editor buletin memerlukan JavaScript. Aktifkan JavaScript, atau tulis buletin dengan
<code>invoke new</code> seperti dijelaskan di panduan staf.</p></noscript>
</body>
</html>
"""


def codes(context) -> list[str]:
    """Every code written in a bulletin file, drafts and withdrawn ones included: none is reused."""
    index = context.get(INDEX_KEY, {})
    return sorted({bulletin.code for bulletin in index.values() if bulletin is not None and bulletin.code})


class EditorGenerator(Generator):
    def generate_context(self) -> None:
        if not self.settings["EDITOR_ENABLED"]:
            return
        folder = self.settings["EDITOR_DIR"]
        headers = (("Content-Security-Policy", policy(self.settings)), ("X-Robots-Tag", "noindex, nofollow"))
        found = self.context.setdefault(FOLDER_HEADERS_KEY, [])
        found.append(FolderHeaders(f"{folder}/", headers, note="The form editor: Decap CMS needs eval and its "
                                   "backend's API, on this folder alone; never indexed."))

    def generate_output(self, writer) -> None:
        if not self.settings["EDITOR_ENABLED"]:
            return
        folder, output = self.settings["EDITOR_DIR"], output_of(self.settings)
        cache = project_root(self.settings) / self.settings["EDITOR_CACHE_DIR"]
        source = bundle.bundle(cache)
        for path in sorted(source.iterdir()):
            if bundle.published(path.name):
                output.place(path, f"{folder}/{path.name}")
        rules = self.context[RULES_KEY]
        article_folder = self.settings["ARTICLE_PATHS"][0].strip("/")
        config = {"decap": decap_config(rules, self.settings, article_folder), "warta": warta_facts(rules)}
        output.write(f"{folder}/{CONFIG}", json.dumps(config, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        output.write(f"{folder}/{CODES}", json.dumps(codes(self.context), indent=0) + "\n")
        output.write(f"{folder}/{SCRIPT.name}", SCRIPT.read_text(encoding="utf-8"))
        output.write(f"{folder}/index.html", PAGE.format(sitename=escape(self.settings["SITENAME"])))


def keep_out_of_url_list(pelican) -> None:
    """The editor is a tool, not a published URL: urls.txt leaves it out, so turning it off
    later is no vanished URL."""
    settings = pelican.settings  # checked and filled by `declare` before this runs
    if settings["EDITOR_ENABLED"] and "PERMANENCE_IGNORE" in settings:  # the permanence plugin is on
        pattern = f"{settings['EDITOR_DIR']}/*"
        ignored = tuple(settings["PERMANENCE_IGNORE"])
        if pattern not in ignored:
            settings["PERMANENCE_IGNORE"] = (*ignored, pattern)


def get_generators(pelican):
    return EditorGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(keep_out_of_url_list)
    signals.get_generators.connect(get_generators)
