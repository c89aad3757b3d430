"""Deploy settings: defaults in one mapping, then publishconf.py, then the environment.

CI sets the environment variables (GitHub Actions variables and secrets, GitLab CI/CD
variables), so nothing secret is ever written into the repository. Credentials themselves
are never settings: the S3 target reads them the way every AWS tool does
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), SSH reads a key file, git its own credentials.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

DEFAULTS = {
    "DEPLOY_LOCAL_PATH": None,
    "DEPLOY_RSYNC_DEST": None,
    "DEPLOY_RSYNC_PORT": 22,
    "DEPLOY_RSYNC_IDENTITY": None,
    "DEPLOY_RSYNC_KNOWN_HOSTS": None,
    "DEPLOY_S3_BUCKET": None,
    "DEPLOY_S3_PREFIX": "",
    "DEPLOY_S3_ENDPOINT": None,
    "DEPLOY_S3_REGION": None,
    "DEPLOY_S3_WORKERS": 8,
    "DEPLOY_PAGES_REMOTE": "origin",
    "DEPLOY_PAGES_BRANCH": "gh-pages",
    "DEPLOY_PAGES_CNAME": None,
    "DEPLOY_PAGES_AUTHOR": "Warta <warta@localhost>",
    # GitHub Pages serves a published site of at most 1 GB; lower it to be warned earlier.
    "DEPLOY_PAGES_MAX_BYTES": 1_000_000_000,
    "DEPLOY_IMMUTABLE": (),
}
# The environment wins over publishconf.py; an empty variable counts as unset, because an
# unset GitHub Actions variable expands to "".
ENV = {
    "DEPLOY_LOCAL_PATH": "WARTA_DEPLOY_PATH",
    "DEPLOY_RSYNC_DEST": "WARTA_RSYNC_DEST",
    "DEPLOY_RSYNC_PORT": "WARTA_RSYNC_PORT",
    "DEPLOY_RSYNC_IDENTITY": "WARTA_RSYNC_IDENTITY",
    "DEPLOY_RSYNC_KNOWN_HOSTS": "WARTA_RSYNC_KNOWN_HOSTS",
    "DEPLOY_S3_BUCKET": "WARTA_S3_BUCKET",
    "DEPLOY_S3_PREFIX": "WARTA_S3_PREFIX",
    "DEPLOY_S3_ENDPOINT": "WARTA_S3_ENDPOINT",
    "DEPLOY_S3_REGION": "WARTA_S3_REGION",
    "DEPLOY_PAGES_REMOTE": "WARTA_PAGES_REMOTE",
    "DEPLOY_PAGES_BRANCH": "WARTA_PAGES_BRANCH",
    "DEPLOY_PAGES_CNAME": "WARTA_PAGES_CNAME",
    "DEPLOY_PAGES_MAX_BYTES": "WARTA_PAGES_MAX_BYTES",
}
AUTHOR = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>$")
BRANCH = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$")


class DeployError(Exception):
    """A deploy could not finish; the message says what failed and what to do."""


class DeployConfigError(DeployError):
    """A deploy setting is missing or has a value the target cannot use."""

    def __init__(self, key: str, value, allowed: str):
        variable = f" (environment: {ENV[key]})" if key in ENV else ""
        super().__init__(f"setting {key}{variable} = {value!r} is not allowed; {allowed}")


@dataclass(frozen=True)
class Config:
    siteurl: str
    feeds_dir: str
    local_path: str | None
    rsync_dest: str | None
    rsync_port: int
    rsync_identity: str | None
    rsync_known_hosts: str | None
    s3_bucket: str | None
    s3_prefix: str
    s3_endpoint: str | None
    s3_region: str | None
    s3_workers: int
    pages_remote: str
    pages_branch: str
    pages_cname: str | None
    pages_author: tuple[str, str]
    pages_max_bytes: int
    immutable: tuple[str, ...]

    def require(self, key: str, allowed: str):
        """The value of a setting a target cannot work without."""
        value = getattr(self, key[len("DEPLOY_"):].lower())
        if value in (None, ""):
            raise DeployConfigError(key, value, allowed)
        return value


def _value(settings, environ, key):
    variable = ENV.get(key)
    if variable and environ.get(variable, "") != "":
        return environ[variable]
    return settings.get(key, DEFAULTS[key])


def _positive_int(key, value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or (key == "DEPLOY_RSYNC_PORT" and number > 65535):
        raise DeployConfigError(key, value, "use a whole number from 1" + (" to 65535" if "PORT" in key else ""))
    return number


def config_from(settings, environ=None) -> Config:
    """Merge defaults, settings and environment once and validate every value."""
    environ = os.environ if environ is None else environ
    values = {key: _value(settings, environ, key) for key in DEFAULTS}
    author = AUTHOR.match(str(values["DEPLOY_PAGES_AUTHOR"] or ""))
    if author is None:
        raise DeployConfigError("DEPLOY_PAGES_AUTHOR", values["DEPLOY_PAGES_AUTHOR"], "write it as 'Name <email>'")
    branch = str(values["DEPLOY_PAGES_BRANCH"] or "")
    if not BRANCH.match(branch):
        raise DeployConfigError("DEPLOY_PAGES_BRANCH", branch, "use a git branch name such as 'gh-pages'")
    cname = values["DEPLOY_PAGES_CNAME"]
    if cname and not re.fullmatch(r"[A-Za-z0-9.-]+", cname):
        raise DeployConfigError("DEPLOY_PAGES_CNAME", cname, "use a bare host name such as 'warta.example.go.id'")
    prefix = str(values["DEPLOY_S3_PREFIX"] or "").strip("/")
    immutable = values["DEPLOY_IMMUTABLE"]
    if isinstance(immutable, str) or not all(isinstance(p, str) for p in immutable):
        raise DeployConfigError("DEPLOY_IMMUTABLE", immutable, "use a tuple of regular expressions")
    for pattern in immutable:
        try:
            re.compile(pattern)
        except re.error as error:
            raise DeployConfigError("DEPLOY_IMMUTABLE", pattern, f"it is not a regular expression ({error})") from None
    return Config(
        siteurl=str(settings.get("SITEURL", "")).rstrip("/"),
        feeds_dir=str(settings.get("SYNDICATION_DIR", "feeds")),
        local_path=values["DEPLOY_LOCAL_PATH"],
        rsync_dest=values["DEPLOY_RSYNC_DEST"],
        rsync_port=_positive_int("DEPLOY_RSYNC_PORT", values["DEPLOY_RSYNC_PORT"]),
        rsync_identity=values["DEPLOY_RSYNC_IDENTITY"],
        rsync_known_hosts=values["DEPLOY_RSYNC_KNOWN_HOSTS"],
        s3_bucket=values["DEPLOY_S3_BUCKET"],
        s3_prefix=prefix + "/" if prefix else "",
        s3_endpoint=values["DEPLOY_S3_ENDPOINT"],
        s3_region=values["DEPLOY_S3_REGION"],
        s3_workers=_positive_int("DEPLOY_S3_WORKERS", values["DEPLOY_S3_WORKERS"]),
        pages_remote=str(values["DEPLOY_PAGES_REMOTE"] or ""),
        pages_branch=branch,
        pages_cname=cname or None,
        pages_author=(author["name"], author["email"]),
        pages_max_bytes=_positive_int("DEPLOY_PAGES_MAX_BYTES", values["DEPLOY_PAGES_MAX_BYTES"]),
        immutable=tuple(immutable),
    )  # fmt: skip
