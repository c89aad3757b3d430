"""The documentation holds together: the README stays short, every relative link in README.md
and docs/ leads to a file (and heading) that exists, and every `invoke` task the docs name
is one tasks.py defines."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 120

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]+`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
INVOKE = re.compile(r"\binvoke ([a-z][a-z0-9-]*)")


def prose(text: str) -> str:
    """The text without code blocks and code spans, where a `[x](y)` is not a link."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def code(text: str) -> list[str]:
    return FENCE.findall(text) + CODE_SPAN.findall(FENCE.sub("", text))


def anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found, seen = set(), {}
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        if match := re.match(r"#{1,6} (.+)", line):
            base = anchor(match[1])
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def link_problems(path: Path, root: Path = ROOT) -> list[str]:
    problems = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
            continue
        file, _, fragment = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        name = f"{path.relative_to(root)}: {target}"
        if not resolved.exists():
            problems.append(f"{name}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            problems.append(f"{name}: no heading #{fragment} in {resolved.relative_to(root)}")
    return problems


def test_readme_fits_two_screens():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail into docs/"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_lead_to_existing_files_and_headings(path):
    assert link_problems(path) == []


def test_the_link_check_does_catch_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n## Deploy targets (`local`)\n", encoding="utf-8")
    page = tmp_path / "README.md"
    page.write_text("[ok](docs/a.md#deploy-targets-local) [web](https://example.org/x) `[code](gone.md)`\n"
                    "[gone](docs/b.md) [bad](docs/a.md#nowhere) [self](#a)\n", encoding="utf-8")
    assert link_problems(page, tmp_path) == ["README.md: docs/b.md: no such file",
                                   "README.md: docs/a.md#nowhere: no heading #nowhere in docs/a.md",
                                   "README.md: #a: no heading #a in README.md"]


def test_github_anchors():
    assert anchor("Search (`plugins/search/`)") == "search-pluginssearch"
    assert anchor("12. Menerbitkan") == "12-menerbitkan"
    assert anchor("Quality gates and `invoke audit`") == "quality-gates-and-invoke-audit"


def test_every_invoke_task_named_in_the_docs_exists():
    listed = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    tasks = set(re.findall(r"^  ([a-z][a-z0-9-]*)", listed, re.MULTILINE))
    assert {"new", "check", "build", "serve", "publish", "update-golden"} <= tasks
    named = {(path.relative_to(ROOT), task) for path in DOCS
             for block in code(path.read_text(encoding="utf-8")) for task in INVOKE.findall(block)}
    assert named, "the docs name no invoke task"
    unknown = sorted(f"{path}: invoke {task}" for path, task in named if task not in tasks)
    assert not unknown, f"tasks.py defines no such task: {unknown}"


def test_task_names_are_found_in_code_only():
    text = "Run `.venv/bin/invoke serve --port 8001`, then the invoke tasks.\n\n```sh\ninvoke publsh\n```\n"
    assert sorted(task for block in code(text) for task in INVOKE.findall(block)) == ["publsh", "serve"]
