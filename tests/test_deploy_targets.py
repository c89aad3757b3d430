"""Each deploy target end to end against a real server on 127.0.0.1: a local folder, rsync to
OpenSSH's sshd, moto's S3 server, and a bare git repository as the GitHub Pages remote.

For every target: the first deploy uploads the whole site byte for byte; a second deploy
uploads nothing; after an edit only the files whose bytes changed go up; and a build that
lacks a file deletes nothing. A fresh rebuild of the same content uploads nothing either.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FixtureSite, bulletin_text
from warta.deploy import DeployError, deploy_site
from deploy_servers import git, pages_project, start_moto, start_sshd

SITEURL = "http://localhost:8000"
# The extra files the Pages target adds to the branch, which the build does not write.
PAGES_EXTRA = {".nojekyll", "CNAME"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_between(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    return {path for path, data in new.items() if old.get(path) != data}


@dataclass
class Builds:
    v1: Path  # two bulletins
    v1_again: Path  # the same content built again, which must be byte-identical
    v2: Path  # the first bulletin's title edited: new pages, feeds and share images


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    site = FixtureSite(tmp_path_factory.mktemp("deploy-site"))
    site.add("a.md", bulletin_text(image="images/poster.png", image_alt="Poster jadwal posyandu"))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok", date="2021-02-20 06:15", type="Berita",
                                   topics="Banjir", kecamatan="32.15.06", urgency="darurat", expires="2021-12-31 23:59",
                                   code="KRW-210220-01", summary="Warga diminta mengungsi."))  # fmt: skip
    v1 = site.build(site.root / "v1")
    v1_again = site.build(site.root / "v1-again")
    site.add("a.md", bulletin_text(title="Jadwal Posyandu Bulan Juni Diperbarui", slug="jadwal-posyandu-bulan-juni",
                                   image="images/poster.png", image_alt="Poster jadwal posyandu"))  # fmt: skip
    v2 = site.build(site.root / "v2")
    return Builds(v1, v1_again, v2)


@dataclass
class Destination:
    """One target pointed at its server: the settings to deploy with, and how to read back
    what the destination holds."""

    target: str
    settings: dict
    read: Callable[[], dict[str, bytes]]
    project_root: Path
    extra: set[str] = field(default_factory=set)

    def deploy(self, output: Path):
        return deploy_site(output, self.target, {"SITEURL": SITEURL, **self.settings}, self.project_root, environ={})


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    yield from start_sshd(tmp_path_factory.mktemp("sshd"))


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    yield from start_moto(tmp_path_factory.mktemp("moto"))


@pytest.fixture
def aws_credentials(monkeypatch, tmp_path):
    """Credentials for moto (which accepts any) and no machine-wide AWS configuration."""
    for name, value in {"AWS_ACCESS_KEY_ID": "warta-test", "AWS_SECRET_ACCESS_KEY": "warta-test-secret",
                        "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}.items():  # fmt: skip
        monkeypatch.setenv(name, value)


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def s3_objects(endpoint: str, bucket: str, prefix: str = "") -> dict[str, bytes]:
    client = s3_client(endpoint)
    keys = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for item in page.get("Contents", [])]  # fmt: skip
    return {key[len(prefix):]: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def pages_tree(bare: Path, branch: str, scratch: Path) -> dict[str, bytes]:
    if not git("--git-dir", str(bare), "branch", "--list", branch).strip():
        return {}
    shutil.rmtree(scratch, ignore_errors=True)
    git("clone", "--quiet", "--branch", branch, str(bare), str(scratch))
    shutil.rmtree(scratch / ".git")
    return tree(scratch)


@pytest.fixture(params=["local", "rsync", "s3", "pages"])
def destination(request, tmp_path) -> Destination:
    folder = tmp_path / "www"
    if request.param == "local":
        return Destination("local", {"DEPLOY_LOCAL_PATH": str(folder)}, lambda: tree(folder), tmp_path)
    if request.param == "rsync":
        ssh = request.getfixturevalue("sshd")
        folder.mkdir()
        settings = {"DEPLOY_RSYNC_DEST": ssh.dest(folder), "DEPLOY_RSYNC_PORT": ssh.port,
                    "DEPLOY_RSYNC_IDENTITY": str(ssh.identity), "DEPLOY_RSYNC_KNOWN_HOSTS": str(ssh.known_hosts)}
        return Destination("rsync", settings, lambda: tree(folder), tmp_path)
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        request.getfixturevalue("aws_credentials")
        bucket = f"warta-{abs(hash(request.node.name)) % 10**8}"
        s3_client(endpoint).create_bucket(Bucket=bucket)
        settings = {"DEPLOY_S3_BUCKET": bucket, "DEPLOY_S3_ENDPOINT": endpoint, "DEPLOY_S3_REGION": "us-east-1",
                    "DEPLOY_S3_PREFIX": "situs/"}
        return Destination("s3", settings, lambda: s3_objects(endpoint, bucket, "situs/"), tmp_path)
    project, bare = pages_project(tmp_path)
    settings = {"DEPLOY_PAGES_CNAME": "warta.example.go.id"}
    return Destination("pages", settings, lambda: pages_tree(bare, "gh-pages", tmp_path / "check"), project,
                       PAGES_EXTRA)  # fmt: skip


def test_first_deploy_uploads_the_whole_site_byte_for_byte(destination, builds):
    report = destination.deploy(builds.v1)
    built = tree(builds.v1)
    held = destination.read()
    assert {k: v for k, v in held.items() if k not in destination.extra} == built
    assert sorted(p for p in report.uploaded if p not in destination.extra) == sorted(built)
    assert report.unchanged == 0


def test_second_deploy_uploads_nothing(destination, builds):
    destination.deploy(builds.v1)
    before = destination.read()
    again = destination.deploy(builds.v1)
    assert again.uploaded == []
    assert again.unchanged == len(tree(builds.v1))
    assert destination.read() == before
    assert "0 file(s) uploaded" in again.summary() and "nothing deleted" in again.summary()


def test_a_rebuild_of_the_same_content_uploads_nothing(builds, tmp_path):
    """What every CI run does: build again from the same commit and deploy."""
    folder = tmp_path / "www"
    local = Destination("local", {"DEPLOY_LOCAL_PATH": str(folder)}, lambda: tree(folder), tmp_path)
    local.deploy(builds.v1)
    uploaded = local.deploy(builds.v1_again).uploaded
    assert uploaded == [], f"a rebuild of the same content changed {uploaded}: the build is not deterministic"


def test_after_an_edit_only_changed_files_are_uploaded(destination, builds):
    destination.deploy(builds.v1)
    report = destination.deploy(builds.v2)
    v1, v2 = tree(builds.v1), tree(builds.v2)
    expected = changed_between(v1, v2)
    assert sorted(report.uploaded) == sorted(expected)
    # The edit renamed nothing, but gave the bulletin new share images; the old ones stay.
    assert any("bagikan-og-" in p for p in expected) and "index.html" in expected
    held = destination.read()
    assert {path: held[path] for path in v2} == v2
    assert report.unchanged == len(v2) - len(expected) > 0


def test_a_build_that_lacks_a_file_deletes_nothing(destination, builds, tmp_path):
    destination.deploy(builds.v1)
    trimmed = tmp_path / "trimmed"
    shutil.copytree(builds.v1, trimmed)
    gone = next(p for p in sorted(tree(trimmed)) if p.endswith("/embed/index.html"))
    (trimmed / gone).unlink()
    report = destination.deploy(trimmed)
    assert report.uploaded == []
    assert destination.read()[gone] == (builds.v1 / gone).read_bytes()


def test_local_target_keeps_the_mtime_of_unchanged_files(builds, tmp_path):
    folder = tmp_path / "www"
    local = Destination("local", {"DEPLOY_LOCAL_PATH": str(folder)}, lambda: tree(folder), tmp_path)
    local.deploy(builds.v1)
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (1_000_000_000, 1_000_000_000))
    local.deploy(builds.v2)
    changed = changed_between(tree(builds.v1), tree(builds.v2))
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file():
            assert (path.stat().st_mtime == 1_000_000_000) == (relative not in changed), relative
    assert not list(folder.rglob("*.warta-partial"))


def test_s3_objects_carry_content_type_and_cache_control(builds, s3_endpoint, aws_credentials):
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket="warta-headers")
    deploy_site(builds.v1, "s3", {"SITEURL": SITEURL, "DEPLOY_S3_BUCKET": "warta-headers",
                                  "DEPLOY_S3_ENDPOINT": s3_endpoint, "DEPLOY_S3_REGION": "us-east-1"},
                builds.v1.parent, environ={})  # fmt: skip
    share_image = next(p for p in tree(builds.v1) if "/bagikan-og-" in p)
    cap = next(p for p in tree(builds.v1) if p.endswith("alert.cap.xml"))
    expected = {
        "index.html": ("text/html; charset=utf-8", "public, max-age=300"),
        "feeds/semua.rss.xml": ("application/rss+xml; charset=utf-8", "public, max-age=300"),
        "feeds/semua.atom.xml": ("application/atom+xml; charset=utf-8", "public, max-age=300"),
        "feeds/semua.json": ("application/feed+json; charset=utf-8", "public, max-age=300"),
        "feeds/index.opml": ("text/x-opml; charset=utf-8", "public, max-age=300"),
        "manifest.json": ("application/json; charset=utf-8", "public, max-age=300"),
        "sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=300"),
        "urls.txt": ("text/plain; charset=utf-8", "no-cache"),
        cap: ("application/cap+xml; charset=utf-8", "public, max-age=300"),
        share_image: ("image/png", "public, max-age=31536000, immutable"),
        "images/poster.png": ("image/png", "public, max-age=3600"),
        "theme/css/warta.css": ("text/css; charset=utf-8", "public, max-age=3600"),
    }
    for key, (content_type, cache_control) in expected.items():
        head = client.head_object(Bucket="warta-headers", Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache_control), key


def test_pages_branch_has_nojekyll_cname_and_one_commit_per_changed_deploy(builds, tmp_path):
    project, bare = pages_project(tmp_path)
    settings = {"SITEURL": SITEURL, "DEPLOY_PAGES_CNAME": "warta.example.go.id",
                "DEPLOY_PAGES_AUTHOR": "Diskominfo <web@example.go.id>"}  # fmt: skip
    deploy_site(builds.v1, "pages", settings, project, environ={})
    first = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    deploy_site(builds.v1, "pages", settings, project, environ={})
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages").strip() == first
    deploy_site(builds.v2, "pages", settings, project, environ={})
    log = git("--git-dir", str(bare), "log", "--format=%an <%ae>|%s", "gh-pages").splitlines()
    source = git("rev-parse", "--short", "HEAD", cwd=project).strip()
    assert log == [f"Diskominfo <web@example.go.id>|Deploy Warta site from {source}"] * 2
    files = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert ".nojekyll" in files
    assert git("--git-dir", str(bare), "show", "gh-pages:CNAME") == "warta.example.go.id\n"


def test_pages_target_uses_a_plain_remote_url_too(builds, tmp_path):
    _, bare = pages_project(tmp_path)
    report = deploy_site(builds.v1, "pages", {"SITEURL": SITEURL, "DEPLOY_PAGES_REMOTE": str(bare),
                                              "DEPLOY_PAGES_BRANCH": "situs"}, tmp_path, environ={})  # fmt: skip
    assert "index.html" in report.uploaded
    assert "index.html" in git("--git-dir", str(bare), "ls-tree", "--name-only", "situs").split()


# GitHub's size limits, checked on the tree the Pages target would push: what the branch
# already holds plus the new build, since the target never deletes.

def size_of(files: dict[str, bytes]) -> int:
    return sum(len(data) for data in files.values())


def test_pages_site_over_its_size_limit_counts_the_old_files_and_pushes_nothing(builds, tmp_path):
    project, bare = pages_project(tmp_path)
    settings = {"SITEURL": SITEURL, "DEPLOY_PAGES_CNAME": "warta.example.go.id"}
    assert deploy_site(builds.v1, "pages", settings, project, environ={}).warnings == []
    first = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    # v2 on its own fits exactly; laid over v1 it keeps v1's old share images and does not.
    limit = size_of(tree(builds.v2)) + len("warta.example.go.id\n")
    merged = {**tree(builds.v1), **tree(builds.v2), ".nojekyll": b"", "CNAME": b"warta.example.go.id\n"}
    assert size_of(merged) > limit
    with pytest.raises(DeployError) as caught:
        deploy_site(builds.v2, "pages", {**settings, "DEPLOY_PAGES_MAX_BYTES": limit}, project, environ={})
    message = str(caught.value)
    assert message.startswith(f"the site at {bare} (branch gh-pages) would be ")
    assert "the files already on the branch included), over the GitHub Pages limit of " in message
    assert f"(DEPLOY_PAGES_MAX_BYTES = {limit:,}); largest: " in message
    assert "deploy a site this large with the rsync or s3 target" in message
    assert message.endswith("nothing was pushed")
    parts: dict[str, int] = {}
    for path, data in merged.items():
        top = path.split("/")[0] + ("/" if "/" in path else "")
        parts[top] = parts.get(top, 0) + len(data)
    expected = sorted(parts, key=lambda top: (-parts[top], top))[:5]
    largest = message.split("largest: ")[1].split(";")[0].split(", ")
    assert [part.split(" ")[0] for part in largest] == expected
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages").strip() == first
    # The same build on a branch of its own is under the limit, so it deploys, with a warning.
    fresh = deploy_site(builds.v2, "pages", {**settings, "DEPLOY_PAGES_MAX_BYTES": limit,
                                             "DEPLOY_PAGES_BRANCH": "baru"}, project, environ={})  # fmt: skip
    assert "index.html" in fresh.uploaded
    assert pages_tree(bare, "baru", tmp_path / "check") == {**tree(builds.v2), ".nojekyll": b"",
                                                           "CNAME": b"warta.example.go.id\n"}  # fmt: skip
    assert len(fresh.warnings) == 1
    assert fresh.warnings[0].startswith(f"the site at {bare} (branch baru) is ")
    assert "100 % of the GitHub Pages limit of " in fresh.warnings[0]


def test_pages_file_over_githubs_file_limit_is_refused_and_nothing_is_pushed(builds, tmp_path, monkeypatch):
    from warta.deploy.targets import pages

    project, bare = pages_project(tmp_path)
    settings = {"SITEURL": SITEURL}
    deploy_site(builds.v1, "pages", settings, project, environ={})
    first = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    biggest = min(tree(builds.v2).items(), key=lambda item: (-len(item[1]), item[0]))
    monkeypatch.setattr(pages, "FILE_MAX_BYTES", len(biggest[1]) - 1)
    refused = (rf"^GitHub refuses any file over .*, and the site at .* \(branch gh-pages\) would have \d+ such "
               rf"file\(s\): {re.escape(biggest[0])} \(.*; make them smaller, or deploy with the rsync or s3 target; "
               r"nothing was pushed$")  # fmt: skip
    with pytest.raises(DeployError, match=refused):
        deploy_site(builds.v2, "pages", settings, project, environ={})
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages").strip() == first


def test_pages_site_under_the_limits_deploys_and_warns_about_large_files(builds, tmp_path, monkeypatch):
    from warta.deploy.targets import pages

    project, bare = pages_project(tmp_path)
    biggest, second = sorted(tree(builds.v1).items(), key=lambda item: -len(item[1]))[:2]
    assert len(biggest[1]) > len(second[1])
    monkeypatch.setattr(pages, "FILE_WARN_BYTES", len(biggest[1]) - 1)
    settings = {"SITEURL": SITEURL, "DEPLOY_PAGES_MAX_BYTES": 10 * size_of(tree(builds.v1))}
    report = deploy_site(builds.v1, "pages", settings, project, environ={})
    assert report.warnings == [f"1 file(s) over {pages.amount(len(biggest[1]) - 1)}, which GitHub warns about: "
                               f"{biggest[0]} ({pages.amount(len(biggest[1]))}); GitHub refuses files over 100 MB"]
    held = pages_tree(bare, "gh-pages", tmp_path / "check")
    assert {path: data for path, data in held.items() if path not in PAGES_EXTRA} == tree(builds.v1)


# Failures: each names the destination and what to do, and nothing half-written is left.

def test_local_target_that_cannot_be_written_fails_clearly(builds, tmp_path):
    blocker = tmp_path / "www"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(DeployError, match=r"could not write .*www/.*; 0 file\(s\) were written before it"):
        deploy_site(builds.v1, "local", {"SITEURL": SITEURL, "DEPLOY_LOCAL_PATH": str(blocker)}, tmp_path, environ={})


def test_rsync_to_a_port_nobody_listens_on_fails_clearly(builds, sshd, tmp_path):
    from deploy_servers import free_port

    settings = {"SITEURL": SITEURL, "DEPLOY_RSYNC_DEST": sshd.dest(tmp_path), "DEPLOY_RSYNC_PORT": free_port(),
                "DEPLOY_RSYNC_IDENTITY": str(sshd.identity), "DEPLOY_RSYNC_KNOWN_HOSTS": str(sshd.known_hosts)}
    with pytest.raises(DeployError, match=r"rsync to .* failed \(exit \d+\): ssh: connect to host .*Connection refused"):
        deploy_site(builds.v1, "rsync", settings, tmp_path, environ={})


def test_rsync_refuses_a_server_whose_host_key_is_unknown(builds, sshd, tmp_path):
    unknown = tmp_path / "known_hosts"
    unknown.write_text("", encoding="utf-8")
    settings = {"SITEURL": SITEURL, "DEPLOY_RSYNC_DEST": sshd.dest(tmp_path / "www"), "DEPLOY_RSYNC_PORT": sshd.port,
                "DEPLOY_RSYNC_IDENTITY": str(sshd.identity), "DEPLOY_RSYNC_KNOWN_HOSTS": str(unknown)}
    with pytest.raises(DeployError, match=r"Host key verification failed"):
        deploy_site(builds.v1, "rsync", settings, tmp_path, environ={})
    assert not (tmp_path / "www").exists()


def test_s3_bucket_that_does_not_exist_fails_clearly(builds, s3_endpoint, aws_credentials, tmp_path):
    settings = {"SITEURL": SITEURL, "DEPLOY_S3_BUCKET": "tidak-ada", "DEPLOY_S3_ENDPOINT": s3_endpoint}
    with pytest.raises(DeployError, match=r"s3://tidak-ada/ at http://127\.0\.0\.1:\d+: the bucket does not exist "
                                          r"\(NoSuchBucket\); create it or fix DEPLOY_S3_BUCKET"):
        deploy_site(builds.v1, "s3", settings, tmp_path, environ={})


def test_pages_remote_that_does_not_exist_fails_clearly(builds, tmp_path):
    settings = {"SITEURL": SITEURL, "DEPLOY_PAGES_REMOTE": str(tmp_path / "tidak-ada.git")}
    with pytest.raises(DeployError, match=r"git ls-remote failed \(exit \d+\): fatal: .*tidak-ada\.git"):
        deploy_site(builds.v1, "pages", settings, tmp_path, environ={})
