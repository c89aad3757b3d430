"""What every target shares: the files of a built site with their headers, the check that
output/ is the production build, the report, and the one entry point `deploy_site`."""

from __future__ import annotations

import filecmp
import hashlib
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from warta.core.headers import HeaderRules
from .settings import Config, DeployError, config_from

logger = logging.getLogger(__name__)

SITEMAP_LINE = re.compile(r"^Sitemap:\s*(\S+?)/sitemap\.xml\s*$", re.MULTILINE)


@dataclass(frozen=True)
class SiteFile:
    path: str  # site-relative, with "/"
    source: Path
    content_type: str
    cache_control: str
    phase: int

    @cached_property
    def md5(self) -> str:
        """What S3 reports as the ETag of an object uploaded in one part."""
        return hashlib.md5(self.source.read_bytes(), usedforsecurity=False).hexdigest()


@dataclass
class Report:
    target: str
    destination: str
    uploaded: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)  # the deploy went ahead, but staff should act

    def summary(self) -> str:
        return (f"Deployed to {self.destination} ({self.target}): {len(self.uploaded)} file(s) uploaded, "
                f"{self.unchanged} unchanged; nothing deleted.")  # fmt: skip


def site_files(output: Path, rules: HeaderRules) -> list[SiteFile]:
    """Every file of the built site in upload order: assets, pages, then feeds and indexes."""
    files = []
    for source in sorted(Path(output).rglob("*")):
        if source.is_file():
            path = source.relative_to(output).as_posix()
            headers = rules.headers(path)
            files.append(SiteFile(path, source, headers.content_type, headers.cache_control, headers.phase))
    return sorted(files, key=lambda f: (f.phase, f.path))


def reason(stderr: str) -> str:
    """A failed tool's first stderr lines, where ssh, rsync and git say what went wrong."""
    return " ".join([line.strip() for line in stderr.splitlines() if line.strip()][:4]) or "no message"


def check_output(output: Path, siteurl: str) -> None:
    """Refuse to upload anything but a finished production build of this site."""
    if not (Path(output) / "index.html").is_file():
        raise DeployError(f"{output} holds no built site; run `invoke publish` first")
    robots = Path(output) / "robots.txt"
    built_for = SITEMAP_LINE.search(robots.read_text(encoding="utf-8")) if robots.is_file() else None
    if built_for and siteurl and built_for[1].rstrip("/") != siteurl:
        raise DeployError(f"{output} was built for {built_for[1]}, not for {siteurl}; run `invoke publish` "
                          "(the production build) before deploying")  # fmt: skip


def copy_changed(files: list[SiteFile], destination: Path, report: Report) -> None:
    """Copy the files whose bytes differ into a folder; unchanged files keep their mtime.
    Each file is written beside its target and renamed over it, so a reader never sees half."""
    for file in files:
        target = destination / file.path
        if target.is_file() and filecmp.cmp(file.source, target, shallow=False):
            report.unchanged += 1
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.warta-partial")
            shutil.copyfile(file.source, partial)
            partial.chmod(0o644)
            os.replace(partial, target)
        except OSError as error:
            raise DeployError(f"could not write {target}: {error.strerror or error}; "
                              f"{len(report.uploaded)} file(s) were written before it") from None  # fmt: skip
        report.uploaded.append(file.path)


def deploy_site(output, target: str, settings, project_root, environ=None) -> Report:
    """Upload the changed files of `output` to one target of TARGETS. Never deletes."""
    from .targets import target_named

    chosen = target_named(target)
    config: Config = config_from(settings, environ)
    output = Path(output)
    check_output(output, config.siteurl)
    files = site_files(output, HeaderRules(config.feeds_dir, config.immutable))
    report = chosen.run(files, config, Path(project_root), output)
    logger.info("%s", report.summary())
    for warning in report.warnings:
        logger.warning("%s", warning)
    return report
