"""The catalogue of Spark signal codes: what each means and who emits it.

Driver-log codes come from the line patterns in :mod:`.driverlog` (the log scanner turns matches into
signals); event-log codes are emitted by :class:`~.adapter.SparkAdapter` from measured task metrics.
Heuristics in ``heuristics/spark`` match on these names, so they are defined once here.
"""

from __future__ import annotations

# -- from driver / task logs -------------------------------------------------------------------
APP_ID = "spark.app_id"  # an application id printed in the log (event-log discovery)
EXECUTOR_OOM = "spark.executor_oom"  # a task died with java.lang.OutOfMemoryError
DRIVER_OOM = "spark.driver_oom"  # OutOfMemoryError in a driver thread (main, dag-scheduler, …)
OOM = "spark.oom"  # any java.lang.OutOfMemoryError line (heap space, GC overhead, …)
CONTAINER_MEMORY_KILLED = "spark.container_memory_killed"  # YARN/K8s killed an executor for memory
CONTAINER_KILLED = "spark.container_killed"  # an executor container exited 137 (SIGKILL), no reason given
DRIVER_KILLED = "spark.driver_killed"  # the driver (Dataproc job driver, YARN AM) exited 137 (SIGKILL)
NODE_LOST = "spark.node_lost"  # a container's node was lost, preempted or decommissioned
EXECUTOR_LOST = "spark.executor_lost"  # ExecutorLostFailure
FETCH_FAILED = "spark.fetch_failed"  # FetchFailedException / FetchFailed task end
HEARTBEAT_TIMEOUT = "spark.heartbeat_timeout"  # executor heartbeat timed out
STAGE_FAILURE = "spark.stage_failure"  # Job aborted due to stage failure: Task X in stage Y failed N times
ANALYSIS_ERROR = "spark.analysis_error"  # AnalysisException with its error class
UNRESOLVED_COLUMN = "spark.unresolved_column"  # [UNRESOLVED_COLUMN.*] with the column and suggestions
TABLE_NOT_FOUND = "spark.table_not_found"  # [TABLE_OR_VIEW_NOT_FOUND]
PATH_NOT_FOUND = "spark.path_not_found"  # [PATH_NOT_FOUND] / Path does not exist
FILES_REPLACED = (
    "spark.files_replaced"  # a listed file was gone when read ("underlying files have been updated")
)
READ_TYPE_MISMATCH = "spark.read_type_mismatch"  # a Parquet column's stored type is not the reader's
WRITE_TYPE_CONFLICT = "spark.write_type_conflict"  # "Failed to merge incompatible data types" on a write
PYTHON_UDF_ERROR = "spark.python_udf_error"  # PythonException thrown from the Python worker
PYTHON_WORKER_CRASHED = "spark.python_worker_crashed"  # Python worker exited unexpectedly
PYTHON_EXCEPTION = "spark.python_exception"  # the closing "XxxError: message" line of a Python traceback
NONE_USED = "spark.none_used"  # a None used as a row ('NoneType' object has no attribute / not subscriptable)
BROADCAST_TIMEOUT = "spark.broadcast_timeout"  # Could not execute broadcast in N secs
MAX_RESULT_SIZE = "spark.max_result_size"  # results bigger than spark.driver.maxResultSize
PY4J_ERROR = "spark.py4j_error"  # Py4JJavaError wrapper around a JVM exception
GATEWAY_LOST = "spark.gateway_lost"  # Py4JNetworkError: the Python driver lost its JVM (it died)

# -- from the event log (measured) ---------------------------------------------------------------
EVENT_LOG = "spark.event_log"  # an event log was parsed; attributes say which app and how complete
STAGE_SKEW = "spark.stage_skew"  # a stage's max task is far above its median (ratio, bytes, stage id)
GC_PRESSURE = "spark.gc_pressure"  # JVM GC time / executor run time is high in a stage
SPILL = "spark.spill"  # a stage spilled to disk
TASK_FAILURES = "spark.task_failures"  # a stage had failed tasks (rate, reasons)
TASK_OOM = "spark.task_oom"  # a task end reason was java.lang.OutOfMemoryError (measured)
SUBMIT_REFUSED = "spark.submit_refused"  # spark-submit refused its arguments or conf (``Error: …``)
JOB_FAILED = "spark.job_failed"  # a job ended JobFailed (message)
EXECUTOR_REMOVED = "spark.executor_removed"  # executors removed during the run, with reasons

#: Codes that mean "the JVM ran out of memory" from any source (log line or event log).
OOM_CODES = (EXECUTOR_OOM, DRIVER_OOM, OOM, CONTAINER_MEMORY_KILLED, TASK_OOM)
#: A JVM killed with SIGKILL (exit 137) and no reason printed: memory, unless its node was lost.
KILL_CODES = (CONTAINER_KILLED, DRIVER_KILLED)
