"""A folder on this machine: a web root on a mounted disk, or a runner that serves the site."""

from __future__ import annotations

from pathlib import Path

from ..core import Report, copy_changed
from ..settings import DeployConfigError


def run(files, config, project_root: Path, output: Path) -> Report:
    destination = Path(config.require("DEPLOY_LOCAL_PATH", "set it to the folder the web server serves"))
    if not destination.is_absolute():
        destination = project_root / destination
    if destination.resolve() == output.resolve():
        raise DeployConfigError("DEPLOY_LOCAL_PATH", str(destination), "use a folder other than output/")
    report = Report("local", str(destination))
    copy_changed(files, destination, report)
    return report
