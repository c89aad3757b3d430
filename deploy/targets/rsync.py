"""A web server over SSH with rsync: rsync compares checksums on both ends and sends only
files whose bytes differ, never deletes (no --delete), and with --delay-updates moves every
new file into place at the end, so visitors never see half a site. Without --times an
unchanged file keeps the mtime the server gave it, and with it its ETag and Last-Modified."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core import Report, reason
from ..settings import DeployConfigError, DeployError

OPTIONS = ("--recursive", "--links", "--checksum", "--perms", "--chmod=D0755,F0644", "--delay-updates",
           "--out-format=%i %n")  # fmt: skip
TIMEOUT = 1800


def ssh_command(config, identity: Path | None) -> list[str]:
    """Non-interactive ssh that only talks to a host whose key is already known."""
    command = ["ssh", "-p", str(config.rsync_port), "-o", "BatchMode=yes", "-o", "ConnectTimeout=20",
               "-o", "StrictHostKeyChecking=yes"]  # fmt: skip
    if identity:
        command += ["-o", "IdentitiesOnly=yes", "-i", str(identity)]
    if config.rsync_known_hosts:
        command += ["-o", f"UserKnownHostsFile={config.rsync_known_hosts}"]
    return command


def sent_files(stdout: str) -> list[str]:
    """Files rsync transferred, from its itemized lines (`<f+++++++++ path`, `<f.st...... path`)."""
    return [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith("<f") and " " in line]


def run(files, config, project_root: Path, output: Path) -> Report:
    dest = config.require("DEPLOY_RSYNC_DEST", "set it to user@host:/path/of/the/web/root/")
    if shutil.which("rsync") is None or shutil.which("ssh") is None:
        raise DeployError("the rsync target needs rsync and ssh on this machine (apt-get install rsync openssh-client)")
    for key in ("DEPLOY_RSYNC_IDENTITY", "DEPLOY_RSYNC_KNOWN_HOSTS"):
        path = getattr(config, key[len("DEPLOY_"):].lower())
        if path and not Path(path).is_file():
            raise DeployConfigError(key, path, "name an existing file")
    report = Report("rsync", dest)
    with tempfile.TemporaryDirectory(prefix="warta-rsync-") as scratch:
        identity = None
        if config.rsync_identity:
            # ssh refuses a key others may read; CI file variables are often world-readable.
            identity = Path(scratch) / "identity"
            identity.write_bytes(Path(config.rsync_identity).read_bytes())
            os.chmod(identity, 0o600)
        command = ["rsync", *OPTIONS, "-e", shlex.join(ssh_command(config, identity)), f"{output}/", dest]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise DeployError(f"rsync to {dest} did not finish within {TIMEOUT} s") from None
    if done.returncode != 0:
        why = reason(done.stderr)
        raise DeployError(f"rsync to {dest} failed (exit {done.returncode}): {why}")
    report.uploaded = sent_files(done.stdout)
    report.unchanged = len(files) - len(report.uploaded)
    return report
