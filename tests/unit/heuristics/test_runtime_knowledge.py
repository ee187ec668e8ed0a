"""Runtime and orchestration failure families (issue 19): each entry of the runtime sections is found.

Every row is a line written for this test in the shape the component prints it (Airflow 3 and its
Task SDK, Kubernetes, Celery's billiard pool, urllib3/requests/httpx/aiohttp, SQLAlchemy, pandas,
pyarrow, the JVM and Hadoop), with the entry that must decide it and where the fix goes. The
distractors put the same words where they must not decide: an INFO line, an identifier, a
recovered condition, a neighbouring family.
"""

from __future__ import annotations

import pytest
from support.regex_cost import growth

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
        "httpx.ConnectError: All connection attempts failed",
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
    # child processes, Docker, SSH, SMTP, Kubernetes API
    (
        "subprocess.TimeoutExpired: Command '['dbt', 'build']' timed out after 3600 seconds",
        "python.subprocess_timeout",
        Category.CONFIG,
    ),
    (
        "subprocess.CalledProcessError: Command '['java', '-jar', 'job.jar']' died with "
        "<Signals.SIGKILL: 9>.",
        "python.child_sigkill",
        Category.CONFIG,
    ),
    (
        "concurrent.futures.process.BrokenProcessPool: A process in the process pool was terminated abruptly "
        "while the future was running or pending.",
        "python.child_sigkill",
        Category.CONFIG,
    ),
    (
        "subprocess.CalledProcessError: Command '['./convert']' died with <Signals.SIGSEGV: 11>.",
        "python.child_sigsegv",
        Category.CONFIG,
    ),
    (
        "docker.errors.DockerException: Error while fetching server API version: Cannot "
        "connect to the Docker "
        "daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        "docker.daemon_unreachable",
        Category.CONFIG,
    ),
    (
        "docker.errors.ImageNotFound: No such image: acme/etl:1.4",
        "ImageNotFound",
        Category.CONFIG,
    ),
    (
        "kubernetes.client.exceptions.ApiException: (403) Reason: Forbidden HTTP response body: pods is "
        'forbidden: User "system:serviceaccount:airflow:worker" cannot create resource "pods" in API group',
        "k8s.rbac_forbidden",
        Category.CONFIG,
    ),
    # The API's JSON body as the client logs it: the quotes come escaped.
    (
        'DEBUG - response body: {"kind":"Status","status":"Failure","message":"sparkapplications.spark.acme.'
        'tech is forbidden: User \\"system:serviceaccount:etl:airflow\\" cannot create resource '
        '\\"sparkapplications\\" in API group \\"spark.acme.tech\\"","reason":"Forbidden","code":403}',
        "k8s.rbac_forbidden",
        Category.CONFIG,
    ),
    # The kubernetes client printing the body as Python bytes: each escape doubled.
    (
        r"""HTTP response body: b'{"kind":"Status","status":"Failure","message":"pods \\"etl-x\\" is """
        r"""forbidden: User \\"system:serviceaccount:airflow:default\\" cannot delete resource """
        r"""\\"pods\\" in API group \\"\\" in the namespace \\"airflow\\"","reason":"Forbidden"}'""",
        "k8s.rbac_forbidden",
        Category.CONFIG,
    ),
    (
        'rolebindings.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:etl:airflow" '
        'cannot escalate resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster '
        "scope",
        "k8s.rbac_forbidden",
        Category.CONFIG,
    ),
    (
        'pods "etl-1" is forbidden: violates PodSecurity "restricted:latest": '
        "allowPrivilegeEscalation != false",
        "k8s.admission_denied",
        Category.CONFIG,
    ),
    (
        "paramiko.ssh_exception.AuthenticationException: Authentication failed.",
        "AuthenticationException",
        Category.CONFIG,
    ),
    (
        "paramiko.ssh_exception.SSHException: Error reading SSH protocol banner[Errno 104] Connection reset",
        "ssh.banner",
        Category.INFRA,
    ),
    (
        "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.')",
        "SMTPAuthenticationError",
        Category.CONFIG,
    ),
    # errno of workers and mounts (by number and by the platform's message)
    ("OSError: [Errno 30] Read-only file system: '/opt/airflow/dags/out.csv'", "EROFS", Category.CONFIG),
    ("OSError: [Errno 116] Stale file handle", "ESTALE", Category.INFRA),
    ("OSError: [Errno 107] Transport endpoint is not connected: '/mnt/gcs/raw'", "ENOTCONN", Category.INFRA),
    ("OSError: [Errno 98] Address already in use", "EADDRINUSE", Category.CONFIG),
    ("OSError: [Errno 18] Invalid cross-device link: '/tmp/part' -> '/data/part'", "EXDEV", Category.CODE),
    (
        "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 14.2 GiB for an array with shape "
        "(190000000, 10) and data type float64",
        "python.array_allocation",
        Category.CONFIG,
    ),
    (
        "pyarrow.lib.ArrowInvalid: Could not open Parquet input source '<Buffer>': Parquet magic bytes not "
        "found in footer. Either the file is corrupted or this is not a parquet file.",
        "file.corrupt_or_truncated",
        Category.DATA,
    ),
    ("zipfile.BadZipFile: File is not a zip file", "file.corrupt_or_truncated", Category.DATA),
    (
        "EOFError: Compressed file ended before the end-of-stream marker was reached",
        "file.corrupt_or_truncated",
        Category.DATA,
    ),
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

#: One line per class or code of the runtime sections: the entry is found, and the line's category is its.
ENTRY_LINES = [
    (
        "airflow.exceptions.AirflowFileParseException: Failed to load secrets file /etc/conns.yaml",
        "AirflowFileParseException",
        Category.CODE,
    ),
    (
        "airflow.sdk.exceptions.AirflowRuntimeError: CONNECTION_NOT_FOUND: {'conn_id': 'dw'}",
        "AirflowRuntimeError",
        Category.CONFIG,
    ),
    (
        "airflow.sdk.exceptions.AirflowSecretsBackendAccessDenied: read of connection 'dw' refused",
        "AirflowSecretsBackendAccessDenied",
        Category.CONFIG,
    ),
    (
        "airflow.sdk.exceptions.AirflowTimetableInvalid: cron expression '61 * * * *' is not valid",
        "AirflowTimetableInvalid",
        Category.CODE,
    ),
    (
        "airflow.exceptions.SerializationError: Failed to serialize DAG 'nightly': unsupported type",
        "SerializationError",
        Category.CODE,
    ),
    (
        "airflow.exceptions.UnknownExecutorException: Unknown executor being loaded: GpuExecutor",
        "UnknownExecutorException",
        Category.CONFIG,
    ),
    ("billiard.exceptions.TimeLimitExceeded: TimeLimitExceeded(1800,)", "TimeLimitExceeded", Category.CONFIG),
    (
        "pyarrow.lib.ArrowCapacityError: array cannot contain more than 2147483646 bytes, have 2147483650",
        "ArrowCapacityError",
        Category.CODE,
    ),
    (
        "pyarrow.lib.ArrowNotImplementedError: Unsupported cast from struct to utf8 "
        "using function cast_string",
        "ArrowNotImplementedError",
        Category.CODE,
    ),
    ("pandas.errors.MergeError: No common columns to perform merge on.", "MergeError", Category.CODE),
    (
        "paramiko.ssh_exception.BadHostKeyException: Host key for server 'sftp.example.com' does not match",
        "BadHostKeyException",
        Category.CONFIG,
    ),
    (
        "paramiko.ssh_exception.NoValidConnectionsError: [Errno None] Unable to connect "
        "to port 22 on 10.0.0.5",
        "NoValidConnectionsError",
        Category.INFRA,
    ),
    ("smtplib.SMTPConnectError: (421, b'Service not available')", "SMTPConnectError", Category.INFRA),
    (
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host api.example.com:443",
        "ClientConnectorError",
        Category.INFRA,
    ),
    (
        "aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host api.exmaple.com:443",
        "ClientConnectorDNSError",
        Category.CONFIG,
    ),
    (
        "aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to "
        "host api.example.com:443",
        "ClientConnectorCertificateError",
        Category.CONFIG,
    ),
    (
        "aiohttp.client_exceptions.ClientOSError: Cannot write to closing transport",
        "ClientOSError",
        Category.INFRA,
    ),
    (
        "aiohttp.client_exceptions.ClientPayloadError: Response payload is not completed",
        "ClientPayloadError",
        Category.INFRA,
    ),
    (
        "aiohttp.client_exceptions.ServerTimeoutError: Timeout on reading data from socket",
        "ServerTimeoutError",
        Category.INFRA,
    ),
    (
        "urllib3.exceptions.NewConnectionError: <HTTPSConnection object>: Failed to "
        "establish a new connection",
        "NewConnectionError",
        Category.INFRA,
    ),
    (
        "urllib3.exceptions.NameResolutionError: <HTTPSConnection object>: Failed to "
        "resolve 'api.exmaple.com'",
        "NameResolutionError",
        Category.CONFIG,
    ),
    ("urllib3.exceptions.ProxyError: Unable to connect to proxy", "ProxyError", Category.INFRA),
    (
        "urllib3.exceptions.LocationParseError: Failed to parse: http://[::1",
        "LocationParseError",
        Category.CONFIG,
    ),
    (
        "urllib3.exceptions.EmptyPoolError: HTTPConnectionPool(host='api', port=80): Pool is empty.",
        "EmptyPoolError",
        Category.CONFIG,
    ),
    ("httpx.ReadError: [SSL] record layer failure", "ReadError", Category.INFRA),
    ("httpx.WriteError: connection lost while sending the body", "WriteError", Category.INFRA),
    ("httpx.WriteTimeout: The write operation did not complete", "WriteTimeout", Category.INFRA),
    ("h11._util.LocalProtocolError: Illegal header value b'token '", "LocalProtocolError", Category.CODE),
    (
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate has expired",
        "SSLCertVerificationError",
        Category.CONFIG,
    ),
    (
        "UnicodeEncodeError: 'ascii' codec can't encode character '\\\\xe9' in position 4",
        "UnicodeEncodeError",
        Category.CODE,
    ),
    ("OverflowError: Python int too large to convert to C long", "OverflowError", Category.CODE),
    (
        "NotADirectoryError: [Errno 20] Not a directory: '/opt/airflow/config.yaml/extra'",
        "NotADirectoryError",
        Category.CONFIG,
    ),
    (
        "sqlalchemy.exc.InvalidRequestError: Could not refresh instance '<Order>'",
        "InvalidRequestError",
        Category.CODE,
    ),
    (
        "sqlalchemy.exc.ResourceClosedError: This result object does not return rows.",
        "ResourceClosedError",
        Category.CODE,
    ),
    (
        "sqlalchemy.exc.NoSuchColumnError: Could not locate column in row for column 'orders.total'",
        "NoSuchColumnError",
        Category.CODE,
    ),
    ("sqlalchemy.exc.CompileError: Unconsumed column names: discount", "CompileError", Category.CODE),
    ("sqlalchemy.exc.DisconnectionError: Connection invalidated", "DisconnectionError", Category.INFRA),
    (
        "java.lang.IncompatibleClassChangeError: Found interface org.acme.Codec, but class was expected",
        "java.lang.IncompatibleClassChangeError",
        Category.CONFIG,
    ),
    ("java.lang.NoSuchFieldError: JAVA_9", "java.lang.NoSuchFieldError", Category.CONFIG),
    (
        "java.lang.SecurityException: Invalid signature file digest for Manifest main attributes",
        "java.lang.SecurityException",
        Category.CONFIG,
    ),
    (
        "java.lang.ClassCastException: class java.lang.Long cannot be cast to class java.lang.Integer",
        "java.lang.ClassCastException",
        Category.CODE,
    ),
    (
        "java.lang.IndexOutOfBoundsException: Index 3 out of bounds for length 3",
        "java.lang.IndexOutOfBoundsException",
        Category.CODE,
    ),
    (
        "java.lang.StringIndexOutOfBoundsException: begin 0, end 8, length 6",
        "java.lang.StringIndexOutOfBoundsException",
        Category.CODE,
    ),
    ("java.util.NoSuchElementException: None.get", "java.util.NoSuchElementException", Category.CODE),
    ("java.util.ConcurrentModificationException", "java.util.ConcurrentModificationException", Category.CODE),
    (
        "java.net.NoRouteToHostException: No route to host (Host unreachable)",
        "java.net.NoRouteToHostException",
        Category.INFRA,
    ),
    (
        "java.nio.file.AccessDeniedException: /data/landing/part-0",
        "java.nio.file.AccessDeniedException",
        Category.CONFIG,
    ),
    (
        "java.nio.file.NoSuchFileException: /opt/jobs/conf/app.conf",
        "java.nio.file.NoSuchFileException",
        Category.CONFIG,
    ),
    (
        "java.nio.charset.MalformedInputException: Input length = 1",
        "java.nio.charset.MalformedInputException",
        Category.CODE,
    ),
    (
        "java.time.format.DateTimeParseException: Text '2026-13-01' could not be parsed at index 5",
        "java.time.format.DateTimeParseException",
        Category.CODE,
    ),
    (
        "java.sql.SQLSyntaxErrorException: Unknown column 'total' in 'field list'",
        "java.sql.SQLSyntaxErrorException",
        Category.CODE,
    ),
    (
        "java.sql.SQLTimeoutException: Statement cancelled due to timeout",
        "java.sql.SQLTimeoutException",
        Category.CONFIG,
    ),
    (
        "java.sql.SQLTransientConnectionException: Connection pool shut down",
        "java.sql.SQLTransientConnectionException",
        Category.INFRA,
    ),
    (
        "java.sql.SQLRecoverableException: IO Error: Connection reset",
        "java.sql.SQLRecoverableException",
        Category.INFRA,
    ),
    (
        "java.sql.SQLNonTransientConnectionException: Could not create connection to database server",
        "java.sql.SQLNonTransientConnectionException",
        Category.INFRA,
    ),
    (
        "javax.security.auth.login.LoginException: Unable to obtain password from user",
        "javax.security.auth.login.LoginException",
        Category.CONFIG,
    ),
    (
        "org.ietf.jgss.GSSException: No valid credentials provided",
        "org.ietf.jgss.GSSException",
        Category.CONFIG,
    ),
    (
        "org.apache.hadoop.hdfs.server.namenode.SafeModeException: Cannot create file "
        "/data/x. Name node is in safe mode.",
        "org.apache.hadoop.hdfs.server.namenode.SafeModeException",
        Category.INFRA,
    ),
    (
        "org.apache.hadoop.ipc.StandbyException: Operation category READ is not supported in state standby",
        "org.apache.hadoop.ipc.StandbyException",
        Category.INFRA,
    ),
    (
        "org.apache.hadoop.hdfs.protocol.NSQuotaExceededException: The NameSpace quota of /data is exceeded",
        "org.apache.hadoop.hdfs.protocol.NSQuotaExceededException",
        Category.CONFIG,
    ),
    (
        "org.apache.hadoop.security.authorize.AuthorizationException: User: airflow is "
        "not allowed to impersonate etl",
        "org.apache.hadoop.security.authorize.AuthorizationException",
        Category.CONFIG,
    ),
    (
        "com.fasterxml.jackson.core.JsonParseException: Unexpected character ('<' (code 60))",
        "com.fasterxml.jackson.core.JsonParseException",
        Category.CODE,
    ),
    (
        "pandas.errors.InvalidIndexError: Reindexing only valid with uniquely valued Index objects",
        "pandas.duplicate_labels",
        Category.CODE,
    ),
    ("OSError: [Errno 7] Argument list too long: '/usr/bin/gsutil'", "E2BIG", Category.CODE),
    ("OSError: [Errno 36] File name too long: '/tmp/out/aaaa'", "ENAMETOOLONG", Category.CODE),
    ("ConnectionAbortedError: [Errno 103] Software caused connection abort", "ECONNABORTED", Category.INFRA),
    ("OSError: [Errno 100] Network is down", "ENETDOWN", Category.INFRA),
]

#: The cause inside these decides: the entry only defers (specificity 0).
WRAPPERS = [
    (
        "requests.exceptions.HTTPError: 418 Client Error: I'm a teapot for url: https://api.example.com",
        "HTTPError",
    ),
    ("aiohttp.client_exceptions.ClientResponseError: 418, message='I'm a teapot'", "ClientResponseError"),
    ("sqlalchemy.exc.DBAPIError: (pyodbc.Error) ('HY000', 'driver error')", "DBAPIError"),
    ("sqlalchemy.exc.StatementError: (builtins.TypeError) unsupported type", "StatementError"),
    (
        "docker.errors.ContainerError: Command 'run.sh' in image 'acme/etl:1.4' "
        "returned non-zero exit status 2",
        "ContainerError",
    ),
    ("Caused by: java.lang.reflect.InvocationTargetException", "java.lang.reflect.InvocationTargetException"),
    (
        "Caused by: java.util.concurrent.ExecutionException: see the cause",
        "java.util.concurrent.ExecutionException",
    ),
    ("java.sql.SQLException: see the vendor code", "java.sql.SQLException"),
    ("org.apache.hadoop.ipc.RemoteException: see the remote class", "org.apache.hadoop.ipc.RemoteException"),
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
    ("INFO - mounted /mnt/gcs/raw read-only file system checks passed (EROFSCHECK=0)", "EROFS"),
    ("INFO - checked parquet magic bytes in footer of 12 files: all valid", "file.corrupt_or_truncated"),
    ("INFO - Unable to allocate pinned buffer, falling back to pageable memory", "python.array_allocation"),
    ("INFO - running Command 'dbt build' with timeout=3600", "python.subprocess_timeout"),
    (
        "subprocess.CalledProcessError: Command '['./convert']' died with <Signals.SIGTERM: 15>.",
        "python.child_sigkill",
    ),
    ("INFO - docker daemon at unix:///var/run/docker.sock is running", "docker.daemon_unreachable"),
    (
        'INFO - checked: User "system:serviceaccount:airflow:worker" can create resource "pods"',
        "k8s.rbac_forbidden",
    ),
]


@pytest.mark.parametrize(("line", "code", "category"), CASES, ids=[c[1] for c in CASES])
def test_a_runtime_family_is_named_by_its_entry(line: str, code: str, category: Category) -> None:
    best = classify([line])[0]
    assert (best.prior.code, best.prior.category) == (code, category)


@pytest.mark.parametrize(("line", "code", "category"), ENTRY_LINES, ids=[e[1] for e in ENTRY_LINES])
def test_each_runtime_entry_is_found_in_a_line_of_its_family(
    line: str, code: str, category: Category
) -> None:
    found = {m.prior.code: m.prior for m in classify([line])}
    assert found[code].category is category
    assert classify([line])[0].prior.category is category


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


#: Where each runtime pattern could backtrack: an opening it matches, then what its bounded part reads.
_OPENINGS = (
    "'",
    'Error: secret "',
    "DagBag import timeout for /",
    "Hard time limit (9",
    "Invalid URL '",
    "Command '",
    'persistentvolumeclaim "',
    "couldn't find key ",
    "*",
)


def _floods(n: int) -> tuple[str, str]:
    """Near-misses of the runtime patterns: ``n`` repeats of every opening, and a run of ``n`` after each."""
    repeated = "".join(_OPENINGS) * n
    runs = "".join(opening + opening[-1] * n for opening in _OPENINGS)
    return repeated, runs


def test_hostile_lines_for_the_runtime_patterns_are_scanned_in_linear_time() -> None:
    """Ten times the near-matches take about ten times as long: no runtime pattern backtracks.

    A ratio against the same scan of a tenth, measured in the same run, not a time limit: a pattern
    that backtracks grows with the square of the line (a ratio near 100), a linear one stays near 10.
    """
    ids = {code for _, code, _ in CASES} | {code for _, code in WRAPPERS} | {code for _, code in DISTRACTORS}
    patterns = [pattern for pattern, prior in catalog().messages if prior.code in ids]
    assert len(patterns) >= 30
    for big, small in zip(_floods(20_000), _floods(2_000), strict=True):
        assert len(big) > 150_000
        assert growth(patterns, big, small) < 30
