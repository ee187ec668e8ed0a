"""How a failed investigation's reason is stored: cut first, then redacted (users see it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.runner.process import failure_reason, file_access, try_scope
from airflow_pipeline_debugger.store.repository import MAX_ERROR_CHARS
from airflow_pipeline_debugger.trigger.capture import Capture


@pytest.mark.parametrize(
    ("exc", "hidden", "kept"),
    [
        (
            ConnectionError("could not connect to postgresql://etl_loader:Zq8!vR2#pLm4@db/wh"),
            "Zq8!",
            "postgresql://etl_loader:***@db/wh",
        ),
        (RuntimeError("jdbc:redshift://h:5439/db;user=u;password=Tr0ub4dor&3x"), "3x", "password=***"),
    ],
)
def test_an_exception_text_is_redacted(exc: Exception, hidden: str, kept: str) -> None:
    reason = failure_reason(exc)
    assert hidden not in reason and kept in reason
    assert reason.startswith(type(exc).__name__)


def test_a_huge_message_is_cut_before_it_is_redacted() -> None:
    reason = failure_reason(ValueError("x" * 5_000_000))
    assert len(reason) <= 2 * MAX_ERROR_CHARS


@pytest.mark.parametrize(
    ("spark", "app_ids"),
    [
        ({"app_id": "local-1795373141902", "event_log_dir": "/ev"}, ("local-1795373141902",)),
        ({"app_id": "../../etc/passwd"}, ()),
        ({"event_log_dir": "/ev"}, ()),
    ],
)
def test_try_scope_is_the_try_s_window_and_its_recorded_app_id(
    spark: dict[str, str], app_ids: tuple[str, ...]
) -> None:
    start, end = datetime(2026, 12, 6, 7, 1, tzinfo=UTC), datetime(2026, 12, 6, 7, 3, tzinfo=UTC)
    capture = Capture(key=TaskKey("d", "r", "t", -1, 1), via="listener", artifacts={"spark": spark})
    scope = try_scope(SimpleNamespace(start_date=start, end_date=end), capture)
    assert (scope.start, scope.end, scope.app_ids) == (start, end, app_ids)


def test_base_log_folder_is_no_root(tmp_path: Path) -> None:
    """Airflow's log folder holds every DAG's task logs; only the try's private copy is readable."""
    from airflow.configuration import conf as airflow_conf

    other_dag_log = Path(airflow_conf.get("logging", "base_log_folder")) / "dag_id=other" / "attempt=1.log"
    files = file_access(tmp_path)
    assert tmp_path.resolve() in files.roots_for("spark")
    assert not any(other_dag_log.is_relative_to(root) for root in files.roots_for("dbt"))
