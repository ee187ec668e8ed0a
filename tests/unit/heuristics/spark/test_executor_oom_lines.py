"""Where an OutOfMemoryError happened, read from an executor's own log lines (engine answers).

An executor's log names the task an error is thrown in on the line above it; without a driver's
``Lost task`` line the OOM used to be read as the driver's. Spark's exit code 52 is an executor JVM
that died of an OutOfMemoryError (``SparkExitCode.OOM``).
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

EXECUTOR_LOG = [
    "24/11/05 03:10:02 INFO CoarseGrainedExecutorBackend: Started daemon with process name: 4127@ip-10",
    "24/11/05 03:12:40 INFO Executor: Running task 5.0 in stage 2.0 (TID 9)",
    "24/11/05 03:12:44 ERROR Executor: Exception in task 5.0 in stage 2.0 (TID 9)",
    "java.lang.OutOfMemoryError: Java heap space",
    "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
]
EXIT_52 = [
    "24/11/05 03:12:44 WARN TaskSetManager: Lost task 17.3 in stage 3.0 (TID 211) (10.0.3.14 executor 7): "
    "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Command exited "
    "with code 52",
]
DRIVER_LOG = [
    "24/11/05 03:10:01 INFO SparkContext: Running Spark version 3.5.1",
    "24/11/05 03:12:44 INFO DAGScheduler: Job 3 finished",
    'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
]


@pytest.mark.parametrize(
    ("lines", "where"),
    [(EXECUTOR_LOG, "executor"), (EXIT_52, "executor"), (DRIVER_LOG, "driver")],
    ids=["executor_header_above_the_oom", "exit_code_52", "driver_thread"],
)
def test_where_memory_ran_out(lines: list[str], where: str) -> None:
    root = analyse(lines).root_cause
    assert root.rule_id == "spark.memory_oom", (root.rule_id, root.title)
    assert where in root.title.lower(), root.title
