"""The deploy targets, one row each: name, the function that uploads, the settings it reads.

Every function has the same shape, `run(files, config, project_root, output) -> Report`,
uploads only what the destination does not already hold byte for byte, and deletes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..settings import DeployError
from . import local, pages, rsync, s3


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable
    settings: tuple[str, ...]
    summary: str


TARGETS = {
    target.name: target
    for target in (
        Target("local", local.run, ("DEPLOY_LOCAL_PATH",), "a folder on this machine (a mounted web root)"),
        Target("rsync", rsync.run, ("DEPLOY_RSYNC_DEST", "DEPLOY_RSYNC_PORT", "DEPLOY_RSYNC_IDENTITY",
                                    "DEPLOY_RSYNC_KNOWN_HOSTS"), "a web server over SSH, with rsync"),
        Target("s3", s3.run, ("DEPLOY_S3_BUCKET", "DEPLOY_S3_PREFIX", "DEPLOY_S3_ENDPOINT", "DEPLOY_S3_REGION",
                              "DEPLOY_S3_WORKERS"), "an S3-compatible bucket, usually behind a CDN"),
        Target("pages", pages.run, ("DEPLOY_PAGES_REMOTE", "DEPLOY_PAGES_BRANCH", "DEPLOY_PAGES_CNAME",
                                    "DEPLOY_PAGES_AUTHOR", "DEPLOY_PAGES_MAX_BYTES"),
               "a gh-pages branch for GitHub Pages"),
    )
}  # fmt: skip


def target_named(name) -> Target:
    if name is None:
        raise DeployError(f"no deploy target given; choose --target {' | '.join(TARGETS)}")
    if name not in TARGETS:
        raise DeployError(f"unknown deploy target {name!r}; choose --target {' | '.join(TARGETS)}")
    return TARGETS[name]
