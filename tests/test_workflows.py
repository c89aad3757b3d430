"""The newsroom's CI workflows lint clean and do what README, "Publishing by git push", says.

GitHub Actions: actionlint (which runs shellcheck over every `run:` script when shellcheck is
installed) plus the structure Warta relies on. GitLab CI: GitLab's own JSON schema for
.gitlab-ci.yml (vendored by check-jsonschema), the required stages, jobs, rules and caches,
and shellcheck over every job script.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

GITHUB = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GITLAB_CHILDREN = (ROOT / ".gitlab" / "publish.yml", ROOT / ".gitlab" / "idle.yml")
BIN = Path(sys.executable).parent
# The actions the workflow may use, pinned to a major version that runs on a supported Node.
PINNED = {"actions/checkout": "v5", "actions/setup-python": "v6", "actions/cache": "v5",
          "actions/cache/restore": "v5", "actions/cache/save": "v5"}  # fmt: skip
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: pip install -r requirements-dev.txt")
    return str(found)


def shellcheck() -> str | None:
    found = shutil.which("shellcheck")
    if found is None and os.environ.get("WARTA_REQUIRE_TOOLS"):
        pytest.fail("shellcheck is missing: apt-get install shellcheck")
    return found


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github() -> dict:
    workflow = load(GITHUB)
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as true
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


# GitHub Actions

def test_github_workflow_lints_clean_with_actionlint():
    command = [tool("actionlint"), "-no-color", f"-shellcheck={shellcheck() or ''}", str(GITHUB.relative_to(ROOT))]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    """The lint above is real: the same workflow with a wrong `needs` and an unknown input fails."""
    broken = GITHUB.read_text(encoding="utf-8").replace("needs: [plan, test]", "needs: [plan, tests]")
    broken = broken.replace("restore-keys: warta-cache-", "restore-key: warta-cache-")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "publish.yml").write_text(broken, encoding="utf-8")
    done = subprocess.run([tool("actionlint"), "-no-color", "-shellcheck=", ".github/workflows/publish.yml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert 'needs job "tests" which does not exist' in done.stdout
    assert 'input "restore-key" is not defined' in done.stdout


def test_github_triggers_push_to_main_pull_requests_schedule_and_manual_runs():
    on = github()["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request" in on
    assert [entry["cron"] for entry in on["schedule"]] == ["*/15 * * * *"]
    assert "previous" in on["workflow_dispatch"]["inputs"]


def test_github_actions_are_pinned_to_supported_major_versions():
    used = [step["uses"] for job in github()["jobs"].values() for step in steps(job) if "uses" in step]
    assert used
    for action in used:
        name, _, version = action.partition("@")
        assert PINNED.get(name) == version, f"{action}: pin one of {PINNED}"


def test_github_jobs_plan_then_test_then_publish_only_from_main():
    jobs = github()["jobs"]
    assert set(jobs) == {"plan", "test", "publish"}
    assert "python3 -m deploy.ci plan" in runs(jobs["plan"])
    assert jobs["test"]["needs"] == "plan" and jobs["test"]["if"] == "needs.plan.outputs.test == 'true'"
    assert "bash .ci/run" in runs(jobs["test"])
    for command in (".venv/bin/invoke check", ".venv/bin/invoke build"):
        assert command in runs(jobs["test"])
    publish = jobs["publish"]
    assert publish["needs"] == ["plan", "test"]
    for condition in ("github.ref == 'refs/heads/main'", "needs.plan.outputs.deploy == 'true'",
                      "needs.test.result == 'success' || needs.test.result == 'skipped'"):  # fmt: skip
        assert condition in publish["if"]
    assert github()["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write"}
    assert publish["concurrency"] == {"group": "warta-deploy", "cancel-in-progress": False}
    script = runs(publish)
    assert script.index("invoke check") < script.index('invoke publish --target "$WARTA_DEPLOY_TARGET"')
    assert script.index("invoke publish") < script.index("invoke next-change | tee .next-change")


def test_github_caches_are_restored_before_the_build_and_saved_after_it():
    publish = steps(github()["jobs"]["publish"])
    restore = next(i for i, s in enumerate(publish) if s.get("uses") == "actions/cache/restore@v5")
    build = next(i for i, s in enumerate(publish) if "invoke publish" in s.get("run", ""))
    saves = [s for s in publish[build:] if s.get("uses") == "actions/cache/save@v5"]
    assert restore < build
    assert publish[restore]["with"]["path"].split() == ["cache", "output", ".websub-state.json"]
    assert publish[restore]["with"]["restore-keys"] == "warta-cache-"
    assert {s["with"]["path"].strip() for s in saves} == {"cache\noutput\n.websub-state.json", ".next-change"}
    cache_save = next(s for s in saves if s["with"]["path"].startswith("cache"))
    assert cache_save["if"] == "${{ !cancelled() }}"  # renders of a failed deploy are kept


def test_github_workflow_holds_no_secret_and_every_variable_is_documented():
    text = GITHUB.read_text(encoding="utf-8")
    assert not re.search(r"AKIA[0-9A-Z]{16}|BEGIN [A-Z ]*PRIVATE KEY|ghp_[0-9A-Za-z]{20,}", text)
    names = set(re.findall(r"\$\{\{\s*(?:secrets|vars)\.([A-Z0-9_]+)\s*\}\}", text))
    assert {"WARTA_DEPLOY_TARGET", "AWS_ACCESS_KEY_ID", "WARTA_SSH_PRIVATE_KEY", "WARTA_SITEURL"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert not missing, f"README does not document {missing}"


# GitLab CI

@pytest.mark.parametrize("path", [GITLAB, *GITLAB_CHILDREN], ids=lambda p: p.name)
def test_gitlab_files_validate_against_gitlabs_schema(path):
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_schema_check_does_catch_a_mistake(tmp_path):
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("  stage: test\n", "  stages: test\n"))
    done = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(broken)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1 and "'stages' was unexpected" in done.stdout


def gitlab_jobs(config: dict) -> dict[str, dict]:
    reserved = {"stages", "workflow", "variables", "default", "include", "image", "services", "cache"}
    return {name: job for name, job in config.items() if name not in reserved and not name.startswith(".")}


def test_gitlab_pipeline_has_the_required_stages_jobs_and_rules():
    config = load(GITLAB)
    assert config["stages"] == ["plan", "test", "publish"]
    jobs = gitlab_jobs(config)
    assert set(jobs) == {"plan", "test", "publish"}
    for name, job in jobs.items():
        assert job["stage"] in config["stages"], name
        for needed in job.get("needs", []):
            assert needed in jobs, f"{name} needs unknown job {needed}"
    sources = [rule["if"] for rule in config["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in sources
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in sources
    assert "python3 -m deploy.ci plan" in "\n".join(jobs["plan"]["script"])
    assert jobs["plan"]["artifacts"]["reports"]["dotenv"] == "plan.env"
    test = "\n".join(jobs["test"]["script"])
    assert '"$WARTA_TEST" != "true"' in test and "bash .ci/run" in test and ".venv/bin/invoke build" in test
    publish = jobs["publish"]
    assert publish["needs"] == ["plan", "test"]
    assert publish["rules"] == [{"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != '
                                      '"merge_request_event"'}]  # fmt: skip
    assert publish["trigger"]["include"] == [{"artifact": "publish-pipeline.yml", "job": "plan"}]
    assert publish["trigger"]["strategy"] == "depend"
    plan = "\n".join(jobs["plan"]["script"])
    for child in GITLAB_CHILDREN:
        assert f"cp {child.relative_to(ROOT)} publish-pipeline.yml" in plan


def test_gitlab_deploy_child_builds_guards_deploys_and_keeps_the_caches():
    deploy = load(GITLAB_CHILDREN[0])["deploy"]
    assert deploy["resource_group"] == "production"
    caches = {cache["key"] if isinstance(cache["key"], str) else cache["key"]["prefix"]: cache
              for cache in deploy["cache"]}  # fmt: skip
    assert caches["warta-site"]["paths"] == ["cache/", "output/", ".websub-state.json"]
    assert caches["warta-site"]["when"] == "always"
    assert caches["warta-next-change"]["paths"] == [".next-change"]
    script = "\n".join(deploy["script"])
    assert script.index("invoke check") < script.index('invoke publish --target "$WARTA_DEPLOY_TARGET"')
    assert script.index("invoke publish") < script.index("invoke next-change | tee .next-change")
    idle = load(GITLAB_CHILDREN[1])["idle"]
    assert idle["cache"] == [] and "invoke" not in "\n".join(idle["script"])


@pytest.mark.parametrize("path", [GITLAB, *GITLAB_CHILDREN], ids=lambda p: p.name)
def test_gitlab_job_scripts_pass_shellcheck(path, tmp_path):
    found = shellcheck()
    if found is None:
        pytest.skip("shellcheck is missing: apt-get install shellcheck")
    for name, job in gitlab_jobs(load(path)).items():
        if "script" not in job:
            continue
        script = tmp_path / f"{name}.sh"
        script.write_text("#!/bin/sh\nset -e\n" + "\n".join(job["script"]) + "\n", encoding="utf-8")
        done = subprocess.run([found, "--shell=sh", "--severity=style", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, f"{path.name}: {name}: {done.stdout}"


def test_gitlab_variables_used_by_the_jobs_are_documented():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (GITLAB, *GITLAB_CHILDREN))
    used = set(re.findall(r"\$\{?(WARTA_[A-Z0-9_]+)", text)) - {"WARTA_TEST", "WARTA_DEPLOY"}
    assert {"WARTA_DEPLOY_TARGET", "WARTA_PREVIOUS", "WARTA_SITEURL"} <= used
    missing = sorted(name for name in used if f"`{name}`" not in README)
    assert not missing, f"README does not document {missing}"
