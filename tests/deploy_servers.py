"""Real servers on 127.0.0.1 for the deploy tests, each started by the test that needs it:
OpenSSH's sshd (for rsync), moto's S3 server, and a bare git repository as a Pages remote.
Each skips with the reason when its tool is missing, unless WARTA_REQUIRE_TOOLS is set (CI),
which turns the skip into a failure."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = Path("/usr/sbin/sshd")


def require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail(reason)
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class SSHServer:
    user: str
    port: int
    identity: Path
    known_hosts: Path

    def dest(self, folder: Path) -> str:
        return f"{self.user}@127.0.0.1:{folder}/"


def start_sshd(root: Path):
    """sshd on a free loopback port that accepts one generated client key; yields SSHServer."""
    require(SSHD.is_file() and shutil.which("rsync") and shutil.which("ssh") and shutil.which("ssh-keygen"),
            "the rsync target's tests need sshd, ssh and rsync: apt-get install openssh-server rsync")  # fmt: skip
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / name)], check=True)
    shutil.copy(root / "client_key.pub", root / "authorized_keys")
    port = free_port()
    config = root / "sshd_config"
    config.write_text(
        "\n".join([
            f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {root / 'host_key'}", f"PidFile {root / 'sshd.pid'}",
            f"AuthorizedKeysFile {root / 'authorized_keys'}", "PasswordAuthentication no",
            "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no", "PermitRootLogin prohibit-password",
            "LogLevel ERROR",
        ]) + "\n", encoding="utf-8",
    )  # fmt: skip
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation directory
    log = root / "sshd.log"
    with open(log, "w") as sink:
        process = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, "sshd", log)
        known = root / "known_hosts"
        known.write_text(f"[127.0.0.1]:{port} {(root / 'host_key.pub').read_text()}", encoding="utf-8")
        yield SSHServer(getpass.getuser(), port, root / "client_key", known)
    finally:
        stop(process)


def start_moto(root: Path):
    """moto's S3 server (`python -m moto.server`) on a free loopback port; yields its URL."""
    try:
        import boto3  # noqa: F401
        import moto  # noqa: F401
    except ImportError:
        require(False, "the s3 target's tests need boto3 and moto: pip install --no-deps -r requirements-nodeps.txt")
    port = free_port()
    log = root / "moto.log"
    with open(log, "w") as sink:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=sink, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for_port(port, process, "moto_server", log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def git(*args, cwd=None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def pages_project(root: Path) -> tuple[Path, Path]:
    """A project repository with one commit whose `origin` is a bare repository; (project, bare)."""
    require(shutil.which("git") is not None, "the pages target's tests need git: apt-get install git")
    bare, project = root / "remote.git", root / "project"
    git("init", "--quiet", "--bare", str(bare))
    git("init", "--quiet", str(project))
    (project / "README.md").write_text("Warta\n", encoding="utf-8")
    git("add", "README.md", cwd=project)
    git("-c", "user.name=Staf", "-c", "user.email=staf@localhost", "commit", "--quiet", "-m", "Mulai", cwd=project)
    git("remote", "add", "origin", str(bare), cwd=project)
    return project, bare
