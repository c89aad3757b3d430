"""The newsroom's CI workflows lint clean and do what docs/publishing.md, "Publishing by git
push" and "Deploying safely", says.

GitHub Actions: actionlint (which runs shellcheck over every `run:` script when shellcheck is
installed) plus the structure Warta relies on. GitLab CI: GitLab's own JSON schema for
.gitlab-ci.yml (vendored by check-jsonschema), the required stages, jobs, rules and caches,
and shellcheck over every job script. On both: the jobs that read content hold no secret,
the deploy job runs nothing but the upload, the WebSub ping, the broadcast and the email
digests, actions and images are pinned to what they were reviewed as, and every install
checks the requirements' hashes.
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
# The actions the workflow may use: the release's commit, its tag, and the inputs its
# action.yml declares (actionlint checks inputs only for tags, not for commits).
CHECKOUT = ("fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09", "v5.1.0",
            {"allow-unsafe-pr-checkout", "clean", "fetch-depth", "fetch-tags", "filter", "github-server-url", "lfs",
             "path", "persist-credentials", "ref", "repository", "set-safe-directory", "show-progress",
             "sparse-checkout", "sparse-checkout-cone-mode", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user",
             "submodules", "token"})  # fmt: skip
CACHE = "27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"
PINNED = {
    "actions/checkout": CHECKOUT,
    "actions/setup-python": ("ece7cb06caefa5fff74198d8649806c4678c61a1", "v6.3.0",
                             {"allow-prereleases", "architecture", "cache", "cache-dependency-path", "check-latest",
                              "freethreaded", "pip-install", "pip-version", "python-version", "python-version-file",
                              "token", "update-environment"}),
    "actions/cache": (*CACHE, {"enableCrossOsArchive", "fail-on-cache-miss", "key", "lookup-only", "path",
                               "restore-keys", "save-always", "upload-chunk-size"}),
    "actions/cache/restore": (*CACHE, {"enableCrossOsArchive", "fail-on-cache-miss", "key", "lookup-only", "path",
                                       "restore-keys"}),
    "actions/cache/save": (*CACHE, {"enableCrossOsArchive", "key", "path", "upload-chunk-size"}),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0",
                                {"archive", "compression-level", "if-no-files-found", "include-hidden-files", "name",
                                 "overwrite", "path", "retention-days"}),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1",
                                  {"artifact-ids", "digest-mismatch", "github-token", "merge-multiple", "name", "path",
                                   "pattern", "repository", "run-id", "skip-decompress"}),
    "actions/github-script": ("ed597411d8f924073f98dfc5c65a23a2325f34cd", "v8.0.0",
                              {"base-url", "debug", "github-token", "previews", "result-encoding", "retries",
                               "retry-exempt-status-codes", "script", "user-agent"}),
}  # fmt: skip
README = (ROOT / "README.md").read_text(encoding="utf-8")
PUBLISHING = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
REQUIREMENTS = sorted(ROOT.glob("requirements*.txt"))
# Jobs that read content (check, build, tests) and the one job that holds deploy credentials.
READERS, DEPLOY = ("plan", "test", "build", "report"), "deploy"
# Commands that read content; the deploy job may run none of them.
PINNED_IMAGE = re.compile(r"[a-z0-9./-]+:[\w.-]+@sha256:[0-9a-f]{64}")  # a tag for people, a digest for pulls
CONTENT_COMMANDS = re.compile(r"invoke (?!deploy\b|digest\b)[\w-]+|\.ci/run|pytest|pelican|deploy\.ci")


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
    """The lint above is real: the same workflow with a wrong `needs` and an unknown job's result fails."""
    broken = GITHUB.read_text(encoding="utf-8").replace("needs: [plan, test]", "needs: [plan, tests]")
    broken = broken.replace("needs.build.result == 'success'", "needs.built.result == 'success'")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "publish.yml").write_text(broken, encoding="utf-8")
    done = subprocess.run([tool("actionlint"), "-no-color", "-shellcheck=", ".github/workflows/publish.yml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert 'needs job "tests" which does not exist' in done.stdout
    assert 'property "built" is not defined' in done.stdout


def test_github_triggers_push_to_main_pull_requests_schedule_and_manual_runs():
    on = github()["on"]
    # No path filter: a push of content only runs the checks, the build and the guard too.
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request" in on and not on["pull_request"]
    assert [entry["cron"] for entry in on["schedule"]] == ["*/15 * * * *"]
    assert "previous" in on["workflow_dispatch"]["inputs"]


def uses_lines() -> list[tuple[str, str, str]]:
    """(action, ref, trailing comment) of every `uses:` line, comments being lost to YAML."""
    return re.findall(r"^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)[ \t]*(?:#[ \t]*(.*))?$",
                      GITHUB.read_text(encoding="utf-8"), re.MULTILINE)  # fmt: skip


def test_github_actions_are_pinned_by_full_commit_sha_with_the_release_in_a_comment():
    used = uses_lines()
    assert len(used) == sum(1 for job in github()["jobs"].values() for step in steps(job) if "uses" in step)
    for action, ref, comment in used:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action}@{ref}: pin the release's full commit SHA"
        assert action in PINNED, f"{action}: an action nobody has reviewed; add it to PINNED with its commit"
        commit, release, _ = PINNED[action]
        assert (ref, comment.strip()) == (commit, release), f"{action}@{ref} # {comment}: expected {commit} # {release}"


def test_github_steps_pass_only_inputs_the_pinned_release_declares():
    for name, job in github()["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                unknown = set(step.get("with", {})) - PINNED[step["uses"].partition("@")[0]][2]
                assert not unknown, f"{name}: {step['uses']}: unknown input(s) {sorted(unknown)}"


def test_github_jobs_plan_test_build_then_deploy_only_from_main():
    jobs = github()["jobs"]
    assert set(jobs) == {"plan", "test", "build", "deploy", "report", "comment"}
    assert "python3 deploy/ci.py plan" in runs(jobs["plan"])
    assert jobs["test"]["needs"] == "plan" and jobs["test"]["if"] == "needs.plan.outputs.test == 'true'"
    assert "bash .ci/run" in runs(jobs["test"])
    for command in (".venv/bin/invoke check", ".venv/bin/invoke build"):
        assert command in runs(jobs["test"])
    build = jobs["build"]
    assert build["needs"] == ["plan", "test"]
    # The build runs when the test suite was skipped (a push of content only, a schedule).
    for condition in ("github.ref == 'refs/heads/main'", "needs.plan.outputs.deploy == 'true'",
                      "needs.test.result == 'success' || needs.test.result == 'skipped'"):  # fmt: skip
        assert condition in build["if"]
    assert "needs.plan.outputs.test" not in build["if"]
    assert build["concurrency"] == {"group": "warta-build", "cancel-in-progress": False}
    script = runs(build)
    assert script.index("invoke check") < script.index("invoke publish --no-ping ${PREVIOUS:+--previous")
    assert script.index("invoke publish") < script.index("invoke next-change | tee .next-change")
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["plan", "build"]
    assert deploy["if"] == "${{ !cancelled() && needs.build.result == 'success' }}"
    assert deploy["concurrency"] == {"group": "warta-deploy", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "production"
    assert 'invoke deploy --target "$WARTA_DEPLOY_TARGET"' in runs(deploy)


def step_using(job: dict, action: str, path: str | None = None) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").partition("@")[0] == action
            and (path is None or s["with"]["path"].split() == path.split())]  # fmt: skip


def test_github_build_caches_are_restored_before_the_build_saved_after_it_and_the_site_handed_on():
    build = github()["jobs"]["build"]
    order = steps(build)
    (restore,) = step_using(build, "actions/cache/restore", "cache output")
    (save,) = step_using(build, "actions/cache/save", "cache output")
    (upload,) = step_using(build, "actions/upload-artifact")
    built = next(s for s in order if "invoke publish" in s.get("run", ""))
    assert order.index(restore) < order.index(built) < order.index(save) < order.index(upload)
    assert restore["with"]["restore-keys"] == "warta-cache-" and save["with"]["key"] == restore["with"]["key"]
    assert save["if"] == "${{ !cancelled() }}"  # renders of a failed build are kept
    assert upload["with"]["name"] == "site" and upload["with"]["path"].split() == ["output", "outbox", ".next-change"]
    assert upload["with"]["include-hidden-files"] is True and upload["with"]["if-no-files-found"] == "error"
    deploy = github()["jobs"]["deploy"]
    (download,) = step_using(deploy, "actions/download-artifact")
    assert download["with"] == {"name": "site", "path": "."}
    (websub,) = step_using(deploy, "actions/cache/restore", ".websub-state.json")
    assert websub["with"]["restore-keys"] == "warta-websub-"
    (ledger,) = step_using(deploy, "actions/cache/restore", ".sent.json")
    assert ledger["with"]["restore-keys"] == "warta-sent-"
    saved = {s["with"]["path"]: s for s in step_using(deploy, "actions/cache/save")}
    assert set(saved) == {".websub-state.json", ".sent.json", ".next-change"}
    assert saved[".websub-state.json"]["if"] == "${{ !cancelled() }}"
    # What a failed step after a send recorded is kept: those messages went out.
    assert saved[".sent.json"]["if"] == "${{ !cancelled() && hashFiles('.sent.json') != '' }}"
    assert saved[".sent.json"]["with"]["key"] == ledger["with"]["key"]
    assert "if" not in saved[".next-change"]  # recorded for the schedule only after a deploy succeeded
    deploying = next(s for s in steps(deploy) if "invoke deploy" in s.get("run", ""))
    assert steps(deploy).index(download) < steps(deploy).index(deploying) < steps(deploy).index(saved[".next-change"])
    assert steps(deploy).index(ledger) < steps(deploy).index(deploying) < steps(deploy).index(saved[".sent.json"])
    # The broadcast's targets reach the one step that sends, from the environment's secrets.
    assert deploying["env"]["WARTA_BROADCAST_URLS"] == "${{ secrets.WARTA_BROADCAST_URLS }}"
    # The digests go out after the upload, before the ledger is saved, with the SMTP secret only.
    sending = next(s for s in steps(deploy) if "invoke digest" in s.get("run", ""))
    assert sending["env"] == {"WARTA_SMTP_URL": "${{ secrets.WARTA_SMTP_URL }}"}
    assert steps(deploy).index(deploying) < steps(deploy).index(sending) < steps(deploy).index(saved[".sent.json"])


def test_github_jobs_that_read_content_hold_no_secret_and_no_writable_token():
    workflow = github()
    assert "secrets." not in yaml.safe_dump(workflow.get("env", {}))  # workflow env reaches every job
    for name in READERS:
        job = workflow["jobs"][name]
        text = yaml.safe_dump(job)
        assert "secrets." not in text, f"{name} reads content and must not see a secret"
        assert "github.token" not in text and "GITHUB_TOKEN" not in text, name
        assert "environment" not in job, f"{name} must not enter the production environment and its secrets"
        assert job["permissions"] == {"contents": "read"}, name
    jobs_with_secrets = {name for name, job in workflow["jobs"].items() if "secrets." in yaml.safe_dump(job)}
    assert jobs_with_secrets == {DEPLOY}


def test_github_pull_requests_get_the_preview_report_in_the_summary_and_an_artifact():
    report = github()["jobs"]["report"]
    assert report["if"] == "github.event_name == 'pull_request'"
    (checkout,) = step_using(report, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 2  # the merge commit and the base branch, its first parent
    assert '.venv/bin/invoke pr-report --base HEAD^1 --summary "$GITHUB_STEP_SUMMARY"' in runs(report)
    (upload,) = step_using(report, "actions/upload-artifact")
    assert upload["with"]["name"] == "pr-report" and upload["with"]["path"] == "pr-report"
    assert "pip install --require-hashes -r requirements.txt" in runs(report)


def test_github_comment_job_runs_none_of_the_requests_code_and_skips_forks():
    """The one job with a writable token checks nothing out and runs no command: it downloads
    the report and posts its text (docs/publishing.md, "Reviewing a pull request")."""
    comment = github()["jobs"]["comment"]
    assert comment["needs"] == "report"
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert not step_using(comment, "actions/checkout") and not step_using(comment, "actions/cache/restore")
    assert all("run" not in step for step in steps(comment))
    assert [step["uses"].partition("@")[0] for step in steps(comment)] == ["actions/download-artifact",
                                                                           "actions/github-script"]  # fmt: skip
    (download,) = step_using(comment, "actions/download-artifact")
    assert download["with"] == {"name": "pr-report", "path": "pr-report"}
    script = steps(comment)[1]["with"]["script"]
    assert "eval" not in script and "exec" not in script and "komentar.md" in script and "perlu-penyetuju" in script


def test_github_container_images_are_pinned_by_digest():
    containers = {name: job["container"] for name, job in github()["jobs"].items() if "container" in job}
    assert containers
    for name, image in containers.items():
        image = image["image"] if isinstance(image, dict) else image
        assert PINNED_IMAGE.fullmatch(image), f"{name}: {image}: pin tag@sha256:digest"


def test_github_checkouts_keep_no_credential():
    for name, job in github()["jobs"].items():
        for step in step_using(job, "actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False, name


def test_github_permissions_are_the_least_each_job_needs():
    workflow = github()
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "plan": {"contents": "read"}, "test": {"contents": "read"}, "build": {"contents": "read"},
        "deploy": {"contents": "write"},  # the pages target pushes the gh-pages branch
        "report": {"contents": "read"},
        "comment": {"pull-requests": "write"},  # posts the report; reads no content, runs no code of the request
    }  # fmt: skip
    # The token reaches the deploy step only for the pages target.
    deploying = next(s for s in steps(workflow["jobs"][DEPLOY]) if "invoke deploy" in s.get("run", ""))
    assert deploying["env"]["PAGES_TOKEN"] == "${{ vars.WARTA_DEPLOY_TARGET == 'pages' && github.token || '' }}"


def test_github_deploy_job_runs_no_check_build_or_test_and_restores_no_code_from_a_cache():
    deploy = github()["jobs"][DEPLOY]
    script = runs(deploy)
    assert not CONTENT_COMMANDS.findall(script), CONTENT_COMMANDS.findall(script)
    assert re.findall(r"invoke [\w-]+", script) == ["invoke deploy", "invoke digest"]
    assert not step_using(deploy, "actions/cache")  # restore and save at once, e.g. a virtual environment
    restored = {s["with"]["path"] for s in step_using(deploy, "actions/cache/restore")}
    assert restored == {".websub-state.json", ".sent.json"}
    assert "pip install --require-hashes -r requirements.txt" in script


def test_the_content_command_pattern_does_catch_a_build_in_the_deploy_job():
    assert CONTENT_COMMANDS.findall(".venv/bin/invoke check && .venv/bin/invoke deploy --target s3 && bash .ci/run") \
        == ["invoke check", ".ci/run"]  # fmt: skip
    assert not CONTENT_COMMANDS.findall(".venv/bin/invoke deploy --target s3")
    assert not CONTENT_COMMANDS.findall(".venv/bin/invoke digest")  # reads the outbox, output/ and the ledger


def test_github_workflow_holds_no_secret_and_every_variable_is_documented():
    text = GITHUB.read_text(encoding="utf-8")
    assert not re.search(r"AKIA[0-9A-Z]{16}|BEGIN [A-Z ]*PRIVATE KEY|ghp_[0-9A-Za-z]{20,}", text)
    names = set(re.findall(r"\$\{\{\s*(?:secrets|vars)\.([A-Z0-9_]+)", text))
    assert {"WARTA_DEPLOY_TARGET", "AWS_ACCESS_KEY_ID", "WARTA_SSH_PRIVATE_KEY", "WARTA_SITEURL", "WARTA_BROADCAST_URLS"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in PUBLISHING)
    assert not missing, f"docs/publishing.md does not document {missing}"


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
    assert set(jobs) == {"plan", "test", "publish", "pr-report", "pr-report-note"}
    for name, job in jobs.items():
        assert job["stage"] in config["stages"], name
        for needed in job.get("needs", []):
            assert needed in jobs, f"{name} needs unknown job {needed}"
    sources = [rule["if"] for rule in config["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in sources
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in sources
    assert "python3 deploy/ci.py plan" in "\n".join(jobs["plan"]["script"])
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


def test_gitlab_publish_child_builds_without_secrets_then_deploys_the_built_site():
    child = load(GITLAB_CHILDREN[0])
    assert child["stages"] == ["build", "deploy"]
    build, deploy = child["build"], child["deploy"]
    assert build["stage"] == "build" and deploy["stage"] == "deploy"
    assert build["resource_group"] == "warta-build" and deploy["resource_group"] == "production"
    caches = {cache["key"] if isinstance(cache["key"], str) else cache["key"]["prefix"]: cache
              for cache in build["cache"]}  # fmt: skip
    assert caches["warta-site"]["paths"] == ["cache/", "output/"]
    assert caches["warta-site"]["when"] == "always"
    script = "\n".join(build["script"])
    assert "pip install --require-hashes -r requirements.txt" in script
    assert script.index("invoke check") < script.index('invoke publish --no-ping ${WARTA_PREVIOUS:+--previous')
    assert script.index("invoke publish") < script.index("invoke next-change | tee .next-change")
    assert build["artifacts"]["paths"] == ["output/", "outbox/", ".next-change"]
    assert deploy["needs"] == ["build"]
    assert deploy["environment"] == {"name": "production", "url": "$WARTA_SITEURL"}
    kept = {cache["key"]: cache for cache in deploy["cache"]}
    assert kept["warta-websub"] == {"key": "warta-websub", "paths": [".websub-state.json"], "when": "always"}
    assert kept["warta-sent"] == {"key": "warta-sent", "paths": [".sent.json"], "when": "always"}
    # The build's record overwrites nothing it restored, and is kept only once the deploy succeeded.
    assert kept["warta-next-change"] == {"key": "warta-next-change", "paths": [".next-change"], "policy": "push"}
    deploying = "\n".join(deploy["script"])
    assert deploying.index('invoke deploy --target "$WARTA_DEPLOY_TARGET"') < deploying.index("invoke digest")
    idle = load(GITLAB_CHILDREN[1])["idle"]
    assert idle["cache"] == [] and "invoke" not in "\n".join(idle["script"])


def all_gitlab_jobs() -> dict[str, dict]:
    return {f"{path.name}: {name}": job for path in (GITLAB, *GITLAB_CHILDREN) for name, job in gitlab_jobs(load(path)).items()}


def test_gitlab_only_the_deploy_job_enters_the_environment_that_holds_the_credentials():
    """Deploy credentials are CI/CD variables scoped to `production`: only a job naming that
    environment receives them, so no job that reads content may name it."""
    named = {name: job["environment"]["name"] for name, job in all_gitlab_jobs().items() if "environment" in job}
    # The note job's environment scopes the report token; it fetches no source and runs no task.
    assert named == {"publish.yml: deploy": "production", ".gitlab-ci.yml: pr-report-note": "laporan"}


def test_gitlab_deploy_job_runs_no_check_build_or_test_and_restores_no_code_from_a_cache():
    deploy = load(GITLAB_CHILDREN[0])["deploy"]
    script = "\n".join(deploy["script"])
    assert not CONTENT_COMMANDS.findall(script), CONTENT_COMMANDS.findall(script)
    assert re.findall(r"invoke [\w-]+", script) == ["invoke deploy", "invoke digest"]
    assert {path for cache in deploy["cache"] for path in cache["paths"]} == {".websub-state.json", ".sent.json",
                                                                              ".next-change"}
    assert "pip install --require-hashes -r requirements.txt" in script


def test_gitlab_merge_requests_get_the_preview_report_as_an_artifact_and_maybe_a_note():
    jobs = gitlab_jobs(load(GITLAB))
    report, note = jobs["pr-report"], jobs["pr-report-note"]
    for job in (report, note):
        assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert '.venv/bin/invoke pr-report --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in "\n".join(report["script"])
    assert report["artifacts"]["expose_as"] and report["artifacts"]["paths"] == ["pr-report/"]
    assert "WARTA_REPORT_TOKEN" not in yaml.safe_dump(report)
    assert note["needs"] == ["pr-report"] and note["variables"] == {"GIT_STRATEGY": "none"}
    script = "\n".join(note["script"])
    assert "invoke" not in script and ".venv" not in script and "pip" not in script
    assert 'if [ -z "${WARTA_REPORT_TOKEN:-}" ]' in script  # without a token, the artifact only


def test_gitlab_images_are_pinned_by_digest():
    images = {name: job["image"] for name, job in all_gitlab_jobs().items() if "image" in job}
    assert set(images) == {name for name, job in all_gitlab_jobs().items() if "trigger" not in job}
    for name, image in images.items():
        assert PINNED_IMAGE.fullmatch(image), f"{name}: {image}: pin tag@sha256:digest"


# Python requirements

def requirement_problems(text: str) -> list[str]:
    """Each requirement (continuation lines joined) that is not `name==version` with a sha256 hash."""
    problems = []
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or re.fullmatch(r"-r \S+", line):
            continue
        requirement, *options = line.split()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", requirement):
            problems.append(f"{requirement}: pin one version with ==")
        hashes = [o for o in options if re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", o)]
        if not hashes or len(hashes) != len(options):
            problems.append(f"{requirement}: give a --hash=sha256:… for every file of the release, and nothing else")
    return problems


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda p: p.name)
def test_every_requirement_is_pinned_with_the_hashes_of_its_files(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"--hash=sha256:", text)
    assert not requirement_problems(text), f"{path.name}: {requirement_problems(text)}"
    for included in re.findall(r"^-r (\S+)$", text, re.MULTILINE):
        assert (ROOT / included) in REQUIREMENTS, f"{path.name} includes {included}"


def test_the_requirements_check_does_catch_an_unhashed_or_unpinned_addition():
    hashed = "pelican==4.12.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    assert requirement_problems("# comment\n-r requirements.txt\n" + hashed) == []
    assert requirement_problems(hashed + "requests==2.34.2\n") == [
        "requests==2.34.2: give a --hash=sha256:… for every file of the release, and nothing else"]
    assert requirement_problems("requests>=2 \\\n    --hash=sha256:" + "0" * 64 + "\n") == [
        "requests>=2: pin one version with =="]


def test_every_install_in_ci_and_in_the_readme_commands_requires_hashes():
    sources = {path.name: path.read_text(encoding="utf-8") for path in (GITHUB, GITLAB, *GITLAB_CHILDREN, ROOT / ".ci" / "run")}
    sources["README.md"] = "\n".join(re.findall(r"^python3 -m venv .*$", README, re.MULTILINE))
    installs = [(name, line) for name, text in sources.items() for line in re.findall(r"pip install [^&\n]*", text)]
    assert len([name for name, _ in installs if name == "README.md"]) == 5
    for name, line in installs:
        # Warta itself, from this checkout: nothing is downloaded, so there is nothing to hash.
        local = line.strip() == "pip install --no-deps --no-build-isolation -e ."
        assert "--require-hashes" in line or local, f"{name}: {line}"


def test_ci_runs_the_readmes_test_command():
    command = next(line for line in re.findall(r"^python3 -m venv .*$", README, re.MULTILINE) if "invoke test" in line)
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


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
    missing = sorted(name for name in used if f"`{name}`" not in PUBLISHING)
    assert not missing, f"docs/publishing.md does not document {missing}"
