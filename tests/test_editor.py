"""The form editor's configuration, format and page, without a browser: the configuration
covers every header key of the schema and offers exactly its choices; Warta's format in
warta-editor.js round-trips every sample bulletin so that the check sees the same bulletin;
the page is noindex, outside the sitemap, urls.txt and search, with its own CSP on its folder
alone; the pinned Decap build is refused when it does not match its integrity."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import PELICANCONF, ROOT, tasks

from warta.core import schema
from warta.core.model import STATUSES, TYPES, URGENCIES
from warta.core.schema import check_file
from warta.core.settings import rules_from
from warta.editor import bundle
from warta.editor.config import COLLECTION, LEFT_OUT, decap_config, form_keys, warta_facts
from warta.editor.generator import SETTINGS

DEFAULTS = {setting.key: setting.default for setting in SETTINGS}
SCRIPT = ROOT / "plugins" / "editor" / "warta-editor.js"
CACHE = ROOT / "cache" / "editor"


@pytest.fixture(scope="module")
def sample_rules():
    return rules_from(tasks.read_settings(tasks.CONFIG["settings_base"]))


def config_for(rules, **settings):
    return decap_config(rules, {**DEFAULTS, "SITEURL": "http://localhost:8000", **settings}, "bulletins")


def by_name(config) -> dict:
    collection = next(c for c in config["collections"] if c["name"] == COLLECTION)
    return {field["name"]: field for field in collection["fields"]}


def test_the_config_covers_every_header_key_of_the_schema(sample_rules):
    # Against the schema's own list: a key added to schema.KEYS fails here until the form has it.
    missing = set(schema.KEYS) - form_keys(config_for(sample_rules)) - set(LEFT_OUT)
    assert missing == set()
    assert form_keys(config_for(sample_rules)) <= set(schema.KEYS)


def test_the_choices_are_the_schemas(sample_rules):
    fields = by_name(config_for(sample_rules))
    assert [o["value"] for o in fields["type"]["options"]] == list(TYPES)
    assert [o["value"] for o in fields["urgency"]["options"]] == list(URGENCIES)
    assert [o["value"] for o in fields["status"]["options"]] == list(STATUSES)
    areas = fields["kecamatan"]["options"]
    assert [o["value"] for o in areas[1:]] == [a.code for a in sample_rules.regency.areas] and len(areas) == 31
    assert areas[0]["value"] == "semua" and sample_rules.regency.is_whole("semua")
    assert all(a.name in o["label"] for a, o in zip(sample_rules.regency.areas, areas[1:]))
    for key in schema.REQUIRED:
        assert fields[key]["required"] is True, key


def test_the_backends(sample_rules):
    gitlab = config_for(sample_rules, EDITOR_BACKEND="gitlab", EDITOR_REPO="diskominfo/warta",
                        EDITOR_GITLAB_APP_ID="0123456789abcdef0123")["backend"]
    assert gitlab["auth_type"] == "pkce" and gitlab["app_id"] == "0123456789abcdef0123"
    assert gitlab["api_root"] == "https://gitlab.com/api/v4"
    github = config_for(sample_rules, EDITOR_REPO="diskominfo/warta", EDITOR_AUTH_URL="https://auth.example.org")
    assert github["backend"]["base_url"] == "https://auth.example.org" and github["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in github


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_format_round_trips_every_sample_bulletin(sample_rules, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(warta_facts(sample_rules)), encoding="utf-8")
    files = sorted((ROOT / "content" / "bulletins").glob("*.md"))
    program = ("const w = require(process.argv[1]), fs = require('fs'), facts = JSON.parse(fs.readFileSync(process.argv[2]));"
               "const out = {}; for (const f of process.argv.slice(3)) out[f] = w.toFile(w.fromFile(fs.readFileSync(f, 'utf8'), facts), facts);"
               "process.stdout.write(JSON.stringify(out));")  # fmt: skip
    written = json.loads(subprocess.run(["node", "-e", program, str(SCRIPT), str(facts), *map(str, files)],
                                        capture_output=True, text=True, check=True).stdout)  # fmt: skip
    for path in files:
        before, problems_before = check_file(str(path), path.read_text(encoding="utf-8"), sample_rules)
        after, problems_after = check_file(str(path), written[str(path)], sample_rules)
        assert problems_after == problems_before, path.name
        if before is None:
            continue
        for attribute in ("title", "slug", "code", "type", "date", "modified", "areas", "whole_regency", "urgency",
                          "expires", "image", "image_alt", "video", "sources", "changes", "status",
                          "withdrawn_reason", "supersedes", "drill", "summary_text"):  # fmt: skip
            assert getattr(after, attribute) == getattr(before, attribute), (path.name, attribute)
        body = lambda text: text.split("\n\n", 1)[1].strip()  # noqa: E731
        assert body(written[str(path)]) == body(path.read_text(encoding="utf-8")), path.name


def test_a_tampered_bundle_is_refused(tmp_path):
    with pytest.raises(bundle.BundleError, match="sha512"):
        bundle.bundle(tmp_path, fetch=lambda url: b"not decap")
    assert not (tmp_path / f"decap-cms-{bundle.VERSION}" / bundle.MAIN).exists()


def test_an_unreachable_registry_is_one_indonesian_sentence(tmp_path):
    def offline(url):
        return bundle._download("http://127.0.0.1:9/decap-cms.tgz")

    with pytest.raises(bundle.BundleError, match="tidak bisa diunduh"):
        bundle.bundle(tmp_path, fetch=offline)


def test_the_editor_page_stays_out_of_public_lists(site, tmp_path):
    site.add("a.md", (ROOT / "content" / "bulletins" / "2020-06-08-layanan-tatap-muka-disdukcapil-dibuka-kembali.md")
             .read_text(encoding="utf-8"))
    output = site.build(EDITOR_ENABLED=True, EDITOR_CACHE_DIR=str(CACHE), PERMANENCE_PREVIOUS=None)
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page and "<script>" not in page
    assert (output / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert json.loads((output / "admin" / "kode.json").read_text()) == ["KRW-200608-01"]
    for listing in ("sitemap.xml", "urls.txt", "manifest.json"):
        assert "/admin/" not in (output / listing).read_text(encoding="utf-8"), listing
    for public in output.rglob("*.html"):
        if "admin" not in public.parts:
            assert "/admin/" not in public.read_text(encoding="utf-8"), public
    headers = (output / "_headers").read_text(encoding="utf-8")
    rule = headers.split("/admin/*\n", 1)[1].split("\n\n", 1)[0]
    assert "X-Robots-Tag: noindex" in rule and "'unsafe-eval'" in rule and "! Content-Security-Policy" in rule
    assert headers.count("'unsafe-eval'") == 1  # the relaxed policy is the editor folder's alone
    nginx = (output / "nginx-headers.conf").read_text(encoding="utf-8")
    assert nginx.count("'unsafe-eval'") == 1 and 'if ($uri ~ "^/admin/")' in nginx


def test_off_by_default(site):
    assert PELICANCONF.get("EDITOR_ENABLED", DEFAULTS["EDITOR_ENABLED"]) is False
    output = site.build(PERMANENCE_PREVIOUS=None)
    assert not (output / "admin").exists()
    assert "'unsafe-eval'" not in (output / "_headers").read_text(encoding="utf-8")
