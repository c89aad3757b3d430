"""GitHub Pages from a branch: the site is committed to `gh-pages` (DEPLOY_PAGES_BRANCH) of a
git remote, which Pages serves ("Deploy from a branch" in the repository's Pages settings).

The last deployed tree is fetched (one commit deep) into a scratch repository, the built files
are laid over it (files that are no longer built stay, like on every other target), `.nojekyll`
keeps Jekyll from hiding `_headers`-style names, and `CNAME` names the custom domain when
DEPLOY_PAGES_CNAME is set. git's own diff decides what changed: with no change there is no
commit and no push. DEPLOY_PAGES_REMOTE is a remote name of the project's repository (default
`origin`, whose credentials, such as the token actions/checkout configures, are reused) or a
URL or path. Pages sets its own headers (Cache-Control: max-age=600) and content types.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..core import Report, copy_changed, reason
from ..settings import DeployError

TIMEOUT = 1800
CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def shown(text: str) -> str:
    """A URL or message without the user:token part of any URL in it."""
    return CREDENTIALS.sub("***@", text)


class _Git:
    def __init__(self, cwd: Path, config_args: list[str]):
        self.cwd = cwd
        self.config_args = config_args

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            done = subprocess.run(["git", *self.config_args, *args], cwd=self.cwd, env=env, capture_output=True,
                                  text=True, timeout=TIMEOUT)  # fmt: skip
        except FileNotFoundError:
            raise DeployError("the pages target needs git on this machine (apt-get install git)") from None
        except subprocess.TimeoutExpired:
            raise DeployError(f"git {args[0]} did not finish within {TIMEOUT} s") from None
        if check and done.returncode != 0:
            why = reason(done.stderr)
            raise DeployError(shown(f"git {args[0]} failed (exit {done.returncode}): {why}"))
        return done


def remote_and_auth(remote: str, project_root: Path) -> tuple[str, list[str]]:
    """The remote's URL and the project's HTTP auth headers for it, when `remote` names one of
    the project's remotes; a URL or path is used as it is."""
    git = _Git(project_root, [])
    named = git("remote", "get-url", remote, check=False) if (project_root / ".git").exists() else None
    if named is None or named.returncode != 0:
        return remote, []
    headers = git("config", "--get-regexp", r"^http\..*\.extraheader$", check=False).stdout.splitlines()
    return named.stdout.strip(), [arg for line in headers for arg in ("-c", line.replace(" ", "=", 1))]


def source_commit(project_root: Path) -> str | None:
    done = _Git(project_root, [])("rev-parse", "--short", "HEAD", check=False) if (project_root / ".git").exists() else None
    return done.stdout.strip() if done is not None and done.returncode == 0 else None


def run(files, config, project_root: Path, output: Path) -> Report:
    remote, auth = remote_and_auth(config.pages_remote or "origin", project_root)
    branch = config.pages_branch
    report = Report("pages", shown(f"{remote} (branch {branch})"))
    name, email = config.pages_author
    with tempfile.TemporaryDirectory(prefix="warta-pages-") as scratch:
        work = Path(scratch)
        git = _Git(work, [*auth, "-c", f"user.name={name}", "-c", f"user.email={email}"])
        git("init", "--quiet")
        found = git("ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout.strip()
        parent = []
        if found:
            git("fetch", "--quiet", "--depth=1", "--no-tags", remote, f"refs/heads/{branch}")
            git("checkout", "--quiet", "--detach", "FETCH_HEAD")
            parent = ["-p", "FETCH_HEAD"]
        copy_changed(files, work, Report("pages", ""))
        (work / ".nojekyll").touch()
        if config.pages_cname:
            (work / "CNAME").write_text(config.pages_cname + "\n", encoding="ascii")
        git("add", "--all")
        changed = git("diff", "--cached", "--name-only", "-z").stdout
        report.uploaded = sorted(p for p in changed.split("\0") if p)
        report.unchanged = len([f for f in files if f.path not in set(report.uploaded)])
        if not report.uploaded:
            return report
        tree = git("write-tree").stdout.strip()
        commit_from = source_commit(project_root)
        message = f"Deploy Warta site from {commit_from}" if commit_from else "Deploy Warta site"
        commit = git("commit-tree", tree, *parent, "-m", message).stdout.strip()
        git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    return report
