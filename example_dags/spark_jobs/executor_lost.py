"""A long map stage whose JVM disappears mid-stage: a lost executor machine, or a killed driver.

With a cluster master (the generator uses ``local-cluster[2,1,1024]``: a real standalone master,
workers and separate executor JVMs on this machine) one executor JVM is killed with SIGKILL while
the stage runs, as a node loss or spot reclaim would; with ``spark.task.maxFailures=1`` the lost
tasks are not retried and the job fails with ``ExecutorLostFailure``. In local mode the driver JVM
itself is killed, as the kernel OOM killer would, and the Python side only sees the connection to
its JVM drop. Infrastructure either way, not the job's code or data.
"""

from __future__ import annotations

import time

from job_common import parse_args, spark_session


def slow_identity(rows):  # type: ignore[no-untyped-def]
    """Pass rows through slowly, so the stage is still running when the executor is killed."""
    for row in rows:
        time.sleep(0.002)
        yield row


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], {"--rows": {"type": int, "default": 40_000}})
    conf = {"spark.task.maxFailures": "1", "spark.sql.shuffle.partitions": "4"}
    with spark_session(args, "executor_lost", conf) as spark:
        events = spark.range(args.rows, numPartitions=8).rdd.mapPartitions(slow_identity)
        totals = events.map(lambda row: (row.id % 10, 1)).reduceByKey(lambda a, b: a + b).collect()
        print(f"{len(totals)} buckets", flush=True)


if __name__ == "__main__":
    main()
