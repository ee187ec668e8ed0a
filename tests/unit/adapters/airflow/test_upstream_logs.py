"""Which upstream tasks' logs are read, and what of each is kept (bounded, rendered, redacted)."""

from __future__ import annotations

from typing import Any

from airflow_pipeline_debugger.adapters.airflow.upstream_logs import tail_lines, upstream_order


def task(task_id: str, *downstream: str) -> dict[str, Any]:
    return {"task_id": task_id, "downstream_task_ids": list(downstream)}


def test_direct_upstream_tasks_come_first_then_each_further_level_within_the_limit():
    # seed -> extract_a -> load ; seed -> extract_b -> load ; raw -> extract_b ; other -> unrelated
    tasks = [
        task("seed", "extract_a", "extract_b"),
        task("raw", "extract_b"),
        task("extract_b", "load"),
        task("extract_a", "load"),
        task("load", "report"),
        task("other", "unrelated"),
        task("../../etc", "load"),
    ]
    assert upstream_order(tasks, "load") == ["extract_a", "extract_b", "raw", "seed"]
    assert upstream_order(tasks, "load", limit=3) == ["extract_a", "extract_b", "raw"]
    assert upstream_order(tasks, "seed") == []


class Message:
    """What Airflow's log reader yields: a pydantic ``StructuredLogMessage``."""

    def __init__(self, event: str, level: str = "info") -> None:
        self.event, self.level = event, level

    def model_dump_json(self) -> str:
        return f'{{"timestamp": "2026-12-06T07:00:00Z", "level": "{self.level}", "event": "{self.event}"}}'


def test_only_the_last_lines_are_kept_rendered_and_redacted():
    stream = [Message(f"step {n}") for n in range(1, 1001)]
    stream.append(Message("wrote 0 rows to postgresql://etl:hunter2@db:5432/w", "warning"))
    lines, total = tail_lines(iter(stream), keep=3)
    assert total == 1001
    assert lines[:2] == ["2026-12-06T07:00:00Z INFO step 999", "2026-12-06T07:00:00Z INFO step 1000"]
    assert lines[2].startswith("2026-12-06T07:00:00Z WARNING wrote 0 rows to postgresql://")
    assert "hunter2" not in lines[2]
    assert tail_lines(["plain text", "two\nlines"], keep=10) == (["plain text", "two", "lines"], 3)
