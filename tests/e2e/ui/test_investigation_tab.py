"""The Investigation tab in a real Airflow UI, driven by headless Chromium.

A real failing DAG runs on a real cluster (scheduler, dag-processor, api-server with the embedded
runner). The browser logs in through Airflow's login page, opens the failed task instance, opens
the Investigation tab and reads the root cause; a second investigation is written step by step by
the test (playing the runner) while the browser watches the steps arrive; the report is downloaded.
A log line ``<script>alert(1)</script>`` must render as text: no dialog may open. A third is run
by the real runner code in a subprocess against a fake Anthropic server that scripts the model: its
stages and evidence tool reads (a refusal, the upstream task's log) are steps of the tab.

Screenshots go to ``PIPELINE_DEBUGGER_ARTIFACTS`` (default ``build/test-artifacts/ui``) and, with
``PIPELINE_DEBUGGER_UPDATE_SCREENSHOTS=1``, to ``docs/screenshots/``.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
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
from support.fake_anthropic import FakeAnthropic, Reply

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


#: One investigation run by the runner's own code (what a runner thread does with a claimed row).
RUN_ONE = textwrap.dedent(
    """
    import sys, threading
    from airflow.models import import_all_models
    import_all_models()
    from airflow_pipeline_debugger.runner.process import investigate
    from airflow_pipeline_debugger.runner.work import WorkContext
    from airflow_pipeline_debugger.store.session import own_session
    investigate(WorkContext(sys.argv[1], sys.argv[2], threading.Event(), own_session))
    """
)
HYPOTHESES = [
    {"id": "H1", "title": "The export renamed customer_id to cust_id", "likelihood": 70},
    {"id": "H2", "title": "A bug in transform", "likelihood": 20},
    {"id": "H3", "title": "The worker ran out of memory", "likelihood": 10},
]


def _cite_the_upstream_line(body: dict[str, Any]) -> Reply:
    """The investigate answer, citing the upstream log line the tool result showed the model."""
    text = json.dumps(body["messages"][-1]["content"]).replace("\\n", "\n")
    evidence = re.search(r"id=(E\d+) kind=upstream_log", text)
    line = re.search(r"^\s*(\d+)\| [^\n]*export wrote 2 rows", text, re.M)
    assert evidence and line, text[:2000]
    cite = f"{evidence.group(1)}:L{line.group(1)}"
    analysis = [
        {
            "hypothesis_id": "H1",
            "status": "confirmed",
            "reasoning": "load wrote cust_id.",
            "evidence": [cite],
        },
        {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "transform reads the promised column."},
        {"hypothesis_id": "H3", "status": "dismissed", "reasoning": "No memory error in the log."},
    ]
    root_cause = {
        "hypothesis_id": "H1",
        "title": "The upstream export renamed customer_id to cust_id",
        "summary": "load (upstream) wrote rows whose only column is cust_id; transform reads customer_id.",
        "confidence": 85,
        "justification": "The upstream log names the column it wrote.",
        "category": "data",
        "transience": "permanent",
        "evidence": [cite],
    }
    return Reply.tool_answer({"evidence_analysis": analysis, "root_cause": root_cause})


def test_model_driven_investigation_shows_stages_and_tool_reads(
    cluster: AirflowCluster, browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    from airflow_pipeline_debugger.store import repository
    from airflow_pipeline_debugger.store.models import Investigation, utcnow

    page, dialogs = browser_page
    run_id = cluster.trigger(DAG_ID)
    assert cluster.wait_for_run(DAG_ID, run_id)["state"] == "failed"

    def investigated() -> dict[str, Any] | None:
        resp = cluster.api.get(
            "/pipeline-debugger/api/task-instance",
            params={"dag_id": DAG_ID, "run_id": run_id, "task_id": "transform"},
        )
        inv = resp.json().get("investigation") if resp.status_code == 200 else None
        return inv if inv and inv["status"] == "succeeded" else None

    investigation_id = cluster.wait_for(investigated, 180, "the transform failure investigated")["id"]
    db = sessionmaker(bind=cluster.engine, expire_on_commit=False)
    with db.begin() as session:  # this test's runner takes the investigation over, from a clean slate
        repository.clear_progress(session, investigation_id)
        row = session.get(Investigation, investigation_id)
        assert row is not None
        row.status, row.claimed_by, row.started_at, row.heartbeat_at = (
            "running",
            "e2e-model",
            utcnow(),
            utcnow(),
        )

    with FakeAnthropic() as model:
        model.script(
            Reply.tool_call("upstream_log", {"task_id": "load"}),  # classify may not read upstream logs
            Reply.tool_answer({"class": "data", "hypotheses": HYPOTHESES}),
            Reply.tool_call("upstream_log", {"task_id": "load"}),  # the data branch may
            _cite_the_upstream_line,
            Reply.tool_answer({"remediation": {"immediate_fix": "Map cust_id to customer_id in transform."}}),
        )
        env = {
            **cluster.env,
            "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "True",
            "AIRFLOW__PIPELINE_DEBUGGER__LLM_MODEL": "claude-test-model",
            "ANTHROPIC_API_KEY": "test-key",
            "ANTHROPIC_BASE_URL": model.url,
        }
        done = subprocess.run(
            [sys.executable, "-c", RUN_ONE, investigation_id, "e2e-model"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        requests = len(model.requests)
    assert requests == 5, done.stderr[-3000:]

    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{investigation_id}").json()
    assert detail["status"] == "succeeded" and detail["root_cause_title"].startswith("The upstream export")
    tools = [s["data"] for s in detail["steps"] if "tool" in (s["data"] or {})]
    assert [(t["stage"], t["tool"], t["outcome"]) for t in tools] == [
        ("classify", "upstream_log", "refused"),
        ("investigate_data", "upstream_log", "read"),
    ]
    root = next(f for f in detail["findings"] if f["kind"] == "root_cause")
    assert root["confidence"] == 85, done.stderr[-3000:]  # the cited upstream line was read: no penalty

    page.goto(_task_url(cluster, run_id, "transform", TAB))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(detail["root_cause_title"], timeout=30_000)
    stages = frame.locator("#steps li.stage .step-title")
    expect(stages).to_have_count(3)
    for n, stage in enumerate(("classify", "investigate_data", "recommend")):
        expect(stages.nth(n)).to_have_text(f"Stage {stage} by claude-test-model")
    reads = frame.locator("#steps li.tool")
    expect(reads).to_have_count(2)
    expect(reads.nth(0).locator(".badge.outcome-refused")).to_have_text("refused")
    expect(reads.nth(0)).to_contain_text("stage 'classify' may not read upstream evidence")
    expect(reads.nth(1).locator(".step-title")).to_have_text("upstream_log(task_id='load')")
    expect(reads.nth(1).locator(".tool-summary")).to_have_text(re.compile(r"^E\d+ L\d+-L\d+ \(\d+ lines\)$"))
    # What the model read is one click away, the data fences it was wrapped in are not shown.
    expect(reads.nth(1).locator("details pre")).not_to_be_visible()
    # The screenshot starts at the first stage; nothing from there on names a path of this machine.
    first_stage = frame.locator("#steps li.stage").first
    shown = first_stage.evaluate(
        "li => { let t = ''; for (let e = li; e; e = e.nextElementSibling) t += e.innerText + '\\n';"
        " return t; }"
    )
    assert "upstream_log(task_id='load')" in shown
    assert not [p for p in (str(REPO), str(cluster.home), "/tmp/") if p in shown], shown
    first_stage.evaluate("e => e.scrollIntoView({block: 'start'})")
    _shot(page, "investigation-tool-reads.png")
    reads.nth(1).locator("details summary").click()
    expect(reads.nth(1).locator("details pre")).to_contain_text("export wrote 2 rows; columns: cust_id")
    assert "<<<" not in reads.nth(1).locator("details pre").inner_text()

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{investigation_id}/report.md").text
    stages_section = report.split("## Stages\n\n")[1].split("\n\n")[0]
    assert "  - `upstream_log(task_id='load')` refused: stage 'classify' may not read upstream evidence" in (
        stages_section
    )
    assert re.search(r"  - `upstream_log\(task_id='load'\)` read: E\d+ L\d+-L\d+", stages_section)
    assert dialogs == []
