"""What a CI run should do, decided before anything is installed (standard library only).

    python3 deploy/ci.py plan --event EVENT [--before SHA] [--record FILE]

prints `WARTA_TEST=…`, `WARTA_BUILD=…` and `WARTA_DEPLOY=…` lines (true/false), ready for
$GITHUB_OUTPUT or a GitLab dotenv report, and the reason on stderr:

- a pull or merge request: test and build, never deploy;
- a push to the main branch: build and deploy at once; run the test suite first only when
  something other than content changed since the previous push, since content is guarded by
  `invoke check`, the build and the URL-permanence guard, and code reached main tested;
- a schedule: build and deploy only when the moment recorded by the last publish
  (`invoke next-change`, saved in FILE) has come, so an idle schedule costs seconds;
- anything else (a manual run): everything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

# Paths whose changes the test suite does not need to see again: bulletins, pages, their
# images and videos, and the redirect list (the build and the guard check those).
CONTENT = ("content/", "data/redirects.txt")
REVIEW = {"pull_request", "merge_request_event", "external_pull_request_event"}
NO_COMMIT = {"", "0" * 40}


def is_due(record: str | None, now: datetime) -> tuple[bool, str]:
    """Whether the next change recorded by the last publish has come."""
    if record is None:
        return True, "no record of the next change (first run, or the cache was lost)"
    text = record.strip()
    if text == "none":
        return False, "nothing is scheduled or expiring"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return True, f"the record {text!r} is not a time"
    if moment.tzinfo is None:
        return True, f"the record {text!r} has no UTC offset"
    if moment <= now:
        return True, f"{text} has come"
    return False, f"the next change is at {text}"


def changed_paths(before: str, repo: Path) -> list[str] | None:
    """Paths changed between `before` and HEAD; None when git cannot tell (new branch,
    rewritten history, no git)."""
    if before in NO_COMMIT:
        return None

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=300)

    try:
        if git("cat-file", "-e", f"{before}^{{commit}}").returncode != 0:
            git("fetch", "--quiet", "--depth=1", "--no-tags", "origin", before)
        # No rename detection: it needs file contents, and a rename counts on both sides.
        done = git("diff", "--name-only", "--no-renames", "-z", before, "HEAD")
    except (OSError, subprocess.TimeoutExpired):
        return None
    return [p for p in done.stdout.split("\0") if p] if done.returncode == 0 else None


def is_content(path: str) -> bool:
    return any(path == c or (c.endswith("/") and path.startswith(c)) for c in CONTENT)


def plan(event: str, before: str = "", record: str | None = None, repo: Path = Path("."),
         now: datetime | None = None) -> tuple[dict[str, bool], str]:  # fmt: skip
    now = now or datetime.now(timezone.utc)
    if event in REVIEW:
        return {"test": True, "build": True, "deploy": False}, "a review: test and build, no deploy"
    if event == "push":
        paths = changed_paths(before, repo)
        if paths is None:
            return {"test": True, "build": True, "deploy": True}, "a push whose changes git cannot list: test first"
        code = sorted(p for p in paths if not is_content(p))
        why = f"code changed ({', '.join(code[:3])}{', …' if len(code) > 3 else ''}): test first" if code \
            else "only content changed: publish at once"
        return {"test": bool(code), "build": True, "deploy": True}, why
    if event == "schedule":
        due, why = is_due(record, now)
        return {"test": False, "build": due, "deploy": due}, why
    return {"test": True, "build": True, "deploy": True}, f"a {event} run: everything"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 deploy/ci.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    planning = sub.add_parser("plan", help="print WARTA_TEST, WARTA_BUILD and WARTA_DEPLOY for this run")
    planning.add_argument("--event", required=True, help="GitHub event name or GitLab pipeline source")
    planning.add_argument("--before", default="", help="the commit the branch pointed to before this push")
    planning.add_argument("--record", type=Path, help="file with the last `invoke next-change` output")
    args = parser.parse_args(argv)
    record = None
    if args.record is not None and args.record.is_file():
        record = args.record.read_text(encoding="utf-8")
    decision, why = plan(args.event, args.before, record)
    for key, value in decision.items():
        print(f"WARTA_{key.upper()}={'true' if value else 'false'}")
    print(f"plan: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
