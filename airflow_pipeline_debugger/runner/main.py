"""``airflow-pipeline-debugger runner``: a standalone runner process to scale investigations out.

It needs what any Airflow server component needs — the Airflow configuration and the metadata DB —
and nothing else: run as many as you like, on any machine; they share the queue through row locks.
"""

from __future__ import annotations

import argparse
import logging
from typing import TextIO

EXIT_OK = 0
EXIT_NOT_MIGRATED = 3


def _run(args: argparse.Namespace, out: TextIO) -> int:
    # The runner loads Airflow's core and the store; the CLI's other commands (`analyze`) must not.
    from airflow.models import import_all_models

    from airflow_pipeline_debugger.runner.embedded import MIGRATE_HINT, tables_missing  # noqa: PLC0415
    from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings  # noqa: PLC0415

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import_all_models()  # the ORM relationships between Airflow's models resolve only once all are loaded
    missing = tables_missing()
    if missing:
        out.write(f"tables {', '.join(missing)} are missing; run `{MIGRATE_HINT}` first\n")
        return EXIT_NOT_MIGRATED
    settings = RunnerSettings.from_conf(concurrency=args.concurrency, sweep=not args.no_sweep)
    runner = Runner(settings=settings)
    out.write(f"runner {runner.runner_id} started (concurrency {settings.concurrency})\n")
    out.flush()
    runner.serve()
    out.write(f"runner {runner.runner_id} stopped after {runner.claimed} investigation(s)\n")
    return EXIT_OK


def add_runner(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``runner`` subcommand."""
    p = subparsers.add_parser(
        "runner",
        help="run investigations queued in the Airflow metadata DB (scale out beside the api-server)",
        description="Claim and run queued investigations until SIGTERM; any number may run at once.",
    )
    p.add_argument("--concurrency", type=int, default=None, help="parallel investigations (default: config)")
    p.add_argument(
        "--no-sweep", action="store_true", help="do not run the reconciliation sweep in this process"
    )
    p.set_defaults(handler=_run)
