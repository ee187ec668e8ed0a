"""Runtime and orchestration failure families (issue 19): each entry of the runtime sections is found.

Every row is a line written for this test in the shape the component prints it (Airflow 3 and its
Task SDK, Kubernetes, Celery's billiard pool, urllib3/requests/httpx/aiohttp, SQLAlchemy, pandas,
pyarrow, the JVM and Hadoop), with the entry that must decide it and where the fix goes. The
distractors put the same words where they must not decide: an INFO line, an identifier, a
recovered condition, a neighbouring family.
"""

from __future__ import annotations

import time

import pytest

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.heuristics.knowledge import catalog, classify

CASES = [
    # (line, code of the most decisive entry, category)
    # Airflow exceptions and messages
    (
        "airflow.exceptions.PoolNotFound: Pool 'warehouse_loads' doesn't exist",
        "PoolNotFound",
        Category.CONFIG,
    ),
    (
        "airflow.sdk.exceptions.ParamValidationError: Invalid input for param region: 'mars' is not one of "
        "['eu', 'us']",
        "ParamValidationError",
        Category.CONFIG,
    ),
    (
        "airflow.sdk.exceptions.XComNotFound: XComArg result from fetch at nightly with "
        'key="rows" is not found!',
        "XComNotFound",
        Category.CODE,
    ),
    ("airflow.sdk.exceptions.TaskNotFound: Task load_orders not found", "TaskNotFound", Category.CONFIG),
    (
        "airflow.exceptions.AirflowDagDuplicatedIdException: Ignoring DAG reports from /dags/b.py: already "
        "defined in /dags/a.py",
        "AirflowDagDuplicatedIdException",
        Category.CODE,
    ),
    (
        "airflow.sdk.exceptions.TaskAlreadyRunningError: Task instance 0192-aa is already running elsewhere",
        "TaskAlreadyRunningError",
        Category.INFRA,
    ),
    (
        "airflow.exceptions.AirflowTaskTimeout: DagBag import timeout for "
        "/opt/airflow/dags/big.py after 30.0s.",
        "airflow.dagbag_import_timeout",
        Category.CONFIG,
    ),
    (
        "ERROR - Executor CeleryExecutor(parallelism=32) reported that the task instance <TaskInstance: d.t "
        "manual__2026 [queued]> finished with state failed, but the task instance's "
        "state attribute is queued.",
        "airflow.executor_failed_while_queued",
        Category.CONFIG,
    ),
    (
        "WARNING - Tasks using non-existent pool 'spark_jobs' will not be scheduled",
        "airflow.nonexistent_pool",
        Category.CONFIG,
    ),
    (
        "airflow.sdk.exceptions.DuplicateTaskIdFound: Task id 'extract' has already been added to the DAG",
        "airflow.duplicate_task_id",
        Category.CODE,
    ),
    (
        "airflow.sdk.exceptions.UnmappableXComTypePushed: unmappable return type 'str'",
        "airflow.xcom_for_mapping",
        Category.CODE,
    ),
    (
        "airflow.sdk.exceptions.AirflowRuntimeError: API_SERVER_ERROR: {'status_code': "
        "502, 'message': 'bad'}",
        "airflow.execution_api_error",
        Category.INFRA,
    ),
    (
        "ERROR - Process terminated by signal. signal=-11 signal_name=SIGSEGV",
        "airflow.sigsegv",
        Category.CONFIG,
    ),
    # Kubernetes
    (
        '  Warning  Failed  12s  kubelet  Error: secret "warehouse-creds" not found',
        "k8s.container_config",
        Category.CONFIG,
    ),
    (
        "container_statuses=[{'name': 'base', 'state': {'waiting': {'reason': "
        "'CreateContainerConfigError'}}}]",
        "k8s.container_config",
        Category.CONFIG,
    ),
    (
        'OCI runtime create failed: exec: "run-job": executable file not found in $PATH: unknown',
        "k8s.container_cannot_run",
        Category.CONFIG,
    ),
    (
        "'waiting': {'message': 'couldn't parse image reference \"repo/img:\"', "
        "'reason': 'InvalidImageName'}",
        "k8s.invalid_image",
        Category.CONFIG,
    ),
    (
        "reason: DeadlineExceeded message: Pod was active on the node longer than the specified deadline",
        "k8s.active_deadline",
        Category.CONFIG,
    ),
    (
        "Status: Failed Message: Pod was terminated in response to imminent node shutdown.",
        "k8s.disruption",
        Category.INFRA,
    ),
    (
        'Warning FailedScheduling default-scheduler persistentvolumeclaim "scratch" not found',
        "k8s.volume_missing",
        Category.CONFIG,
    ),
    (
        "Warning FailedScheduling default-scheduler 0/3 nodes are available: pod has unbound immediate "
        "PersistentVolumeClaims. preemption: 0/3 nodes are available",
        "k8s.volume_missing",
        Category.CONFIG,
    ),
    (  # the neighbouring family: a scheduler event for capacity stays infra
        "Warning FailedScheduling default-scheduler 0/3 nodes are available: 3 Insufficient memory.",
        "k8s.unschedulable",
        Category.INFRA,
    ),
    (
        "Warning FailedMount kubelet Unable to attach or mount volumes: unmounted volumes=[data]: timed out",
        "k8s.volume_attach",
        Category.INFRA,
    ),
    # Celery
    (
        "billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: 12.",
        "celery.worker_sigkill",
        Category.CONFIG,
    ),
    (
        "billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 15 (SIGTERM) Job: 3.",
        "WorkerLostError",
        Category.INFRA,
    ),
    (
        "ERROR/MainProcess] Hard time limit (1800s) exceeded for airflow.executors.execute_command[9f2c]",
        "celery.time_limit",
        Category.CONFIG,
    ),
    (
        "celery.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()",
        "SoftTimeLimitExceeded",
        Category.CONFIG,
    ),
    # HTTP clients
    (
        "httpx.ConnectError: [Errno -3] Temporary failure in name resolution",
        "ConnectError",
        Category.INFRA,
    ),
    (
        "httpx.RemoteProtocolError: Server disconnected without sending a response.",
        "RemoteProtocolError",
        Category.INFRA,
    ),
    (
        "httpx.PoolTimeout: Timed out waiting for a connection from the pool",
        "PoolTimeout",
        Category.CONFIG,
    ),
    (
        "aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected",
        "ServerDisconnectedError",
        Category.INFRA,
    ),
    (
        "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='api.example.com', port=443): Read "
        "timed out. (read timeout=30)",
        "ReadTimeoutError",
        Category.INFRA,
    ),
    (
        "requests.exceptions.MissingSchema: Invalid URL 'api.example.com/v1': No scheme supplied. Perhaps "
        "you meant https://api.example.com/v1?",
        "http.bad_url",
        Category.CONFIG,
    ),
    ("socket.timeout: timed out", "network.read_timeout", Category.INFRA),
    # SQLAlchemy, csv, pandas, pyarrow
    (
        "sqlalchemy.exc.NoResultFound: No row was found when one was required",
        "sqlalchemy.one_row",
        Category.CODE,
    ),
    (
        "sqlalchemy.exc.ArgumentError: Could not parse SQLAlchemy URL from given URL string",
        "sqlalchemy.bad_url",
        Category.CONFIG,
    ),
    (
        "sqlalchemy.exc.NoSuchTableError: staging_orders",
        "NoSuchTableError",
        Category.CODE,
    ),
    ("_csv.Error: line contains NUL", "csv.corrupt_input", Category.DATA),
    (
        "pandas.errors.MergeError: Merge keys are not unique in right dataset; not a many-to-one merge",
        "pandas.merge_keys_not_unique",
        Category.DATA,
    ),
    (
        "pandas.errors.IntCastingNaNError: Cannot convert non-finite values (NA or inf) to integer",
        "IntCastingNaNError",
        Category.DATA,
    ),
    (
        "pyarrow.lib.ArrowTypeError: (\"Expected bytes, got a 'int' object\", 'Conversion failed for column "
        "sku with type object')",
        "ArrowTypeError",
        Category.CODE,
    ),
    ("pyarrow.lib.ArrowMemoryError: malloc of size 1073741824 failed", "ArrowMemoryError", Category.CONFIG),
    # JVM and Hadoop
    (
        'Exception in thread "main" java.lang.UnsupportedClassVersionError: com/acme/Job',
        "java.lang.UnsupportedClassVersionError",
        Category.CONFIG,
    ),
    (
        "Caused by: java.lang.AbstractMethodError: Receiver class org.acme.Sink does not define or inherit",
        "java.lang.AbstractMethodError",
        Category.CONFIG,
    ),
    (
        "Caused by: java.sql.SQLIntegrityConstraintViolationException: Duplicate entry "
        "'42' for key 'PRIMARY'",
        "java.sql.SQLIntegrityConstraintViolationException",
        Category.DATA,
    ),
    (
        "Caused by: org.apache.hadoop.hdfs.BlockMissingException: Could not obtain block: "
        "BP-1:blk_1073741825_1001 file=/data/part-0000",
        "org.apache.hadoop.hdfs.BlockMissingException",
        Category.INFRA,
    ),
    (
        "Caused by: org.apache.hadoop.hdfs.protocol.DSQuotaExceededException: The DiskSpace quota of /data "
        "is exceeded",
        "org.apache.hadoop.hdfs.protocol.DSQuotaExceededException",
        Category.CONFIG,
    ),
    (
        "javax.security.sasl.SaslException: GSS initiate failed [Caused by "
        "GSSException: No valid credentials "
        "provided (Mechanism level: Failed to find any Kerberos tgt)]",
        "jvm.kerberos_credentials",
        Category.CONFIG,
    ),
    (
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification "
        "path to requested target",
        "jvm.pkix_trust",
        Category.CONFIG,
    ),
    (
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed "
        "out after 30000ms.",
        "jvm.hikari_pool_exhausted",
        Category.CONFIG,
    ),
]

#: The cause inside these decides: the entry only defers (specificity 0).
WRAPPERS = [
    (
        "airflow.sdk.exceptions.AirflowFailException: refusing to load an empty extract",
        "AirflowFailException",
    ),
    ("Warning BackOff kubelet Back-off restarting failed container base in pod etl-1", "k8s.crash_loop"),
    (
        "reason: BackoffLimitExceeded message: Job has reached the specified backoff limit",
        "k8s.job_backoff_limit",
    ),
    ("httpx.HTTPStatusError: Client error '418' for url 'https://api.example.com'", "HTTPStatusError"),
    (
        "sqlalchemy.exc.PendingRollbackError: This Session's transaction has been rolled back",
        "PendingRollbackError",
    ),
    ("Caused by: java.lang.ExceptionInInitializerError", "java.lang.ExceptionInInitializerError"),
]

#: The words of an entry where they must not decide.
DISTRACTORS = [
    # (line, code that must not be found)
    (
        "INFO - Filling up the DagBag from /opt/airflow/dags (dagbag_import_timeout=30)",
        "airflow.dagbag_import_timeout",
    ),
    ("INFO - pool 'spark_jobs' has 4 open slots", "airflow.nonexistent_pool"),
    ("INFO - restarts=0 crashloopbackoff_alerts=enabled", "k8s.crash_loop"),
    ("INFO - mounting secret warehouse-creds as a volume", "k8s.container_config"),
    ("INFO - activeDeadlineSeconds=3600 set on the pod", "k8s.active_deadline"),
    ("INFO - worker_concurrency=16 task_time_limit=1800 task_soft_time_limit=1700", "celery.time_limit"),
    ("WARNING - Worker exited prematurely: signal 15 (SIGTERM) Job: 3.", "celery.worker_sigkill"),
    ("INFO - csv reader: 1200 lines read, no line contains NULs", "csv.corrupt_input"),
    ("INFO - validate='one_to_one' passed: merge keys are unique", "pandas.merge_keys_not_unique"),
    ("INFO - Kerberos ticket renewed for etl@EXAMPLE.COM", "jvm.kerberos_credentials"),
    ("INFO - api_server_error_count=0", "airflow.execution_api_error"),
    ("DEBUG - ReadError handler registered; retrying", "ReadError"),
]


@pytest.mark.parametrize(("line", "code", "category"), CASES, ids=[c[1] for c in CASES])
def test_a_runtime_family_is_named_by_its_entry(line: str, code: str, category: Category) -> None:
    best = classify([line])[0]
    assert (best.prior.code, best.prior.category) == (code, category)


@pytest.mark.parametrize(("line", "code"), WRAPPERS, ids=[w[1] for w in WRAPPERS])
def test_a_wrapper_defers_to_the_cause_it_carries(line: str, code: str) -> None:
    found = {m.prior.code: m.prior for m in classify([line])}
    assert found[code].wrapper and found[code].specificity == 0


@pytest.mark.parametrize(("line", "code"), DISTRACTORS, ids=[d[1] for d in DISTRACTORS])
def test_the_words_elsewhere_do_not_decide(line: str, code: str) -> None:
    assert all(m.prior.code != code for m in classify([line]))


def test_a_recovered_pod_does_not_outrank_the_error_the_task_died_of() -> None:
    """A restart that recovered is earlier in the log than the terminal error, which wins."""
    lines = [
        "Warning BackOff kubelet Back-off restarting failed container base in pod etl-1",
        "INFO - container base is running",
        'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "orders_pkey"',
    ]
    assert classify(lines)[0].prior.category is Category.DATA


def test_hostile_lines_for_the_runtime_patterns_stay_fast() -> None:
    """Each runtime pattern reads a megabyte of its own near-misses in bounded time (no backtracking)."""
    ids = {code for _, code, _ in CASES} | {code for _, code in WRAPPERS} | {code for _, code in DISTRACTORS}
    patterns = [pattern for pattern, prior in catalog().messages if prior.code in ids]
    assert len(patterns) >= 25
    floods = [
        "'" + "a" * 1_000_000,
        'Error: secret "' + "x" * 1_000_000,
        "DagBag import timeout for " + "/d" * 500_000,
        "Hard time limit (" + "9" * 1_000_000,
        "Invalid URL '" + "u" * 1_000_000,
        "*" * 1_000_000 + " Received SIGSEGV",
        "'x" * 500_000,
        'persistentvolumeclaim "' * 40_000,
        "couldn't find key " * 60_000,
        "Invalid URL '" * 80_000,
    ]
    start = time.monotonic()
    for flood in floods:
        for pattern in patterns:
            pattern.search(flood)
    assert time.monotonic() - start < 10.0
