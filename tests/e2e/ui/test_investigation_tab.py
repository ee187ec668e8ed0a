"""The Investigation tab in a real Airflow UI, driven by headless Chromium.

A real failing DAG runs on a real cluster (scheduler, dag-processor, api-server with the embedded
runner). The browser logs in through Airflow's login page, opens the failed task instance, opens
the Investigation tab and reads the root cause; a second investigation is written step by step by
the test (playing the runner) while the browser watches the steps arrive; the report is downloaded.
A log line ``<script>alert(1)</script>`` must render as text: no dialog may open. A third is run
by the real runner code in a subprocess against a fake Anthropic server that scripts the model: its
stages and evidence tool reads (a refusal, the upstream task's log) are steps of the tab.

Closing the loop on a task killed from outside (``orders_nightly``), whose log only guesses "likely
out of memory": the node's kubelet log added through the tab and the kernel's OOM-killer log added
through the API each change the re-run's answer to the cause they show, cited; removing them and
re-running gives the guess back. A "Wrong" vote with the real cause in the tab and a signed press
of the "Helpful" button on the alert the cluster posted to the fake Slack are counted in ``GET
/api/accuracy`` and the accuracy panel; a forged or replayed press is a 401 and stores nothing. An
on-call user who may read ``orders_nightly`` only sees its accuracy and its recurring causes and
chart, and takes those screenshots (so no other DAG's answers, with this machine's paths in their
tracebacks, appear in the docs).

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

import httpx
import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-api-e2e-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)

from sqlalchemy.orm import sessionmaker
from support.airflow_cluster import DEFAULT_USERS, AirflowCluster
from support.dag_scoped_auth import ENV as DAG_ACCESS_ENV
from support.fake_anthropic import FakeAnthropic, Reply
from support.fake_slack import FakeSlack, signed_interaction

REPO = Path(__file__).resolve().parents[3]
TESTS_DIR = REPO / "tests"
CHROMIUM = "/usr/bin/chromium"
DAG_ID = "ui_tab_demo"
XSS = "<script>alert(1)</script>"
ARTIFACTS = Path(os.environ.get("PIPELINE_DEBUGGER_ARTIFACTS", REPO / "build" / "test-artifacts" / "ui"))
DOCS_SHOTS = REPO / "docs" / "screenshots"
TAB = "plugin/pipeline-debugger-investigation"
SLACK_TOKEN = "xoxb-ui-e2e"
LOOP_DAG = "orders_nightly"
ONCALL = "oncall"
REAL_CAUSE = "the deploy job that creates orders_report_bucket did not run"
SLACK_SIGNING_SECRET = "e2e-signing-secret"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    """The Slack the cluster posts its alerts to (their buttons carry the investigation ids)."""
    with FakeSlack(tokens=(SLACK_TOKEN,)) as fake:
        yield fake


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, fake_slack: FakeSlack) -> Iterator[AirflowCluster]:
    slack = {
        "conn_type": "slack",
        "password": SLACK_TOKEN,
        "extra": {"base_url": fake_slack.api_url, "signing_secret": SLACK_SIGNING_SECRET},
    }
    with AirflowCluster(
        home=tmp_path_factory.mktemp("airflow-ui"),
        dags_folder=Path(__file__).parent / "dags",
        backend="sqlite",
        port_range=(18750, 18799),
        parallelism=2,
        users={**DEFAULT_USERS, ONCALL: ONCALL},
        extra_env={
            # The on-call user reads one DAG only (and takes the screenshots of the pages across DAGs).
            "AIRFLOW__CORE__AUTH_MANAGER": "support.dag_scoped_auth.DagScopedAuthManager",
            DAG_ACCESS_ENV: json.dumps({ONCALL: [LOOP_DAG]}),
            "PYTHONPATH": os.pathsep.join(p for p in (str(TESTS_DIR), os.environ.get("PYTHONPATH", "")) if p),
            "AIRFLOW__PIPELINE_DEBUGGER__SWEEP_INTERVAL_SECONDS": "5",
            "AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID": "pd_slack",
            "AIRFLOW__PIPELINE_DEBUGGER__SLACK_CHANNEL": "#alerts",
            "AIRFLOW_CONN_PD_SLACK": json.dumps(slack),
        },
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
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        console.clear()
        try:
            yield chromium
        finally:
            chromium.close()


def _signed_in(browser: Any, cluster: AirflowCluster, user: str) -> Iterator[tuple[Any, list[str]]]:
    """A page of a new browser context signed in as ``user`` through Airflow's login page, and its dialogs."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.goto(f"{cluster.base_url}/")
    page.locator("input[name=username]").fill(user)
    page.locator("input[name=password]").fill(cluster.users[user])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url, timeout=30_000)
    try:
        yield page, dialogs
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser_page(browser: Any, cluster: AirflowCluster) -> Iterator[tuple[Any, list[str]]]:
    yield from _signed_in(browser, cluster, "admin")


@pytest.fixture(scope="module")
def oncall_page(browser: Any, cluster: AirflowCluster) -> Iterator[tuple[Any, list[str]]]:
    """Signed in as the on-call user, who may read ``orders_nightly`` only."""
    yield from _signed_in(browser, cluster, ONCALL)


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
    report = getattr(request.node, "rep_call", None)
    for fixture in ("browser_page", "oncall_page"):
        page = request.node.funcargs.get(fixture)
        if page is not None and report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page[0].screenshot(path=str(ARTIFACTS / f"failure-{request.node.name}-{fixture}.png"))
            print(diagnose(page[0]))


def _task_url(cluster: AirflowCluster, run_id: str, task_id: str, tab: str = "", dag_id: str = DAG_ID) -> str:
    url = f"{cluster.base_url}/dags/{dag_id}/runs/{quote(run_id, safe='')}/tasks/{task_id}"
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
    title = inv["root_cause_title"].replace("`", "")  # backticks are shown as code, never literally
    expect(frame.locator("#root-cause-title")).to_have_text(title, timeout=30_000)
    expect(frame.locator("#confidence")).to_have_text(f"{inv['confidence']}%")
    expect(frame.locator("#hypotheses")).to_be_visible()
    # Above the fold of Airflow's iframe (726 px high at 1440x1000): cause, confidence and what it rests
    # on, category, immediate fix.
    fold = frame.locator("body").evaluate(
        """() => Object.fromEntries(['#root-cause-title', '#confidence', '#rests-on',
             '.card.root .badge[class*=cat-]', '#immediate-fix'].map((s) => {
               const r = document.querySelector(s).getBoundingClientRect();
               return [s, r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0]; }))"""
    )
    assert frame.locator("body").evaluate("() => [window.innerHeight, window.scrollY]") == [726, 0]
    assert all(fold.values()), fold
    # The upstream load logged that its export's only column is cust_id: data, naming load and its line.
    assert inv["category"] == "data", inv
    assert inv["root_cause_title"] == (
        "Upstream task load logged an output without 'customer_id': columns: cust_id"
    )
    expect(frame.locator("#rests-on")).to_contain_text("Rests on 2 cited log lines")
    # The investigation's status in words that cannot be read as the task's: never a green "succeeded"
    # next to Airflow's red "Failed".
    badge = frame.locator("#status-badge [data-status=succeeded]")
    expect(badge).to_have_text("Investigation complete")
    green = frame.locator("body").evaluate(  # the colour of a confirmed hypothesis's badge
        "b => { const p = document.createElement('span'); p.className = 'badge confirmed'; b.append(p);"
        " const c = getComputedStyle(p).color; p.remove(); return c; }"
    )
    assert badge.evaluate("e => getComputedStyle(e).color") != green
    _shot(page, "investigation-tab.png")
    # The steps are a compact timeline of the method, collapsed once there is an answer; the stages the
    # investigation ran are steps (the deterministic engine records them too); a data answer takes the
    # topology's data branch.
    expect(frame.locator("#steps-card")).not_to_have_attribute("open", "")
    expect(frame.locator("#steps-summary")).to_contain_text("classify → investigate_data → recommend")
    frame.locator("#steps-card > summary").click()
    for stage in ("Stage classify", "Stage recommend"):
        expect(frame.locator("#steps li .step-title", has_text=stage).first).to_be_visible(timeout=15_000)
    expect(frame.locator("#steps li .md").first).to_be_hidden()  # bodies open one step at a time

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
    assert "\x1b" not in frame.locator("body").inner_text()
    assert frame.locator("script:not([src])").count() == 0
    # Nothing runs past its card: long tokens and stack traces wrap (evidence open, steps expanded).
    for step in frame.locator("#steps li .row").all():
        step.click()
    overflowing = frame.locator("body").evaluate(
        """() => [...document.querySelectorAll('.card, pre, .lines, .cited li, table')]
             .filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.outerHTML.slice(0, 120))"""
    )
    assert overflowing == []
    # Airflow's fields are folded from the cited line, the raw line is one click away; its number is
    # the one Airflow's Logs tab gives it, linked to that line there.
    # (the task's own line: the upstream task's line has no place in this task's Logs tab)
    cited = frame.locator("#cited-lines li", has=frame.locator("a.tab-line")).first
    expect(cited).not_to_contain_text("ti_id=")
    cited.locator(".raw-toggle").click()
    expect(cited).to_contain_text("ti_id=")
    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()
    tab_line = next(c["logs_tab_line"] for c in detail["cited_lines"] if c["logs_tab_line"] is not None)
    link = cited.locator("a.tab-line")
    expect(link).to_have_text(f"log line {tab_line}")
    assert link.get_attribute("href").endswith(f"/tasks/transform?try_number=1#{tab_line}")
    frame.locator("#evidence").scroll_into_view_if_needed()
    _shot(page, "investigation-evidence.png")

    # Dark mode follows the system preference, like the Airflow UI around it.
    page.emulate_media(color_scheme="dark")
    page.reload()
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(inv["root_cause_title"], timeout=30_000)
    _shot(page, "investigation-tab-dark.png")
    page.emulate_media(color_scheme="light")

    # The cited line's link opens Airflow's Logs tab on that very line (the tab numbers it so too).
    frame.locator("#cited-lines a.tab-line").first.click()
    page.wait_for_url(lambda url: url.endswith(f"/tasks/transform?try_number=1#{tab_line}"), timeout=30_000)
    line_row = page.locator(f"[id='{tab_line}']").locator("xpath=..")
    expect(line_row).to_contain_text("Task failed with exception")
    page.goto(_task_url(cluster, failed_run["run_id"], "transform", TAB))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(title, timeout=30_000)

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
    # An investigation opened from the run's tab goes back to the run, not to every investigation.
    frame.locator("#investigations tbody tr[data-id] a").first.click()
    expect(frame.locator("#back-link")).to_have_text("← Investigations of this run", timeout=30_000)
    frame.locator("#back-link").click()
    expect(frame.locator("#investigations tbody tr[data-id]")).to_have_count(2, timeout=30_000)
    assert page.url.startswith(run_url)

    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#investigations tbody tr[data-id]").first).to_be_visible(timeout=30_000)
    frame.locator("input[aria-label=DAG]").fill(DAG_ID)
    frame.locator("select[aria-label=Status]").select_option("succeeded")
    frame.get_by_role("button", name="Apply").click()
    expect(frame.locator("#investigations tbody tr[data-id]")).to_have_count(2)
    _shot(page, "investigations-list.png")
    assert dialogs == []


KILLED_TASK = "load_orders"
GUESS = "The task process was killed with SIGKILL (likeliest: out of memory, unconfirmed)"
EVICTED = "Kubernetes evicted the task's pod (node low on memory)"
KERNEL_OOM = "The kernel's out-of-memory killer killed the task process (python3, pid 48211)"
KUBELET_LOG = """\
Dec 06 02:13:57 node-7 kubelet[1021]: I1206 02:13:57.990 1021 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="memory"
Dec 06 02:13:58 node-7 kubelet[1021]: I1206 02:13:58.101 1021 eviction_manager.go:377] "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"
Dec 06 02:13:59 node-7 kubelet[1021]: I1206 02:13:59.870 1021 eviction_manager.go:616] "Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=["airflow/orders-nightly-load-orders"]
"""  # noqa: E501
KERNEL_LOG = """\
Dec 06 02:14:05 node-7 kernel: python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0
Dec 06 02:14:05 node-7 kernel: Out of memory: Killed process 48211 (python3) total-vm:9811232kB, anon-rss:7905212kB, file-rss:0kB, shmem-rss:0kB, UID:50000 pgtables:15600kB oom_score_adj:0
Dec 06 02:14:05 node-7 kernel: oom_reaper: reaped process 48211 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
"""  # noqa: E501


def _investigation(cluster: AirflowCluster, run_id: str, task_id: str) -> dict[str, Any] | None:
    resp = cluster.api.get(
        "/pipeline-debugger/api/task-instance",
        params={"dag_id": LOOP_DAG, "run_id": run_id, "task_id": task_id},
    )
    inv = resp.json().get("investigation") if resp.status_code == 200 else None
    return inv if inv and inv["status"] == "succeeded" else None


@pytest.fixture(scope="module")
def killed_run(cluster: AirflowCluster) -> dict[str, Any]:
    """A run of ``orders_nightly``, both failures investigated: task id → investigation."""
    run_id = cluster.trigger(LOOP_DAG)
    assert cluster.wait_for_run(LOOP_DAG, run_id)["state"] == "failed"
    invs = {
        task: cluster.wait_for(
            lambda task=task: _investigation(cluster, run_id, task), 180, f"{task} investigated"
        )
        for task in (KILLED_TASK, "publish_summary")
    }
    return {"run_id": run_id, **invs}


def _rerun_answer(cluster: AirflowCluster, investigation_id: str) -> dict[str, Any]:
    """Re-run through the API and wait for its answer: the investigation's detail."""
    queued = cluster.api.post(f"/pipeline-debugger/api/investigations/{investigation_id}/rerun")
    assert queued.status_code == 202, queued.text

    def answered() -> dict[str, Any] | None:
        detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{investigation_id}").json()
        return detail if detail["status"] == "succeeded" else None

    return dict(cluster.wait_for(answered, 180, "the re-run answered"))


def _cited_uploads(detail: dict[str, Any]) -> list[str]:
    """The sources of the evidence the answer cites, in order, that were read from an upload.

    The runner scans an upload as evidence of its own whose source names it (``kubelet.log (U4,
    added by admin at …)``).
    """
    sources = {a["evidence_id"]: a["source"] for a in detail["artifacts"]}
    cited = dict.fromkeys(line["cite"].split(":", 1)[0] for line in detail["cited_lines"])
    return [sources[e] for e in cited if "added by" in sources.get(e, "")]


def test_added_node_logs_change_the_answer_and_removing_them_restores_it(
    cluster: AirflowCluster, killed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = killed_run[KILLED_TASK]
    assert inv["root_cause_title"] == GUESS  # the log alone: Airflow's "Likely out of memory" guess

    # Through the tab: the node's kubelet log, then re-run.
    page.goto(_task_url(cluster, killed_run["run_id"], KILLED_TASK, TAB, dag_id=LOOP_DAG))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(GUESS, timeout=30_000)
    frame.locator("summary", has_text="Add evidence").click()
    frame.locator("#upload textarea").fill(KUBELET_LOG)
    frame.locator("#upload input[name=name]").fill("kubelet.log")
    frame.locator("#upload button[type=submit]").click()
    added = frame.locator("#evidence button", has_text="kubelet.log (added by admin)")
    expect(added).to_be_visible(timeout=15_000)
    upload_id = added.inner_text().split()[0]
    frame.locator("#rerun").click()
    expect(frame.locator("#root-cause-title")).to_have_text(EVICTED, timeout=180_000)
    expect(frame.locator("#cited-lines")).to_contain_text("must evict pod(s) to reclaim")
    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()
    cited = _cited_uploads(detail)
    assert len(cited) == 1 and cited[0].startswith(f"kubelet.log ({upload_id}, added by admin at "), cited
    _shot(page, "investigation-added-evidence.png")

    # Removed in the tab, re-run: the first answer again, citing the task log only.
    added.click()
    frame.locator("#evidence-viewer button.remove-upload").click()
    expect(added).to_have_count(0, timeout=15_000)
    frame.locator("#rerun").click()
    expect(frame.locator("#root-cause-title")).to_have_text(GUESS, timeout=180_000)
    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()
    assert _cited_uploads(detail) == []

    # Through the API: the kernel's OOM-killer log as a file, then re-run.
    uploaded = cluster.api.post(
        f"/pipeline-debugger/api/investigations/{inv['id']}/artifacts",
        data={"kind": "log"},
        files={"file": ("kernel.log", KERNEL_LOG.encode(), "text/plain")},
    )
    assert uploaded.status_code == 201, uploaded.text
    kernel_id = uploaded.json()["evidence_id"]
    detail = _rerun_answer(cluster, inv["id"])
    assert detail["root_cause_title"] == KERNEL_OOM
    assert any("Out of memory: Killed process 48211" in c["text"] for c in detail["cited_lines"])
    assert _cited_uploads(detail)[0].startswith(f"kernel.log ({kernel_id}, added by admin at ")
    removed = cluster.api.delete(f"/pipeline-debugger/api/investigations/{inv['id']}/artifacts/{kernel_id}")
    assert removed.status_code == 204, removed.text
    detail = _rerun_answer(cluster, inv["id"])
    assert detail["root_cause_title"] == GUESS
    assert _cited_uploads(detail) == []
    assert not [a for a in detail["artifacts"] if a["origin"] == "upload"]
    assert dialogs == []


def test_votes_from_the_tab_and_slack_are_counted(
    cluster: AirflowCluster,
    killed_run: dict[str, Any],
    fake_slack: FakeSlack,
    browser_page: tuple[Any, list[str]],
    oncall_page: tuple[Any, list[str]],
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    helpful, wrong = killed_run[KILLED_TASK]["id"], killed_run["publish_summary"]["id"]

    # 👎 in the tab, with the real cause.
    page.goto(_task_url(cluster, killed_run["run_id"], "publish_summary", TAB, dag_id=LOOP_DAG))
    frame = page.frame_locator("iframe").first
    frame.locator("input[aria-label='Feedback comment']").fill(REAL_CAUSE)
    frame.locator("#vote-down").click()
    expect(frame.locator("#vote-down.pressed")).to_be_visible(timeout=15_000)

    # "Helpful" pressed on the Slack alert the cluster posted; forged and replayed presses store nothing.
    cluster.wait_for(
        lambda: helpful in fake_slack.button_values("pd_feedback_up"), 60, "the alert with its buttons"
    )

    def press(*, secret: str = SLACK_SIGNING_SECRET, age_s: int = 0) -> httpx.Response:
        body, headers = signed_interaction(secret, "pd_feedback_up", helpful, user="dana", age_s=age_s)
        return httpx.post(
            f"{cluster.base_url}/pipeline-debugger/slack/interactions",
            content=body,
            headers=headers,
            timeout=30,
        )

    def root(investigation_id: str) -> dict[str, Any]:
        detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{investigation_id}").json()
        return next(f for f in detail["findings"] if f["kind"] == "root_cause")

    forged, stale = press(secret="not-the-secret"), press(age_s=600)
    assert (forged.status_code, stale.status_code) == (401, 401)
    assert root(helpful)["feedback"] is None
    pressed = press()
    assert pressed.status_code == 200 and pressed.json()["text"] == "Thanks — marked helpful.", pressed.text

    assert (root(helpful)["feedback"], root(helpful)["feedback_user"]) == ("up", "dana (Slack)")
    assert (root(wrong)["feedback"], root(wrong)["feedback_user"]) == ("down", "admin")
    accuracy = cluster.api.get("/pipeline-debugger/api/accuracy", params={"days": 90}).json()
    mine = next(g for g in accuracy["by_dag"] if g["key"] == LOOP_DAG)
    assert (mine["answers"], mine["rated"], mine["confirmed"], mine["wrong"]) == (2, 2, 1, 1)
    assert [c["real_cause"] for c in mine["real_causes"]] == [REAL_CAUSE]
    assert dialogs == []

    # The on-call user's panel counts the DAG they may read, and nothing else.
    page, dialogs = oncall_page
    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    frame.locator("#accuracy summary").click()
    expect(frame.locator("#accuracy-totals")).to_contain_text(
        "2 answers, 2 rated: 50% confirmed", timeout=30_000
    )
    rows = frame.locator("#accuracy .tally", has_text="By DAG").locator("tbody tr")
    expect(rows.locator("td")).to_have_text([LOOP_DAG, "2", "2", "50% (1)", "50% (1)"])
    expect(frame.locator("#accuracy .real-causes li")).to_have_count(1)
    expect(frame.locator("#accuracy .real-causes")).to_contain_text(REAL_CAUSE)
    frame.locator("#accuracy").scroll_into_view_if_needed()
    _shot(page, "accuracy-panel.png")
    assert dialogs == []


def test_recurring_causes_of_the_dags_a_user_may_read(
    cluster: AirflowCluster, killed_run: dict[str, Any], oncall_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = oncall_page
    with cluster.client(ONCALL) as oncall:
        overview = oncall.get("/pipeline-debugger/api/recurring").json()
    assert {dag for c in overview["causes"] for dag in c["dag_ids"]} == {LOOP_DAG}
    page.goto(f"{cluster.base_url}/plugin/pipeline-debugger")
    frame = page.frame_locator("iframe").first
    frame.locator("#recurring-link").click()
    rows = frame.locator("#recurring tbody tr[data-fingerprint]")
    expect(rows).to_have_count(len(overview["causes"]), timeout=30_000)
    for task in (KILLED_TASK, "publish_summary"):
        fingerprint = killed_run[task]["fingerprint"]
        expect(frame.locator(f"#recurring tr[data-fingerprint='{fingerprint}']")).to_contain_text(LOOP_DAG)
    bars = frame.locator("#daily-chart rect.bar")
    expect(bars.first).to_be_visible()
    assert bars.count() == sum(len(d["counts"]) for d in overview["per_day"])
    _shot(page, "recurring-causes.png")
    page.emulate_media(color_scheme="dark")
    _shot(page, "recurring-causes-dark.png")
    page.emulate_media(color_scheme="light")
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
    assert dialogs == []


#: One investigation run by the runner's own code (what a runner thread does with a claimed row).
RUN_ONE = textwrap.dedent(
    """
    import sys
    from airflow.models import import_all_models
    import_all_models()
    from airflow_pipeline_debugger.runner.process import investigate
    from airflow_pipeline_debugger.runner.work import WorkContext
    from airflow_pipeline_debugger.store.session import own_session
    from airflow_pipeline_debugger.domain import CancelToken
    investigate(WorkContext(sys.argv[1], sys.argv[2], CancelToken(), own_session))
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
            # The earlier tests answered this task already: without this the fingerprint cache would
            # give their answer back and the model would never be asked.
            "AIRFLOW__PIPELINE_DEBUGGER__FINGERPRINT_CACHE_HOURS": "0",
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
    frame.locator("#steps-card > summary").click()  # the steps are collapsed once there is an answer
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


def test_rerun_keeps_the_previous_answer_until_the_new_one_lands(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = failed_run["investigation"]
    title = inv["root_cause_title"].replace("`", "")
    page.goto(_task_url(cluster, failed_run["run_id"], "transform", TAB))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(title, timeout=30_000)
    # Every frame the browser paints from here on: is an answer shown, is it marked as being
    # re-investigated, and do the header and Details badges say the same.
    frame.locator("body").evaluate(
        """() => {
             const seen = window.rerunSeen = { frames: 0, without: 0, marked: 0, disagree: 0, states: [] };
             const tick = () => {
               seen.frames += 1;
               if (!document.querySelector('#root-cause-title')) seen.without += 1;
               if (document.querySelector('#rerun-notice')) seen.marked += 1;
               const badges = [...document.querySelectorAll('.js-status [data-status]')]
                 .map((b) => b.dataset.status);
               if (new Set(badges).size !== 1) seen.disagree += 1;
               if (seen.states[seen.states.length - 1] !== badges[0]) seen.states.push(badges[0]);
               requestAnimationFrame(tick);
             };
             tick(); }"""
    )
    frame.locator("#rerun").click()
    expect(frame.locator("#rerun-notice")).to_be_visible(timeout=15_000)
    _shot(page, "investigation-rerun.png")
    expect(frame.locator("#rerun-notice")).to_have_count(0, timeout=120_000)
    expect(frame.locator("#status-badge [data-status=succeeded]")).to_be_visible(timeout=30_000)
    expect(frame.locator("#root-cause-title")).to_have_text(title)
    seen = frame.locator("body").evaluate("() => window.rerunSeen")
    assert seen["without"] == 0 and seen["marked"] > 0 and seen["disagree"] == 0, seen
    # The badges leave "succeeded" while the re-run is pending and come back to it. Whether "queued"
    # itself is painted depends on how fast a runner picks the request up against the page's polling
    # (CI saw succeeded → running → succeeded), so either in-flight state counts.
    assert seen["states"][0] == seen["states"][-1] == "succeeded", seen
    assert {"queued", "running"} & set(seen["states"][1:-1]), seen
    details = frame.locator("section[aria-label=Details]")
    expect(details).to_contain_text("Re-run asked")
    expect(details).to_contain_text("Previous run")
    assert dialogs == []


def test_each_investigation_has_its_own_address_in_the_airflow_ui(
    cluster: AirflowCluster, failed_run: dict[str, Any], browser_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, dialogs = browser_page
    inv = failed_run["investigation"]
    title = inv["root_cause_title"].replace("`", "")
    page.goto(_task_url(cluster, failed_run["run_id"], "transform", TAB))
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(title, timeout=30_000)
    # Plain words for how the failure was found (never the trigger's code name).
    expect(frame.locator(".header")).to_contain_text(re.compile(r" · (found (when|by) |investigated again)"))
    expect(frame.locator(".header")).not_to_contain_text(inv["trigger"])
    # The links leave the iframe and open the page in the Airflow UI around it.
    frame.locator("#link-logs").click()
    page.wait_for_url(lambda url: url.endswith("/tasks/transform?try_number=1"), timeout=30_000)
    expect(page.locator("iframe")).to_have_count(0)  # Airflow's own Logs tab, not Airflow in the iframe
    expect(page.get_by_text("Task failed with exception").first).to_be_visible(timeout=30_000)
    page.go_back()
    frame = page.frame_locator("iframe").first
    frame.locator("#deep-link").click()
    page.wait_for_url(lambda url: f"investigation?id={inv['id']}" in url, timeout=30_000)
    address = page.url
    assert "/plugin/pipeline-debugger/" in address
    # Opened afresh (shared), the address shows the same investigation inside the Airflow UI.
    page.goto(f"{cluster.base_url}/")
    page.goto(address)
    frame = page.frame_locator("iframe").first
    expect(frame.locator("#root-cause-title")).to_have_text(title, timeout=30_000)
    assert frame.locator("#deep-link").get_attribute("href").endswith(f"investigation?id={inv['id']}")
    _shot(page, "investigation-deep-link.png")
    assert dialogs == []
