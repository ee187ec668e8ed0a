"""What every example Spark job shares: the command line, a local session with event logging, a clean stop.

The jobs run in local mode (driver and executor are one JVM, so ``--memory`` is the heap both share)
and always write an event log, because the event log is the evidence the debugger measures. The
session is stopped in a ``finally`` so a failing job still closes its event log; when the JVM itself
died (an OutOfMemoryError makes Spark exit the JVM), stopping is impossible and the log stays
``.inprogress`` — exactly what a real crashed driver leaves behind.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any


def parse_args(description: str, extra: dict[str, dict[str, Any]] | None = None) -> argparse.Namespace:
    """The arguments every job takes, plus job-specific ones (``{"--flag": add_argument kwargs}``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--output-dir", required=True, help="where the job writes its result")
    parser.add_argument("--event-log-dir", required=True, help="spark.eventLog.dir (must exist)")
    parser.add_argument("--memory", default="1g", help="spark.driver.memory, the whole local-mode heap")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--app-name", default="")
    parser.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark configuration"
    )
    for flag, kwargs in (extra or {}).items():
        parser.add_argument(flag, **kwargs)
    return parser.parse_args()


@contextlib.contextmanager
def spark_session(
    args: argparse.Namespace, app_name: str, conf: dict[str, str] | None = None
) -> Iterator[Any]:
    """A local SparkSession with event logging on; stopped on the way out, even after a failure."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(args.master)
        .appName(args.app_name or app_name)
        .config("spark.driver.memory", args.memory)
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", args.event_log_dir)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    for item in args.conf:
        key, _, value = item.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    print(f"Spark application id: {spark.sparkContext.applicationId}", flush=True)
    try:
        yield spark
    finally:
        try:
            spark.stop()
        except Exception as exc:  # the JVM may already be gone (OOM exit); the log is then .inprogress
            print(f"SparkSession.stop() failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
