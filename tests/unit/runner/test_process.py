"""How a failed investigation's reason is stored: cut first, then redacted (users see it)."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.runner.process import failure_reason
from airflow_pipeline_debugger.store.repository import MAX_ERROR_CHARS


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
