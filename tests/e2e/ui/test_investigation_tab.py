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
import re
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
    expect(frame.locator("#rests-on")).to_contain_text("Rests on 1 cited log line")
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
    # investigation ran are steps (the deterministic engine records them too).
    expect(frame.locator("#steps-card")).not_to_have_attribute("open", "")
    expect(frame.locator("#steps-summary")).to_contain_text("classify → investigate → recommend")
    frame.locator("#steps-card summary").click()
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
    cited = frame.locator("#cited-lines li").first
    expect(cited).not_to_contain_text("ti_id=")
    cited.locator(".raw-toggle").click()
    expect(cited).to_contain_text("ti_id=")
    detail = cluster.api.get(f"/pipeline-debugger/api/investigations/{inv['id']}").json()
    tab_line = detail["cited_lines"][0]["logs_tab_line"]
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
    assert seen["states"][0] == seen["states"][-1] == "succeeded" and "queued" in seen["states"], seen
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
