"""Two OS processes enqueueing the same failed try on PostgreSQL: one row, and no error for either.

This is what happens when a scheduler listener and the reconciliation sweep (or two schedulers)
see the same failure at once. The first test forces the worst interleaving: the second insert is
observed waiting on the first one's uncommitted row (``pg_stat_activity``) before the first
commits, the case where a plain ``INSERT`` would raise a unique violation.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from support.databases import airflow_env, upgrade_provider

from airflow_pipeline_debugger.store.models import Investigation

pytestmark = pytest.mark.postgres

WORKER = Path(__file__).with_name("race_worker.py")
WAIT_SECONDS = 60


@pytest.fixture
def pg(
    tmp_path: Path, scratch_db: Callable[[str, Path], AbstractContextManager[str]]
) -> Iterator[tuple[str, Engine]]:
    with scratch_db("postgres", tmp_path) as url:
        engine = create_engine(url)
        upgrade_provider(engine)
        yield url, engine
        engine.dispose()


def start(tmp_path: Path, url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args[:1], url, *args[1:]],
        env=airflow_env(tmp_path, url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=WAIT_SECONDS)
        raise AssertionError(f"worker exited {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
    return line.strip()


def finish(proc: subprocess.Popen[str]) -> dict[str, Any]:
    stdout, stderr = proc.communicate(timeout=WAIT_SECONDS)
    assert proc.returncode == 0, stderr
    return dict(json.loads(stdout.strip().splitlines()[-1]))


def rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Investigation)) or 0)


def test_second_insert_waits_for_the_first_and_gets_its_row(tmp_path: Path, pg: tuple[str, Engine]) -> None:
    url, engine = pg
    first = start(tmp_path, url, "hold")
    second = None
    try:
        assert read_line(first) == "inserted"
        second = start(tmp_path, url, "enqueue")
        kind, pid = read_line(second).split()
        assert kind == "pid"
        deadline = time.monotonic() + WAIT_SECONDS
        with engine.connect() as conn:
            while (
                conn.scalar(
                    text("select wait_event_type from pg_stat_activity where pid = :pid"), {"pid": int(pid)}
                )
                != "Lock"
            ):
                assert time.monotonic() < deadline, "the second insert never waited on the first"
                assert second.poll() is None, second.communicate()
                time.sleep(0.05)
        assert first.stdin is not None
        first.stdin.write("commit\n")
        first.stdin.flush()
        one, two = finish(first), finish(second)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert one["created"] == [True] and two["created"] == [False]
    assert one["ids"] == two["ids"]
    assert rows(engine) == 1


def test_two_processes_racing_over_many_tries_make_one_row_each(
    tmp_path: Path, pg: tuple[str, Engine]
) -> None:
    url, engine = pg
    count = 200
    procs = [start(tmp_path, url, "loop", str(count)) for _ in range(2)]
    try:
        for proc in procs:
            assert read_line(proc) == "ready"
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [finish(proc) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    created = [a + b for a, b in zip(results[0]["created"], results[1]["created"], strict=True)]
    assert created == [1] * count  # each try created by exactly one of the two
    assert results[0]["ids"] == results[1]["ids"]  # and both got the same row back
    assert rows(engine) == count
