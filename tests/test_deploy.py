"""The deploy core without servers: header tables, settings, the production-build check, the
CI plan (with a real git repository), and the `invoke publish --target` / `invoke deploy`
tasks in a copy of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import ROOT, bulletin_text
from warta.deploy import DeployConfigError, DeployError, HeaderRules, config_from, deploy_site, site_files
from warta.deploy.ci import is_due, plan
from deploy_servers import git, pages_project, start_moto

HOUR = "public, max-age=3600"
FIVE_MINUTES = "public, max-age=300"
YEAR = "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path, content_type, cache_control", [
    ("index.html", "text/html; charset=utf-8", FIVE_MINUTES),
    ("2021/03/vaksin/index.html", "text/html; charset=utf-8", FIVE_MINUTES),
    ("feeds/semua.rss.xml", "application/rss+xml; charset=utf-8", FIVE_MINUTES),
    ("feeds/kecamatan/32.15.05-klari.atom.xml", "application/atom+xml; charset=utf-8", FIVE_MINUTES),
    ("feeds/jenis/berita.json", "application/feed+json; charset=utf-8", FIVE_MINUTES),
    ("feeds/index.opml", "text/x-opml; charset=utf-8", FIVE_MINUTES),
    ("2021/02/banjir/alert.cap.xml", "application/cap+xml; charset=utf-8", FIVE_MINUTES),
    ("2021/02/banjir/oembed.json", "application/json; charset=utf-8", FIVE_MINUTES),
    ("manifest.json", "application/json; charset=utf-8", FIVE_MINUTES),
    ("sitemap.xml", "application/xml; charset=utf-8", FIVE_MINUTES),
    ("urls.txt", "text/plain; charset=utf-8", "no-cache"),
    ("sw.js", "text/javascript; charset=utf-8", "no-cache"),  # the service worker, at the root
    ("theme/js/sw.js", "text/javascript; charset=utf-8", HOUR),
    ("robots.txt", "text/plain; charset=utf-8", FIVE_MINUTES),
    ("site.webmanifest", "application/manifest+json; charset=utf-8", FIVE_MINUTES),
    ("2021/02/banjir/bagikan-og-0332e639.jpg", "image/jpeg", YEAR),  # an earlier version, still served
    ("2021/02/banjir/bagikan-og-0332e639.png", "image/png", YEAR),
    ("2021/02/banjir/bagikan-kartu-0332e639.json", "application/json; charset=utf-8", YEAR),
    ("2021/02/banjir/bagikan-poster-5e0d71a2.pdf", "application/pdf", YEAR),
    ("media/jadwal-posyandu.pdf", "application/pdf", HOUR),  # no content hash in the name
    ("images/2021/poster-640w-78634400a8.webp", "image/webp", YEAR),
    ("pagefind/fragment/id_3d28b1a.pf_fragment", "application/octet-stream", YEAR),
    ("pagefind/pagefind.id_c25df9f52f.pf_meta", "application/octet-stream", YEAR),
    ("pagefind/pagefind-entry.json", "application/json; charset=utf-8", FIVE_MINUTES),
    ("pagefind/pagefind.js", "text/javascript; charset=utf-8", HOUR),
    ("images/2021/poster-20210302.png", "image/png", HOUR),  # a date is not a content hash
    ("theme/css/warta.css", "text/css; charset=utf-8", HOUR),
    ("media/cuci-tangan.mp4", "video/mp4", HOUR),
    ("theme/img/ikon.svg", "image/svg+xml", HOUR),
    ("_headers", "text/plain; charset=utf-8", FIVE_MINUTES),
])  # fmt: skip
def test_content_type_and_cache_control_per_file(path, content_type, cache_control):
    headers = HeaderRules("feeds").headers(path)
    assert (headers.content_type, headers.cache_control) == (content_type, cache_control)


def test_extra_immutable_patterns_come_from_the_setting():
    rules = HeaderRules("feeds", (r"^theme/.*\.[0-9a-f]{8}\.css$",))
    assert rules.headers("theme/css/warta.0123abcd.css").cache_control == YEAR


def test_site_files_are_uploaded_assets_first_then_pages_then_feeds_and_indexes(tmp_path):
    for name in ("index.html", "urls.txt", "feeds/semua.atom.xml", "a/bagikan-og-0123abcd.jpg", "theme/w.css",
                 "a/index.html", "sitemap.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    order = [f.path for f in site_files(tmp_path, HeaderRules())]
    assert order == ["a/bagikan-og-0123abcd.jpg", "theme/w.css", "a/index.html", "index.html",
                     "feeds/semua.atom.xml", "sitemap.xml", "urls.txt"]  # fmt: skip


def test_environment_overrides_settings_and_empty_variables_count_as_unset():
    settings = {"SITEURL": "https://warta.example.go.id/", "DEPLOY_S3_BUCKET": "dari-setelan", "DEPLOY_S3_PREFIX": "/a/b/"}
    config = config_from(settings, {"WARTA_S3_BUCKET": "dari-env", "WARTA_S3_REGION": "", "WARTA_RSYNC_PORT": "2222"})
    assert (config.s3_bucket, config.s3_region, config.s3_prefix) == ("dari-env", None, "a/b/")
    assert config.rsync_port == 2222 and config.siteurl == "https://warta.example.go.id"
    assert config_from({}, {}).pages_max_bytes == 1_000_000_000  # GitHub Pages' limit
    assert config_from({"DEPLOY_PAGES_MAX_BYTES": 5000}, {"WARTA_PAGES_MAX_BYTES": "6000"}).pages_max_bytes == 6000


@pytest.mark.parametrize("settings, environ, message", [
    ({}, {"WARTA_RSYNC_PORT": "ssh"}, "setting DEPLOY_RSYNC_PORT (environment: WARTA_RSYNC_PORT) = 'ssh' is not "
                                      "allowed; use a whole number from 1 to 65535"),
    ({"DEPLOY_PAGES_AUTHOR": "Warta"}, {}, "setting DEPLOY_PAGES_AUTHOR = 'Warta' is not allowed; write it as "
                                           "'Name <email>'"),
    ({}, {"WARTA_PAGES_BRANCH": "-x"}, "setting DEPLOY_PAGES_BRANCH (environment: WARTA_PAGES_BRANCH) = '-x' is not "
                                       "allowed; use a git branch name such as 'gh-pages'"),
    ({"DEPLOY_IMMUTABLE": ("(",)}, {}, "setting DEPLOY_IMMUTABLE = '(' is not allowed; it is not a regular "
                                       "expression"),
    ({}, {"WARTA_PAGES_MAX_BYTES": "1GB"}, "setting DEPLOY_PAGES_MAX_BYTES (environment: WARTA_PAGES_MAX_BYTES) = "
                                          "'1GB' is not allowed; use a whole number from 1"),
])  # fmt: skip
def test_bad_settings_name_key_value_and_what_is_allowed(settings, environ, message):
    with pytest.raises(DeployConfigError) as caught:
        config_from(settings, environ)
    assert str(caught.value).startswith(message)


def site(folder: Path, siteurl: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (folder / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n", encoding="utf-8")
    return folder


def test_only_the_production_build_is_deployed(tmp_path):
    local = site(tmp_path / "output", "http://localhost:8000")
    settings = {"SITEURL": "https://warta.example.go.id", "DEPLOY_LOCAL_PATH": str(tmp_path / "www")}
    with pytest.raises(DeployError, match=r"was built for http://localhost:8000, not for https://warta\.example"
                                          r"\.go\.id; run `invoke publish`"):
        deploy_site(local, "local", settings, tmp_path, environ={})
    with pytest.raises(DeployError, match="holds no built site; run `invoke publish` first"):
        deploy_site(tmp_path / "kosong", "local", settings, tmp_path, environ={})
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("target, message", [
    (None, "no deploy target given; choose --target local | rsync | s3 | pages"),
    ("ftp", "unknown deploy target 'ftp'; choose --target local | rsync | s3 | pages"),
    ("local", "setting DEPLOY_LOCAL_PATH (environment: WARTA_DEPLOY_PATH) = None is not allowed; set it to the "
              "folder the web server serves"),
    ("rsync", "setting DEPLOY_RSYNC_DEST (environment: WARTA_RSYNC_DEST) = None is not allowed"),
    ("s3", "setting DEPLOY_S3_BUCKET (environment: WARTA_S3_BUCKET) = None is not allowed"),
])  # fmt: skip
def test_a_target_without_its_settings_says_which_to_set(tmp_path, target, message):
    output = site(tmp_path / "output", "https://warta.example.go.id")
    with pytest.raises(DeployError) as caught:
        deploy_site(output, target, {"SITEURL": "https://warta.example.go.id"}, tmp_path, environ={})
    assert str(caught.value).startswith(message)


# The CI plan

NOW = datetime(2021, 3, 10, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("record, due", [
    (None, True), ("none\n", False), ("2021-03-10T16:00:00+07:00\n", True), ("2021-03-10T16:01:00+07:00", False),
    ("2021-03-11T08:00:00+07:00", False), ("kemarin", True), ("2021-03-10T08:00:00", True),
])  # fmt: skip
def test_schedule_is_due_when_the_recorded_next_change_has_come(record, due):
    assert is_due(record, NOW)[0] is due
    assert plan("schedule", record=record, now=NOW)[0] == {"test": False, "build": due, "deploy": due}


@pytest.fixture
def repo(tmp_path):
    git("init", "--quiet", "--initial-branch=main", str(tmp_path))
    (tmp_path / "content" / "bulletins").mkdir(parents=True)
    (tmp_path / "tasks.py").write_text("# tasks\n", encoding="utf-8")
    return tmp_path


def commit(repo: Path, path: str, text: str) -> str:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")
    git("add", "--all", cwd=repo)
    git("-c", "user.name=Staf", "-c", "user.email=staf@localhost", "commit", "--quiet", "-m", path, cwd=repo)
    return git("rev-parse", "HEAD", cwd=repo).strip()


def test_a_push_of_content_only_publishes_at_once_and_a_push_of_code_tests_first(repo):
    first = commit(repo, "content/bulletins/a.md", bulletin_text())
    second = commit(repo, "content/bulletins/b.md", bulletin_text(code="KRW-200602-02"))
    assert plan("push", first, repo=repo)[0] == {"test": False, "build": True, "deploy": True}
    commit(repo, "data/redirects.txt", "/lama/ /baru/\n")
    assert plan("push", second, repo=repo)[0]["test"] is False
    commit(repo, "plugins/x.py", "# code\n")
    decision, why = plan("push", second, repo=repo)
    assert decision == {"test": True, "build": True, "deploy": True} and "plugins/x.py" in why
    # A new branch, or a before-commit git cannot find: test first.
    assert plan("push", "0" * 40, repo=repo)[0]["test"] is True
    assert plan("push", "1" * 40, repo=repo)[0]["test"] is True


def test_a_rename_counts_on_both_sides_and_the_plan_reads_no_file_contents(repo, tmp_path):
    """CI's plan job clones every commit and tree but no file contents, and keeps no
    credential to fetch one later: the plan must come from trees alone."""
    first = commit(repo, "plugins/x.py", "# code\n" * 20)
    git("mv", "plugins/x.py", "content/bulletins/x.md", cwd=repo)
    git("-c", "user.name=Staf", "-c", "user.email=staf@localhost", "commit", "--quiet", "-m", "mv", cwd=repo)
    edited = commit(repo, "content/bulletins/a.md", bulletin_text())
    commit(repo, "content/bulletins/a.md", bulletin_text().replace("\n\n", "\n\nDiperbarui.\n\n", 1))
    git("config", "uploadpack.allowFilter", "true", cwd=repo)
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--no-checkout", "--filter=blob:none", f"file://{repo}", str(clone))
    git("remote", "remove", "origin", cwd=clone)  # nothing can be fetched any more
    decision, why = plan("push", first, repo=clone)
    assert decision["test"] is True and "plugins/x.py" in why  # code moved into content/ is a code change
    assert plan("push", edited, repo=clone)[0] == {"test": False, "build": True, "deploy": True}


@pytest.mark.parametrize("event, expected", [
    ("pull_request", {"test": True, "build": True, "deploy": False}),
    ("merge_request_event", {"test": True, "build": True, "deploy": False}),
    ("workflow_dispatch", {"test": True, "build": True, "deploy": True}),
    ("web", {"test": True, "build": True, "deploy": True}),
])  # fmt: skip
def test_reviews_never_deploy_and_manual_runs_do_everything(event, expected):
    assert plan(event, now=NOW)[0] == expected


def test_plan_command_prints_lines_for_github_outputs_and_gitlab_dotenv(tmp_path):
    record = tmp_path / ".next-change"
    record.write_text("2999-01-01T00:00:00+07:00\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "deploy/ci.py", "plan", "--event", "schedule", "--record", str(record)],
                          cwd=ROOT, capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.splitlines() == ["WARTA_TEST=false", "WARTA_BUILD=false", "WARTA_DEPLOY=false"]
    assert "plan: the next change is at 2999-01-01T00:00:00+07:00" in done.stderr


# The tasks, in a copy of the project

# Everything the tasks import: the top-level Python files and these folders.
PROJECT_DIRS = ("theme", "data")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    for path in ROOT.glob("*.py"):
        shutil.copy(path, root / path.name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "content" / "pages", root / "content" / "pages")
    (root / "content" / "bulletins").mkdir()
    (root / "content" / "bulletins" / "a.md").write_text(bulletin_text(), encoding="utf-8")
    return root


def invoke(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The tasks in English (WARTA_LANG=en), whose messages these tests compare."""
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COLUMNS": "400", "WARTA_SITEURL": "http://localhost:8000",
               "WARTA_LANG": "en",
               "AWS_ACCESS_KEY_ID": "warta-test", "AWS_SECRET_ACCESS_KEY": "warta-test-secret", **env}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, env=environ, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_invoke_publish_with_a_target_builds_deploys_and_a_second_deploy_uploads_nothing(project, tmp_path):
    www = tmp_path / "www"
    published = invoke(project, "publish", "--previous", "none", "--target", "local", WARTA_DEPLOY_PATH=str(www))
    assert published.returncode == 0, published.stderr
    assert "Built output/ for production." in published.stdout
    assert f"Deployed to {www} (local): " in published.stdout and "WebSub is off" in published.stdout
    assert (www / "index.html").read_bytes() == (project / "output" / "index.html").read_bytes()
    again = invoke(project, "deploy", "--target", "local", "--no-ping", WARTA_DEPLOY_PATH=str(www))
    assert again.returncode == 0, again.stderr
    assert "0 file(s) uploaded" in again.stdout and "nothing deleted" in again.stdout


def test_invoke_deploy_that_fails_exits_non_zero_with_the_reason(project, tmp_path):
    assert invoke(project, "publish", "--previous", "none", "--no-ping").returncode == 0
    endpoint_server = start_moto(tmp_path)
    endpoint = next(endpoint_server)
    try:
        failed = invoke(project, "deploy", "--target", "s3", WARTA_S3_BUCKET="tidak-ada", WARTA_S3_ENDPOINT=endpoint,
                        WARTA_S3_REGION="us-east-1")  # fmt: skip
    finally:
        endpoint_server.close()
    assert failed.returncode == 1
    assert (f"Deploy failed: s3://tidak-ada/ at {endpoint}: the bucket does not exist (NoSuchBucket); create it or "
            "fix DEPLOY_S3_BUCKET (WARTA_S3_BUCKET).") in failed.stderr  # fmt: skip
    assert "Traceback" not in failed.stderr
    unknown = invoke(project, "deploy", "--target", "ftp")
    assert unknown.returncode == 1 and "choose --target local | rsync | s3 | pages" in unknown.stderr


def test_invoke_deploy_to_pages_refuses_a_site_over_the_limit_and_warns_near_it(project, tmp_path):
    assert invoke(project, "publish", "--previous", "none", "--no-ping").returncode == 0
    _, bare = pages_project(tmp_path)
    size = sum(p.stat().st_size for p in (project / "output").rglob("*") if p.is_file())
    refused = invoke(project, "deploy", "--target", "pages", "--no-ping", WARTA_PAGES_REMOTE=str(bare),
                     WARTA_PAGES_MAX_BYTES=str(size // 2))  # fmt: skip
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"Deploy failed: the site at {bare} (branch gh-pages) would be " in refused.stderr
    assert f"(DEPLOY_PAGES_MAX_BYTES = {size // 2:,}); largest: " in refused.stderr
    assert "nothing was pushed." in refused.stderr
    assert git("--git-dir", str(bare), "branch", "--list").strip() == ""
    near = invoke(project, "deploy", "--target", "pages", "--no-ping", WARTA_PAGES_REMOTE=str(bare),
                  WARTA_PAGES_MAX_BYTES=str(size * 10 // 9))  # fmt: skip
    assert near.returncode == 0, near.stderr
    assert f"Deployed to {bare} (branch gh-pages) (pages): " in near.stdout
    assert f"Warning: the site at {bare} (branch gh-pages) is " in near.stdout
    assert "% of the GitHub Pages limit of " in near.stdout
    assert "index.html" in git("--git-dir", str(bare), "ls-tree", "--name-only", "gh-pages").split()
