"""GitHub Pages from a branch: the site is committed to `gh-pages` (DEPLOY_PAGES_BRANCH) of a
git remote, which Pages serves ("Deploy from a branch" in the repository's Pages settings).

The last deployed tree is fetched (one commit deep) into a scratch repository, the built files
are laid over it (files that are no longer built stay, like on every other target), `.nojekyll`
keeps Jekyll from hiding `_headers`-style names, and `CNAME` names the custom domain when
DEPLOY_PAGES_CNAME is set. git's own diff decides what changed: with no change there is no
commit and no push. DEPLOY_PAGES_REMOTE is a remote name of the project's repository (default
`origin`, whose credentials, such as the token actions/checkout configures, are reused) or a
URL or path. Pages sets its own headers (Cache-Control: max-age=600) and content types.

GitHub's limits are checked on the tree about to be committed (the files already on the
branch included, since nothing is deleted) before anything is pushed: a published Pages site
may be no larger than 1 GB (DEPLOY_PAGES_MAX_BYTES), and GitHub refuses a push holding any
file over 100 MB. Over either, the deploy stops; from 80 % of the site limit, and for files
over the 50 MB GitHub warns about, the report carries a warning.
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
# GitHub's own numbers ("About large files on GitHub"); it counts them in MiB, so checking
# decimal MB is a little stricter and never lets through a push GitHub would refuse.
FILE_MAX_BYTES = 100_000_000
FILE_WARN_BYTES = 50_000_000
NEAR_LIMIT = 0.8  # share of DEPLOY_PAGES_MAX_BYTES from which the report warns
LARGEST = 5  # how many of the biggest folders or files a size message names


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


def tree_sizes(work: Path) -> dict[str, int]:
    """The size of every file in the scratch work tree, by path; git's own folder left out."""
    sizes = {}
    for folder, folders, names in os.walk(work):
        if Path(folder) == work:
            folders[:] = [name for name in folders if name != ".git"]
        for name in names:
            path = Path(folder, name)
            # lstat: git stores a symlink as the path it points to, not the file's bytes.
            sizes[path.relative_to(work).as_posix()] = path.lstat().st_size
    return sizes


def amount(size: int) -> str:
    """A size as staff read it: 1.23 GB, 812 MB, 40.5 kB."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.{2 if value < 10 else 1 if value < 100 else 0}f} {unit}"
    return f"{size} bytes"


def largest_parts(sizes: dict[str, int]) -> str:
    """The biggest top-level folders and files, where shrinking the site pays most."""
    parts: dict[str, int] = {}
    for path, size in sizes.items():
        top, slash, _ = path.partition("/")
        parts[top + slash] = parts.get(top + slash, 0) + size
    biggest = sorted(parts.items(), key=lambda item: (-item[1], item[0]))[:LARGEST]
    return ", ".join(f"{name} {amount(size)}" for name, size in biggest)


def biggest_files(files: list[tuple[str, int]]) -> str:
    biggest = sorted(files, key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{path} ({amount(size)})" for path, size in biggest[:LARGEST])
    return named + (f" and {len(biggest) - LARGEST} more" if len(biggest) > LARGEST else "")


def check_size(sizes: dict[str, int], limit: int, destination: str, kept: bool) -> list[str]:
    """Stop a tree that GitHub would refuse or Pages would not serve; warnings for one that
    comes close. `kept`: the tree holds the files already on the branch."""
    total = sum(sizes.values())
    if total > limit:
        old = ", the files already on the branch included" if kept else ""
        prune = " (or remove old ones from the branch by hand)" if kept else ""
        raise DeployError(f"the site at {destination} would be {amount(total)} ({total:,} bytes{old}), over the "
                          f"GitHub Pages limit of {amount(limit)} (DEPLOY_PAGES_MAX_BYTES = {limit:,}); largest: "
                          f"{largest_parts(sizes)}; deploy a site this large with the rsync or s3 target, or make "
                          f"the largest files smaller{prune}; nothing was pushed")  # fmt: skip
    too_big = [(path, size) for path, size in sizes.items() if size > FILE_MAX_BYTES]
    if too_big:
        raise DeployError(f"GitHub refuses any file over {amount(FILE_MAX_BYTES)}, and the site at {destination} "
                          f"would have {len(too_big)} such file(s): {biggest_files(too_big)}; make them smaller, or "
                          "deploy with the rsync or s3 target; nothing was pushed")  # fmt: skip
    warnings = []
    if total >= NEAR_LIMIT * limit:
        warnings.append(f"the site at {destination} is {amount(total)}, {100 * total // limit} % of the GitHub Pages "
                        f"limit of {amount(limit)} (DEPLOY_PAGES_MAX_BYTES); largest: {largest_parts(sizes)}; move "
                        "to the rsync or s3 target, or make the largest files smaller, before it passes the "
                        "limit")  # fmt: skip
    large = [(path, size) for path, size in sizes.items() if size > FILE_WARN_BYTES]
    if large:
        warnings.append(f"{len(large)} file(s) over {amount(FILE_WARN_BYTES)}, which GitHub warns about: "
                        f"{biggest_files(large)}; GitHub refuses files over {amount(FILE_MAX_BYTES)}")  # fmt: skip
    return warnings


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
        # Before `git add`, which would copy every byte into the scratch repository.
        report.warnings = check_size(tree_sizes(work), config.pages_max_bytes, report.destination, bool(found))
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
