"""The catalogue of Airflow signal codes: what each means and which log line produces it.

Codes come from the line patterns in :mod:`.patterns` (the log scanner turns matches into signals).
Heuristics in ``heuristics/airflow`` match on these names, so they are defined once here.
"""

from __future__ import annotations

TASK_TIMEOUT = "airflow.task_timeout"  # AirflowTaskTimeout: execution_timeout was exceeded
SENSOR_TIMEOUT = "airflow.sensor_timeout"  # AirflowSensorTimeout: the sensor's timeout expired
DEFERRAL_TIMEOUT = "airflow.deferral_timeout"  # TaskDeferralTimeout: a deferred trigger ran out of time
MISSING_CONNECTION = "airflow.missing_connection"  # The conn_id `x` isn't defined / CONNECTION_NOT_FOUND
MISSING_VARIABLE = "airflow.missing_variable"  # VARIABLE_NOT_FOUND / Variable x does not exist
SIGKILL = "airflow.sigkill"  # the task process was killed with signal 9 (OOM killer, kubelet, kill -9)
OOM_KILLED = "airflow.oom_killed"  # the node's own record of an OOM kill (kernel log, OOMKilled, OOMKilling)
SIGNAL = "airflow.signal"  # the task process died from another signal (SIGSEGV, SIGABRT …)
SUPERVISOR_STOP = "airflow.supervisor_stop"  # Airflow 3's supervisor sent the signal itself (signal_sent=…)
SIGTERM = "airflow.sigterm"  # the task was asked to stop (SIGTERM, externally marked state)
HEARTBEAT_TIMEOUT = "airflow.heartbeat_timeout"  # scheduler: task instance without a heartbeat ("zombie")
POD_EVICTED = "airflow.pod_evicted"  # Kubernetes evicted the worker/pod (node pressure)
TEMPLATE_ERROR = "airflow.template_error"  # Jinja rendering failed (undefined variable, syntax)
IMPORT_ERROR = "airflow.import_error"  # ModuleNotFoundError / ImportError in the task
DAG_IMPORT_ERROR = "airflow.dag_import_error"  # the DAG file itself failed to parse on the worker
DAG_IMPORT_TIMEOUT = "airflow.dag_import_timeout"  # the DAG file took longer than dagbag_import_timeout
UPSTREAM_FAILED = "airflow.upstream_failed"  # an upstream task failed; this one never ran
POOL_STARVATION = "airflow.pool_starvation"  # no open slots in the task's pool (or the pool is missing)
DAGRUN_TIMEOUT = "airflow.dagrun_timeout"  # the DAG run exceeded dagrun_timeout
XCOM_ERROR = "airflow.xcom_error"  # XCom not found, not serialisable, or too large for the backend
PARAM_VALIDATION = "airflow.param_validation"  # a DAG/task param failed its schema
BASH_EXIT = "airflow.bash_exit"  # BashOperator: the command returned a non-zero exit code
FAIL_EXCEPTION = "airflow.fail_exception"  # AirflowFailException: the task chose to fail without retry
EXIT_CODE = "airflow.exit_code"  # the task process exited abnormally with a plain exit code
CONTEXT_KEY_MISSING = "airflow.context_key_missing"  # KeyError on a context key Airflow 3 removed or left out
EXECUTION_API_ERROR = "airflow.execution_api_error"  # the worker could not talk to the API server

#: Codes that mean "the process was killed from outside" (no Python traceback of its own).
KILLED_CODES = (SIGKILL, OOM_KILLED, HEARTBEAT_TIMEOUT, POD_EVICTED)
