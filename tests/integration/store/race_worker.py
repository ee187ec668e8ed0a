"""One OS process of the concurrency tests: enqueues task-instance tries through the repository.

Driven over stdin/stdout by ``test_concurrency.py`` so the test decides exactly when each process
proceeds. Modes:

* ``hold URL`` — enqueue the try ``race/r1/t/-1/1`` and keep the transaction open, print
  ``inserted``, wait for a line on stdin, then commit.
* ``enqueue URL`` — print ``pid <backend pid>``, enqueue the same try, commit.
* ``loop URL N`` — print ``ready``, wait for a line on stdin, then enqueue tries 1..N of task
  ``loop`` one transaction each.

Each mode ends by printing one JSON line: ``{"created": [...], "ids": [...]}``; any exception
goes to stderr with a non-zero exit, which the test reports.
"""

from __future__ import annotations

import json
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.store import repository


def _enqueue(session: Session, task_id: str, try_number: int) -> tuple[bool, str]:
    row, created = repository.ensure_investigation(
        session,
        dag_id="race",
        run_id="r1",
        task_id=task_id,
        map_index=-1,
        try_number=try_number,
        trigger="race",
    )
    return created, row.id


def main(mode: str, url: str, count: str = "0") -> None:
    engine = create_engine(url)
    created: list[bool] = []
    ids: list[str] = []
    # One connection for the whole process, so the backend pid printed is the one that enqueues.
    with engine.connect() as conn, Session(bind=conn) as session:
        if mode == "hold":
            done, row_id = _enqueue(session, "t", 1)
            print("inserted", flush=True)
            sys.stdin.readline()
            session.commit()
            created, ids = [done], [row_id]
        elif mode == "enqueue":
            print("pid", session.scalar(text("select pg_backend_pid()")), flush=True)
            session.commit()
            done, row_id = _enqueue(session, "t", 1)
            session.commit()
            created, ids = [done], [row_id]
        elif mode == "loop":
            session.connection()  # connect before the start signal, so both processes start together
            print("ready", flush=True)
            sys.stdin.readline()
            for try_number in range(1, int(count) + 1):
                done, row_id = _enqueue(session, "loop", try_number)
                session.commit()
                created.append(done)
                ids.append(row_id)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    engine.dispose()
    print(json.dumps({"created": created, "ids": ids}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
