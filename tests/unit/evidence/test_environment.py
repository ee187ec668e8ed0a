"""Package versions the worker records: which packages a traceback runs through, and the success record."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.environment import (
    ENVIRONMENT_MARKER,
    environment_record,
    failure_packages,
    loaded_packages,
    package_of,
    parse_environment,
    traceback_packages,
)

KEY = TaskKey(dag_id="orders", run_id="ok", task_id="score", map_index=-1, try_number=1)


@pytest.mark.parametrize(
    ("filename", "package"),
    [
        ("/venv/lib/python3.11/site-packages/pandas/core/frame.py", "pandas"),
        ("/usr/lib/python3/dist-packages/yaml/__init__.py", "yaml"),
        ("/venv/lib/python3.11/site-packages/six.py", "six"),
        ("C:\\venv\\Lib\\site-packages\\requests\\api.py", "requests"),
        ("/venv/lib/python3.11/site-packages/pd_env_probe-1.0.dist-info/x.py", ""),
        ("/opt/airflow/dags/orders.py", ""),
        ("<frozen importlib._bootstrap>", ""),
    ],
)
def test_package_of_a_frame(filename: str, package: str) -> None:
    assert package_of(filename) == package


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[object]:
    """A package under a site-packages folder that raises inside itself."""
    site = tmp_path / "lib" / "site-packages"
    (site / "pd_probe_unit").mkdir(parents=True)
    (site / "pd_probe_unit" / "__init__.py").write_text(
        "__version__ = '2.1.0'\ndef score(rows):\n    return rows['weighting']\n"
    )
    sys.path.insert(0, str(site))
    try:
        yield importlib.import_module("pd_probe_unit")
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("pd_probe_unit", None)


def test_the_traceback_packages_and_their_versions(probe: object) -> None:
    try:
        try:
            probe.score({})  # type: ignore[attr-defined]
        except KeyError as exc:
            raise RuntimeError("scoring failed") from exc
    except RuntimeError as error:
        assert traceback_packages(error) == ["pd_probe_unit"]
        assert failure_packages(traceback_packages(error)) == {"pd_probe_unit": "2.1.0"}
    assert "pd_probe_unit" in loaded_packages()
    standard = failure_packages([], "airflow.providers.standard.operators.python")
    assert standard["apache-airflow-providers-standard"] == version("apache-airflow-providers-standard")
    assert failure_packages(["not_installed_anywhere"]) == {}


def test_the_success_record_reads_back_for_its_own_try_only(probe: object) -> None:
    record = environment_record(KEY)
    assert record.startswith(ENVIRONMENT_MARKER + " ")
    assert parse_environment(record, KEY)["pd_probe_unit"] == "2.1.0"  # type: ignore[index]
    other = TaskKey(dag_id="orders", run_id="ok", task_id="score", map_index=-1, try_number=2)
    assert parse_environment(record, other) is None


@pytest.mark.parametrize(
    "event",
    [
        "Extracted 0 rows",
        f"{ENVIRONMENT_MARKER} not json",
        f"{ENVIRONMENT_MARKER} []",
        f"{ENVIRONMENT_MARKER} " + json.dumps({"key": {"dag_id": "orders"}, "packages": {"x": "1"}}),
        f"{ENVIRONMENT_MARKER} "
        + json.dumps({"key": KEY.to_json(), "packages": {"x": "1"}, "pad": "y" * 70_000}),
    ],
)
def test_what_is_not_a_record_reads_as_none(event: str) -> None:
    assert parse_environment(event, KEY) is None


def test_a_hostile_record_keeps_short_strings_only() -> None:
    packages = {"x": "1.0", "y": 3, "z" * 500: "v" * 500}
    event = f"{ENVIRONMENT_MARKER} " + json.dumps({"key": KEY.to_json(), "packages": packages})
    assert parse_environment(event, KEY) == {"x": "1.0", "z" * 100: "v" * 64}
