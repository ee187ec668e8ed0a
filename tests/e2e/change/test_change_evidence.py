"""Change and volume evidence on a real Airflow 3 deployment (SQLite, LocalExecutor, embedded runner).

Successful runs of ``volume_history`` print tens of thousands of extracted rows; then a run extracts
0 and fails with a ``ZeroDivisionError``. The investigation must read the earlier successes' counts
from their own logs, keep them, and answer ``data`` naming the empty input and its usual volume —
in the stored result, the tab's evidence (with its source) and the Markdown report.

``upstream_rename``'s consumer fails with ``KeyError: 'customer_id'`` after its upstream export
logged that its only column is ``cust_id``: the answer is ``data``, naming the upstream task and line.

``package_history`` scores through a small package built here as a wheel: version 1.9.3 succeeds,
then 2.1.0 is installed and raises inside the package. The answer must name the version change.

Run under the heavy-work lock: ``flock /tmp/heavy.lock .venv/bin/pytest tests/e2e/change``.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.airflow_cluster import VENV_BIN, AirflowCluster

DAGS = Path(__file__).parent / "dags"
USUAL_ROWS = (48_213, 47_950, 48_400)
PROBE = "pd_env_probe"
PROBE_SOURCES = {
    "1.9.3": "def score(rows):\n    return sum(r['amount'] for r in rows)\n",
    # 2.1.0 renamed the field it reads: the task's code and data are unchanged.
    "2.1.0": "def score(rows):\n    return sum(r['amount'] * r['weighting'] for r in rows)\n",
}

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowCluster]:
    env = {
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_POLL_INTERVAL_SECONDS": "0.5",
        "AIRFLOW__PIPELINE_DEBUGGER__HANDOFF_SETTLE_SECONDS": "3",
        "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "False",
    }
    with AirflowCluster(
        home=tmp_path_factory.mktemp("change"),
        dags_folder=DAGS,
        port_range=(18900, 18949),
        extra_env=env,
        pg_prefix="pd_change",
    ) as c:
        yield c


def finished_investigation(cluster: AirflowCluster, dag_id: str, run_id: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        rows = cluster.sql(
            "SELECT id, status FROM pipeline_debugger_investigation WHERE dag_id = :d AND run_id = :r",
            d=dag_id,
            r=run_id,
        )
        return rows[0] if rows and rows[0]["status"] in ("succeeded", "failed") else None

    row = cluster.wait_for(done, 240, f"investigation of {dag_id}/{run_id}")
    resp = cluster.api.get(f"/pipeline-debugger/api/investigations/{row['id']}")
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def test_an_empty_extract_is_data_naming_the_input_and_its_usual_volume(cluster: AirflowCluster) -> None:
    ok_runs = [cluster.trigger("volume_history", conf={"rows": rows}) for rows in USUAL_ROWS]
    for run_id in ok_runs:
        assert cluster.wait_for_run("volume_history", run_id)["state"] == "success"
    bad = cluster.trigger("volume_history", conf={"rows": 0})
    assert cluster.wait_for_run("volume_history", bad)["state"] == "failed"

    found = finished_investigation(cluster, "volume_history", bad)
    assert found["status"] == "succeeded", found
    assert found["category"] == "data", found["root_cause_title"]
    assert found["root_cause_title"] == (
        "The input was empty: 0 rows extracted from orders_export vs a median of 48,213"
    )
    volume = next(a for a in found["artifacts"] if a["name"] == "input volume vs earlier successful runs")
    assert "task_volume" in volume["source"] and "log reader" in volume["source"]

    # The earlier successes were read once from their own logs and kept.
    kept = cluster.sql("SELECT run_id FROM pipeline_debugger_task_volume WHERE dag_id = 'volume_history'")
    assert sorted(r["run_id"] for r in kept) == sorted(ok_runs)

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert "0 rows extracted from orders_export vs a median of 48,213" in report.text
    [row] = [line for line in report.text.splitlines() if "input volume vs earlier successful runs" in line]
    assert "log reader" in row  # the evidence table names where each piece came from


def test_a_key_error_after_an_upstream_rename_names_the_upstream_line(cluster: AirflowCluster) -> None:
    run_id = cluster.trigger("upstream_rename")
    assert cluster.wait_for_run("upstream_rename", run_id)["state"] == "failed"

    found = finished_investigation(cluster, "upstream_rename", run_id)
    assert found["task_id"] == "score" and found["status"] == "succeeded", found
    assert found["category"] == "data", found["root_cause_title"]
    assert found["root_cause_title"] == (
        "Upstream task export_customers logged an output without 'customer_id': columns: cust_id"
    )
    # The answer cites the upstream task's line first, from the upstream log evidence.
    upstream = next(a for a in found["artifacts"] if a["kind"] == "upstream_log")
    assert upstream["source"].endswith("upstream_rename/export_customers")
    first = found["cited_lines"][0]
    assert first["cite"].startswith(f"{upstream['evidence_id']}:L"), found["cited_lines"]
    assert "export wrote 2 rows; columns: cust_id" in first["text"] and first["logs_tab_line"] is None

    # The upstream XCom is sized by the database (the DAG's first run: no earlier size to compare).
    xcom = next(a for a in found["artifacts"] if a["name"] == "upstream XCom sizes vs earlier runs")
    [size] = xcom["summary"]["measures"]
    assert (size["input"], size["runs"]) == ("export_customers.return_value", 0)
    assert size["value"] >= len('[{"cust_id": 1}, {"cust_id": 2}]')

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert "Upstream task export_customers" in report.text and "columns: cust_id" in report.text


def wheel(folder: Path, version: str) -> Path:
    """A pure-Python wheel of the probe package at ``version`` (built by hand: no build backend)."""
    dist = f"{PROBE}-{version}.dist-info"
    files = {
        f"{PROBE}/__init__.py": f"__version__ = {version!r}\n{PROBE_SOURCES[version]}",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {PROBE.replace('_', '-')}\nVersion: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    files[f"{dist}/RECORD"] = "\n".join([*record, f"{dist}/RECORD,,"]) + "\n"
    path = folder / f"{PROBE}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def pip(*args: str) -> None:
    subprocess.run([str(VENV_BIN / "pip"), *args], check=True, capture_output=True, timeout=300)


@pytest.fixture
def probe_wheels(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """The probe's wheels; whatever version a test installed is removed afterwards."""
    yield {version: wheel(tmp_path, version) for version in PROBE_SOURCES}
    pip("uninstall", "-y", PROBE.replace("_", "-"))


def test_a_package_upgrade_between_runs_is_named(
    cluster: AirflowCluster, probe_wheels: dict[str, Path]
) -> None:
    pip("install", "--no-deps", "--no-index", str(probe_wheels["1.9.3"]))
    ok = cluster.trigger("package_history")
    assert cluster.wait_for_run("package_history", ok)["state"] == "success"
    pip("install", "--no-deps", "--no-index", str(probe_wheels["2.1.0"]))
    bad = cluster.trigger("package_history")
    assert cluster.wait_for_run("package_history", bad)["state"] == "failed"

    found = finished_investigation(cluster, "package_history", bad)
    assert found["status"] == "succeeded", found
    assert (
        found["root_cause_title"]
        == "The traceback runs through pd_env_probe 2.1.0, 1.9.3 at the last success"
    )
    assert found["category"] == "config"
    versions = next(a for a in found["artifacts"] if a["name"] == "package versions since last success")
    assert "log reader" in versions["source"]
