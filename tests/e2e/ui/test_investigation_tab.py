"""The Investigation tab in a real Airflow UI, driven by headless Chromium.

A real failing DAG runs on a real cluster (scheduler, dag-processor, api-server with the embedded
runner). The browser logs in through Airflow's login page, opens the failed task instance, opens
the Investigation tab and reads the root cause; a second investigation is written step by step by
the test (playing the runner) while the browser watches the steps arrive; the report is downloaded.
A log line ``<script>alert(1)</script>`` must render as text: no dialog may open.

Screenshots go to ``PIPELINE_DEBUGGER_ARTIFACTS`` (default ``build/test-artifacts/ui``) and, with
``PIPELINE_DEBUGGER_UPDATE_SCREENSHOTS=1``, to ``docs/screenshots/``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-api-e2e-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)

from sqlalchemy.orm import sessionmaker
from support.airflow_cluster import AirflowCluster

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
DAG_ID = "ui_tab_demo"
XSS = "<script>alert(1)</script>"
ARTIFACTS = Path(os.environ.get("PIPELINE_DEBUGGER_ARTIFACTS", REPO / "build" / "test-artifacts" / "ui"))
DOCS_SHOTS = REPO / "docs" / "screenshots"
TAB = "plugin/pipeline-debugger-investigation"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowCluster]:
    with AirflowCluster(
        home=tmp_path_factory.mktemp("airflow-ui"),
        dags_folder=Path(__file__).parent / "dags",
        backend="sqlite",
        port_range=(18750, 18799),
        parallelism=2,
        extra_env={"AIRFLOW__PIPELINE_DEBUGGER__SWEEP_INTERVAL_SECONDS": "5"},
    ) as c:
        c.wait_for_dag(DAG_ID)
        yield c


@pytest.fixture(scope="module")
def failed_run(cluster: AirflowCluster) -> dict[str, Any]:
    run_id = cluster.trigger(DAG_ID)
    run = cluster.wait_for_run(DAG_ID, run_id)
    assert run["state"] == "failed"

    def investigated() -> dict[str, Any] | None:
        resp = cluster.api.get(
            "/pipeline-debugger/api/task-instance",
            params={"dag_id": DAG_ID, "run_id": run_id, "task_id": "transform"},
        )
        inv = resp.json().get("investigation") if resp.status_code == 200 else None
        return inv if inv and inv["status"] == "succeeded" else None

    inv = cluster.wait_for(investigated, 180, "the transform failure investigated")
    return {"run_id": run_id, "investigation": inv}


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    if os.environ.get("PIPELINE_DEBUGGER_UPDATE_SCREENSHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, DOCS_SHOTS / name)


@pytest.fixture(scope="module")
def browser_page(cluster: AirflowCluster) -> Iterator[tuple[Any, list[str]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        dialogs: list[str] = []
        console.clear()

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.goto(f"{cluster.base_url}/")
        page.locator("input[name=username]").fill("admin")
        page.locator("input[name=password]").fill("admin")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/auth/login" not in url, timeout=30_000)
        try:
            yield page, dialogs
        finally:
            context.close()
            browser.close()


#: Console messages and script errors of every frame (the plugin's iframe included), for failure reports.
console: list[str] = []


def diagnose(page: Any) -> str:
    """What each frame shows, and what the console said: printed when a browser assertion fails."""
    parts = []
    for frame in page.frames:
        try:
            text = frame.locator("body").inner_text(timeout=2000)[:1500]
        except Exception as exc:
            text = f"<unreadable: {exc}>"
        parts.append(f"--- frame {frame.url}\n{text}")
    return "\n".join([*parts, "--- console", *console[-40:]])


@pytest.fixture(autouse=True)
def _report_browser_state(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    page = request.node.funcargs.get("browser_page")
    report = getattr(request.node, "rep_call", None)
    if page is not None and report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page[0].screenshot(path=str(ARTIFACTS / f"failure-{request.node.name}.png"))
        print(diagnose(page[0]))


def _task_url(cluster: AirflowCluster, run_id: str, task_id: str, tab: str = "") -> str:
    url = f"{cluster.base_url}/dags/{DAG_ID}/runs/{quote(run_id, safe='')}/tasks/{task_id}"
    return f"{url}/{tab}" if tab else url


def test_failed_task_shows_root_cause_and_report(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = failed_run["investigation"]
    page.goto(_task_url(cluster, failed_run["run_id"], "transform"))
    page.get_by_role("link", name="Investigation", exact=True).or_(
        page.get_by_role("tab", name="Investigation", exact=True)
    ).first.click()
    page.wait_for_url(lambda url: url.endswith(TAB), timeout=30_000)
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(inv["root_cause_title"], timeout=30_000)
    expect(frame.locator("#confidence")).to_have_text(f"{inv['confidence']}%")
    expect(frame.locator("#hypotheses")).to_be_visible()
    # The investigation's status in words that cannot be read as the task's: never a green "succeeded"
    # next to Airflow's red "Failed".
    badge = frame.locator("#status-badge [data-status=succeeded]")
    expect(badge).to_have_text("Investigation complete")
    green = frame.locator("body").evaluate(  # the colour of a confirmed hypothesis's badge
        "b => { const p = document.createElement('span'); p.className = 'badge confirmed'; b.append(p);"
        " const c = getComputedStyle(p).color; p.remove(); return c; }"
    )
    assert badge.evaluate("e => getComputedStyle(e).color") != green
    # The stages the investigation ran are steps of the tab (the deterministic engine records them too).
    for stage in ("Stage classify", "Stage recommend"):
        expect(frame.locator("#steps li .step-title", has_text=stage).first).to_be_visible(timeout=15_000)
    _shot(page, "investigation-tab.png")

    # The log line with a script tag is on the page as text, in the task log evidence.
    frame.locator("#evidence button").first.click()
    xss_line = frame.locator(".lines div", has_text=XSS)
    expect(xss_line.first).to_be_visible(timeout=15_000)
    # The stored line keeps the tool's colour codes; the page shows the line without them.
    task_log = next(
        a
        for a in cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()["artifacts"]
        if a["kind"] == "log"
    )
    raw = cluster.api.get(
        f"/pipeline-debugger/api/investigations/{inv['id']}/artifacts/{task_log['evidence_id']}"
    )
    assert any("\x1b[33m" in line["text"] for line in raw.json()["lines"])
    shown = frame.locator(".lines div", has_text="columns in export:")
    expect(shown.first).to_be_visible()
    assert "\x1b" not in frame.locator(".lines").first.inner_text()
    assert frame.locator("script:not([src])").count() == 0
    frame.locator("#evidence").scroll_into_view_if_needed()
    _shot(page, "investigation-evidence.png")

    # Dark mode follows the system preference, like the Airflow UI around it.
    page.emulate_media(color_scheme="dark")
    page.reload()
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(inv["root_cause_title"], timeout=30_000)
    _shot(page, "investigation-tab-dark.png")
    page.emulate_media(color_scheme="light")

    with page.expect_download(timeout=30_000) as download:
        frame.locator("#download-report").click()
    report = ARTIFACTS / "investigation-report.md"
    download.value.save_as(report)
    text = report.read_text()
    assert inv["root_cause_title"].split()[0] in text
    assert XSS not in text
    assert "## Stages" in text and "- **classify** (deterministic; reads airflow, logs)" in text

    # Feedback and extra evidence from the tab.
    frame.locator("#vote-up").click()
    expect(frame.locator("#vote-up.pressed")).to_be_visible()
    frame.locator("#upload summary").or_(frame.locator("summary", has_text="Add evidence")).first.click()
    frame.locator("#upload textarea").fill(f"ERROR export job wrote cust_id instead of customer_id {XSS}")
    frame.locator("#upload input[name=name]").fill("export-job.log")
    frame.locator("#upload button[type=submit]").click()
    added = frame.locator("#evidence button", has_text="export-job.log (added by admin)")
    expect(added).to_be_visible(timeout=15_000)
    added.click()
    frame.locator("#evidence-viewer button.remove-upload").click()
    expect(added).to_have_count(0, timeout=15_000)
    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()
    root = next(f for f in detail["findings"] if f["kind"] == "root_cause")
    assert root["feedback"] == "up" and root["feedback_user"] == "admin"
    assert dialogs == []


def test_running_investigation_streams_steps_live(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    from airflow_pipeline_debugger.domain import (
        Category,
        InvestigationResult,
        PipelineType,
        Remediation,
        RootCause,
        Step,
        StepKind,
        Transience,
    )
    from airflow_pipeline_debugger.store import repository
    from airflow_pipeline_debugger.store.models import Investigation, utcnow

    page, dialogs = browser_page
    db = sessionmaker(bind=cluster.engine, expire_on_commit=False)
    with db.begin() as session:  # the test is the runner of this one: claimed, heartbeating
        inv, _ = repository.ensure_investigation(
            session,
            dag_id=DAG_ID,
            run_id=failed_run["run_id"],
            task_id="load",
            map_index=-1,
            try_number=1,
            trigger="e2e",
        )
        row = session.get(Investigation, inv.id)
        assert row is not None
        row.status, row.claimed_by, row.started_at, row.heartbeat_at = (
            "running",
            "e2e-test",
            utcnow(),
            utcnow(),
        )
        investigation_id = inv.id

    page.goto(_task_url(cluster, failed_run["run_id"], "load", TAB))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#status-badge [data-status=running]")).to_be_visible(timeout=30_000)
    expect(frame.locator("#live-state")).to_have_text("● live")
    titles = [
        "Hypotheses: upstream export renamed cust_id",
        f"Evidence: KeyError in transform {XSS}",
        "Root cause: input schema drift",
    ]
    for seq, title in enumerate(titles, start=1):
        with db.begin() as session:
            repository.append_step(
                session, investigation_id, Step(StepKind.HYPOTHESIS, title, f"step **{seq}**")
            )
            repository.heartbeat(session, [investigation_id], "e2e-test")
        expect(frame.locator(f"#steps li[data-seq='{seq}'] .step-title")).to_have_text(title, timeout=15_000)
        expect(frame.locator("#steps li[data-seq]")).to_have_count(seq)
        if seq == 2:
            _shot(page, "investigation-live.png")
        time.sleep(0.5)

    result = InvestigationResult(
        pipeline_type=PipelineType.AIRFLOW,
        hypotheses=[],
        root_cause=RootCause(
            title="Upstream export renamed cust_id",
            confidence=77,
            category=Category.DATA,
            transience=Transience.PERMANENT,
        ),
        remediation=Remediation(immediate_fix="Map cust_id to customer_id"),
    )
    with db.begin() as session:
        assert repository.mark_succeeded(session, investigation_id, result, runner_id="e2e-test")
    expect(frame.locator("#root-cause-title")).to_have_text("Upstream export renamed cust_id", timeout=30_000)
    expect(frame.locator("#steps li[data-seq]")).to_have_count(3)
    assert dialogs == []


def test_run_tab_and_nav_page_list_investigations(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    run_url = f"{cluster.base_url}/dags/{DAG_ID}/runs/{quote(failed_run['run_id'], safe='')}"
    page.goto(f"{run_url}/plugin/pipeline-debugger-run")
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#investigations tbody tr[data-id]")).to_have_count(2, timeout=30_000)
    _shot(page, "dag-run-tab.png")

    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#investigations tbody tr[data-id]").first).to_be_visible(timeout=30_000)
    frame.locator("input[aria-label=DAG]").fill(DAG_ID)
    frame.locator("select[aria-label=Status]").select_option("succeeded")
    frame.get_by_role("button", name="Apply").click()
    expect(frame.locator("#investigations tbody tr[data-id]")).to_have_count(2)
    _shot(page, "investigations-list.png")
    assert dialogs == []


def test_accuracy_panel_counts_the_feedback(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = failed_run["investigation"]
    real_cause = f"the upstream export renamed the column {XSS}"
    voted = cluster.api.post(
        f"/pipeline-debugger/api/investigations/{inv['id']}/feedback",
        json={"feedback": "down", "comment": real_cause},
    )
    assert voted.status_code == 200, voted.text
    totals = cluster.api.get("/pipeline-debugger/api/accuracy").json()["totals"]
    assert totals["wrong"] >= 1

    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    frame.locator("#accuracy summary").click()
    answers = f"{totals['answers']} answer{'' if totals['answers'] == 1 else 's'}"
    expect(frame.locator("#accuracy-totals")).to_contain_text(
        f"{answers}, {totals['rated']} rated", timeout=30_000
    )
    expect(frame.locator("#accuracy .real-causes")).to_contain_text(real_cause)
    expect(frame.locator("#accuracy .tally", has_text="By rule or model")).to_be_visible()
    _shot(page, "accuracy-panel.png")
    assert dialogs == []


def test_recurring_causes_page_and_chart(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = failed_run["investigation"]
    overview = cluster.api.get("/pipeline-debugger/api/recurring").json()
    cause = next(c for c in overview["causes"] if c["fingerprint"] == inv["fingerprint"])

    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    frame.locator("#recurring-link").click()
    row = frame.locator(f"#recurring tr[data-fingerprint='{inv['fingerprint']}']")
    expect(row).to_be_visible(timeout=30_000)
    expect(row.locator("td.count")).to_have_text(f"{cause['count']}\N{MULTIPLICATION SIGN}")
    expect(row).to_contain_text(DAG_ID)
    expect(frame.locator("#recurring-summary")).to_contain_text(f"{overview['failures']} failures")
    bars = frame.locator("#daily-chart rect.bar")
    expect(bars.first).to_be_visible()
    assert bars.count() == sum(len(d["counts"]) for d in overview["per_day"])
    _shot(page, "recurring-causes.png")
    page.emulate_media(color_scheme="dark")
    _shot(page, "recurring-causes-dark.png")
    page.emulate_media(color_scheme="light")
    assert dialogs == []


#: Real-run answers (the eval corpus) shown in the tab, and the evidence each must cite first.
STRONGEST = {
    "spark/skew_oom": "Stage 2.0: largest task shuffle read",
    "dbt/upstream_renamed_column": 'Candidate bindings: "email_address"',
}


@pytest.mark.parametrize("scenario", sorted(STRONGEST))
def test_answer_cites_the_strongest_evidence_and_shows_code_as_code(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]], scenario: str
) -> None:
    """The skew OOM and the dbt rename do not run in this cluster: their real-run answers are stored."""
    from playwright.sync_api import expect

    from airflow_pipeline_debugger.domain import FailureContext, TaskKey
    from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files
    from airflow_pipeline_debugger.store import repository
    from airflow_pipeline_debugger.store.models import Investigation, utcnow

    page, dialogs = browser_page
    folder = REPO / "eval" / "scenarios" / scenario
    run = analyze_files(
        sorted((folder / "logs").iterdir()),
        sorted((folder / "artifacts").iterdir()),
        OfflineSettings.load(use_model=False),
        context=FailureContext(key=TaskKey(dag_id=DAG_ID, task_id=folder.name), trigger="e2e"),
    )
    db = sessionmaker(bind=cluster.engine, expire_on_commit=False)
    with db.begin() as session:  # the test is the runner of this one: its evidence, then its answer
        inv, _ = repository.ensure_investigation(
            session,
            dag_id=DAG_ID,
            run_id=failed_run["run_id"],
            task_id=folder.name,
            map_index=-1,
            try_number=1,
            trigger="e2e",
        )
        row = session.get(Investigation, inv.id)
        assert row is not None
        row.status, row.claimed_by, row.started_at, row.heartbeat_at = (
            "running",
            "e2e-test",
            utcnow(),
            utcnow(),
        )
        for evidence in run.bundle.evidence:
            repository.add_artifact(session, inv.id, evidence)
        assert repository.mark_succeeded(session, inv.id, run.result, runner_id="e2e-test")
        investigation_id = inv.id

    page.goto(f"{cluster.base_url}/pipeline-debugger/ui/investigation?id={investigation_id}")
    rc, rem = run.result.root_cause, run.result.remediation
    expect(page.locator("#root-cause-title")).to_have_text(rc.title, timeout=30_000)
    # The strongest evidence is the first thing cited.
    expect(page.locator("#cited-lines li").first).to_contain_text(STRONGEST[scenario])
    # Markdown is rendered, never shown: no backtick anywhere on the page.
    assert "`" not in page.locator("body").inner_text()
    # Code blocks hold only code: exactly the answer's blocks and commands, nothing more.
    blocks = [*rem.immediate_fix_code, *rem.change_code]
    rendered = page.locator(".code-block pre code").all_inner_texts()
    assert sorted(rendered) == sorted([*(b.code for b in blocks), *rem.diagnostic_commands])
    for block in blocks:
        shown = page.locator(".code-block", has=page.locator("pre code", has_text=block.code.splitlines()[0]))
        expect(shown.first).to_have_attribute("data-language", block.language.value)
        expect(shown.first).to_have_attribute(
            "data-changes-state", "true" if block.changes_state else "false"
        )
        if block.placeholders:  # what is left to fill in is named, never guessed
            note = f"Fill in before running: {', '.join(block.placeholders)}"
            expect(shown.first.locator(".placeholders")).to_have_text(note)
    # Python is shown and copied as Python, never with a shell label.
    for block in page.locator(".code-block[data-language=python]").all():
        expect(block.locator(".lang")).to_have_text("Python")
        expect(block.get_by_role("button", name="Copy Python")).to_be_visible()
    # What re-runs work says so, and none of the diagnostic commands does.
    expect(page.locator(".code-block .badge.state")).to_have_count(sum(b.changes_state for b in blocks))
    overflowing = page.locator(".code-block pre, #cited-lines li").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth).length"
    )
    assert overflowing == 0
    # Findings that support the root cause sit under it.
    top = run.result.hypotheses[0]
    for finding in top.supporting:
        expect(page.locator("#hypotheses .supporting li", has_text=finding["title"])).to_be_visible()
    name = folder.name.replace("_", "-")
    _shot(page, f"investigation-answer-{name}.png")
    page.locator("#hypotheses").scroll_into_view_if_needed()
    _shot(page, f"investigation-answer-{name}-reasoning.png")
    assert dialogs == []
