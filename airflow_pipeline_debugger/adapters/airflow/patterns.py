r"""Line patterns for what Airflow 3 itself prints when a task fails.

The shapes are the ones the 3.x task runner, supervisor and scheduler really write (source lines in
``airflow/sdk/execution_time/{task_runner,supervisor,timeout}.py``, ``airflow/sdk/bases/sensor.py``,
``airflow/jobs/scheduler_job_runner.py``), e.g.::

    airflow.sdk.exceptions.AirflowTaskTimeout: Timeout, PID: 4242
    airflow.sdk.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 12.1 seconds exceeds the specified timeout of 12.0.
    airflow.sdk.exceptions.AirflowNotFoundException: The conn_id `warehouse_db` isn't defined
    CRITICAL Process terminated by signal. Likely out of memory error (OOM). … signal=-9 signal_name=SIGKILL
    jinja2.exceptions.UndefinedError: 'airflow.sdk.definitions.param.ParamsDict object' has no attribute 'report_date'
    ModuleNotFoundError: No module named 'ydata_profiling'
    Detected a task instance without a heartbeat: …

Airflow 3 task logs are JSON lines; the scanner renders each one (event, level, ``key=value``
extras and the ``error_detail`` traceback) before these patterns are searched, so they are written
against the rendered text. Named groups become signal attributes that rules quote.
"""  # noqa: E501

from __future__ import annotations

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern


def _p(code: str, regex: str, message: str, literal: str, level: Level = Level.ERROR) -> LogPattern:
    return LogPattern(code, regex, message, level=level, literal=literal)


def _phrases(code: str, message: str, *phrases: tuple[str, str]) -> tuple[LogPattern, ...]:
    """One pattern per (regex, literal) phrase, all with the same code and message."""
    return tuple(_p(code, regex, message, literal) for regex, literal in phrases)


#: A line that is not a cluster manager's record of an executor's container (YARN's ``container_1_0001
#: on host: … Exit status: 137``, with the RM epoch ``container_e05_1_0001``, Spark's ``Container exited
#: with a non-zero exit code 137``, ``Lost executor 3``, and on Kubernetes the reason on its own line
#: ``The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).``): a container
#: of the job was killed, not the task's process.
_NO_CONTAINER = (
    r"^(?!.*?(?:\bcontainer_(?:e\d{1,10}_)?\d+_|[Cc]ontainer (?:exited|killed|released)\b|Lost executor\b"
    r"|ExecutorLostFailure|\b[Tt]he executor with id \d+ exited\b))(?:.*?)"
)

#: The context keys Airflow 3 removed, and those it sets only for a run with a logical date (not the
#: bare ``ds`` and ``ts``, names a data frame's columns carry as often).
_CONTEXT_KEYS = (
    r"execution_date|next_ds(?:_nodash)?|prev_ds(?:_nodash)?|tomorrow_ds(?:_nodash)?|yesterday_ds(?:_nodash)?"
    r"|next_execution_date|prev_execution_date(?:_success)?"
    r"|logical_date|ds_nodash|ts_nodash(?:_with_tz)?|task_instance_key_str"
    r"|data_interval_(?:start|end)|prev_data_interval_(?:start|end)_success"
)


PATTERNS: tuple[LogPattern, ...] = (
    # execution_timeout: ``AirflowTaskTimeout: Timeout, PID: 4242`` (timeout.py) and the runner's
    # ``Process timed out pid=4242`` error line just before it.
    _p(
        S.TASK_TIMEOUT,
        # Not the DAG file's import timeout, which Airflow raises as the same exception (below).
        r"AirflowTaskTimeout(?!:\s*DagBag import timeout)(?::\s*(?P<detail>.{0,200}))?",
        "The task exceeded its execution_timeout (AirflowTaskTimeout)",
        "AirflowTaskTimeout",
    ),
    # sensor.py: ``Sensor has timed out; run duration of 12.1 seconds exceeds the specified timeout of 12.0.``
    _p(
        S.SENSOR_TIMEOUT,
        r"Sensor has timed out; run duration of (?P<duration>\d+(?:\.\d+)?) seconds exceeds the "
        r"specified timeout of (?P<timeout>\d+(?:\.\d+)?)",
        "The sensor waited {duration}s, past its timeout of {timeout}s",
        "Sensor has timed out",
    ),
    _p(
        S.SENSOR_TIMEOUT,
        r"AirflowSensorTimeout",
        "The sensor timed out (AirflowSensorTimeout)",
        "AirflowSensorTimeout",
    ),
    _p(
        S.DEFERRAL_TIMEOUT,
        r"TaskDeferralTimeout(?::\s*(?P<detail>.{0,200}))?",
        "A deferred task's trigger timed out",
        "TaskDeferralTimeout",
    ),
    # connection.py / context.py: ``The conn_id `warehouse_db` isn't defined``; Task SDK error response.
    _p(
        S.MISSING_CONNECTION,
        # An Airflow 2 traceback also prints the raising source line, ``f"The conn_id `{conn_id}` …"``:
        # braces are not part of a connection id.
        r"The conn_id `(?P<conn_id>[^`{}]+)` isn't defined",
        "Connection '{conn_id}' is not defined",
        "isn't defined",
    ),
    _p(
        S.MISSING_CONNECTION,
        r"CONNECTION_NOT_FOUND(?:.{0,80}?'conn_id':\s*'(?P<conn_id>[^']+)')?",
        "A connection was not found ({conn_id})",
        "CONNECTION_NOT_FOUND",
    ),
    # ``AirflowRuntimeError: VARIABLE_NOT_FOUND: {'key': 'x'}``; Airflow 2 ``Variable x does not exist``.
    _p(
        S.MISSING_VARIABLE,
        r"VARIABLE_NOT_FOUND(?:.{0,80}?'(?:key|message)':\s*'(?:Variable )?(?P<key>[\w.\-]+))?",
        "Airflow Variable '{key}' is not defined",
        "VARIABLE_NOT_FOUND",
    ),
    _p(
        S.MISSING_VARIABLE,
        r"Variable (?P<key>[\w.\-]+) does not exist",
        "Airflow Variable '{key}' is not defined",
        "does not exist",
    ),
    # supervisor.py: ``Process terminated by signal. Likely out of memory error (OOM). … signal=-9
    # signal_name=SIGKILL``
    *_phrases(
        S.SIGKILL,
        "The task process was killed with SIGKILL (likely the out-of-memory killer)",
        (r"Process terminated by signal\. Likely out of memory error \(OOM\)", "Likely out of memory error"),
        # JSON logs (the literal must be in the raw line too), and the console renderer's quoted value
        # (``signal=-9: signal_name="SIGKILL": source="task"``).
        (r"signal_name=[\"']?SIGKILL\b", "SIGKILL"),
        # Not a kill the supervisor records sending itself (``signal_sent=SIGKILL``, below).
        (r"^(?!.*\bsignal_sent=SIG)(?:.*?)[Nn]egsignal\.SIGKILL", "egsignal.SIGKILL"),
        # Not a cluster manager's record of one executor's container (YARN's ``container_… on host: …
        # Exit status: 137``, ``Container exited with a non-zero exit code 137``): the task lives on.
        (rf"{_NO_CONTAINER}[Ee]xit(?:ed with)? code:? (?:137|-9)\b", "xit code"),
        (rf"{_NO_CONTAINER}[Ee]xit(?:ed with)? status:? (?:137|-9)\b", "xit status"),
        (r"exit_code=(?:137|-9)\b", "exit_code"),
        # local_task_job_runner.py (Airflow 2): ``Task exited with return code -9``; subprocess:
        # ``Command '…' died with <Signals.SIGKILL: 9>``.
        (r"[Rr]eturn code:? (?:137|-9)\b", "eturn code"),
        (r"<Signals\.SIGKILL: 9>", "Signals.SIGKILL"),
    ),
    # supervisor.py: ``Process exited  exit_code=<Negsignal.SIGKILL: -9> pid=4242 signal_sent=SIGKILL``:
    # the supervisor stopped the task itself (it was told to, or a timeout ran out), no OOM killer.
    _p(
        S.SUPERVISOR_STOP,
        r"Process exited\b.{0,300}?\bsignal_sent=(?P<signal>SIG[A-Z]+)",
        "Airflow's supervisor stopped the task process itself ({signal})",
        "signal_sent=",
    ),
    # The node's own record that memory ran out and the kill followed — what settles the guess above
    # (a log users add). The kernel's OOM killer as dmesg / journalctl -k print it: ``Out of memory:
    # Killed process 4242 (python3) total-vm:…``; in a container ``Memory cgroup out of memory:
    # Killed process 4242 …``; older kernels ``Kill process … or sacrifice child``; ``python3 invoked
    # oom-killer: …``; ``oom_reaper: reaped process 4242``. The container runtime's ``Reason:
    # OOMKilled`` and the node's event as ``kubectl get events`` shows it: ``Warning OOMKilling node/…``.
    *_phrases(
        S.OOM_KILLED,
        "The node's kernel killed the task process for lack of memory (OOM killer)",
        (r"\bOOMKilled\b", "OOMKilled"),
        (
            r"[Oo]ut of memory: Kill(?:ed)? process (?P<pid>\d+)(?: \((?P<process>[^)]{1,64})\))?",
            "ut of memory: Kill",
        ),
        (r"oom-kill", "oom-kill"),
        (r"oom_reaper: reaped process (?P<pid>\d+)", "oom_reaper"),
        (r"\bOOMKilling\b", "OOMKilling"),
    ),
    _p(
        S.SIGNAL,
        r"Process terminated by signal\.(?! Likely out of memory).*?signal_name=(?P<signal_name>SIG\w+)",
        "The task process died from {signal_name}",
        "Process terminated by signal",
    ),
    *(
        _p(S.SIGNAL, rf"(?P<signal_name>{name})\b", "The task process died from {signal_name}", name)
        for name in ("SIGSEGV", "SIGABRT", "SIGBUS")
    ),
    *_phrases(
        S.SIGTERM,
        "The task was told to stop (SIGTERM or its state was changed from outside)",
        (r"[Rr]eceived SIGTERM", "eceived SIGTERM"),
        (r"AirflowTaskTerminated", "AirflowTaskTerminated"),
        (r"State of this instance has been externally set to (?P<state>\w+)", "externally set to"),
        # Airflow 3's supervisor when a heartbeat is answered 409 (the state changed under the task):
        # ``Server indicated the task shouldn't be running anymore … current_state=up_for_retry``.
        (
            r"Server indicated the task shouldn't be running anymore"
            r"(?:.{0,400}?current_state\W{1,4}(?P<state>[a-z_]+))?",
            "shouldn't be running anymore",
        ),
    ),
    # scheduler_job_runner.py: ``Detected a task instance without a heartbeat``; the audit log event.
    *_phrases(
        S.HEARTBEAT_TIMEOUT,
        "The task stopped heartbeating and was failed by the scheduler",
        (r"Detected a task instance without a heartbeat", "without a heartbeat"),
        (r"[Hh]eartbeat timeout", "eartbeat timeout"),
        (
            r"Task did not emit heartbeat within time limit \((?P<seconds>\d+) seconds\)",
            "did not emit heartbeat",
        ),
        # Airflow 2's names for the same: ``Detected zombie job: {…}``, ``Found 1 zombie task
        # instances``. The bare word also names tables and columns, so it needs the noun it qualifies;
        # Spark's DAGScheduler says it of its own tasks when any job ends ("Cancelling potential
        # speculative or zombie tasks for this job"), which is no Airflow task's heartbeat.
        (r"(?<!speculative or )\b[Zz]ombie (?:jobs?|tasks?|task instances?|TIs?|process(?:es)?)\b", "ombie "),
    ),
    # Kubernetes: ``The node was low on resource: memory.``; ``Pod … was evicted``; ``Reason: Evicted``.
    *_phrases(
        S.POD_EVICTED,
        "Kubernetes evicted the pod",
        (r"The node was low on resource: (?P<resource>[\w-]+)", "low on resource"),
        # What names the pod's eviction, not the word ("3 cache entries evicted"): ``Pod … was
        # evicted``, ``reason: Evicted`` / ``'reason': 'Evicted'`` (pod status), the STATUS column of
        # ``kubectl get pods`` (``0/1  Evicted``), ``evicted pod``.
        (r"\b[Pp]od\b[^\n]{0,160}?\b(?:was|been|got|is being|being) [Ee]victed\b", "victed"),
        (r"[Rr]eason\W{1,4}Evicted\b", "Evicted"),
        (r"\s\d+/\d+\s+Evicted\s", "Evicted"),
        (r"\b[Ee]victed pods?\b", "victed pod"),
        (r"[Ee]viction manager: pods? evicted", "viction manager"),
        # The kubelet's eviction manager (journalctl -u kubelet) and the node's events:
        # ``"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"``;
        # ``Warning EvictionThresholdMet node/… Attempting to reclaim memory``.
        (r"must evict pod\(s\) to reclaim\W+resourceName=\W*(?P<resource>[\w-]+)", "must evict pod"),
        (
            r"EvictionThresholdMet\b.{0,120}?[Aa]ttempting to reclaim (?P<resource>[\w-]+)",
            "EvictionThresholdMet",
        ),
    ),
    # Jinja: ``jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'x'``; syntax errors;
    # Airflow's ``Exception rendering Jinja template for task 'render_report', field 'bash_command'``.
    _p(
        S.TEMPLATE_ERROR,
        r"UndefinedError(?::\s*(?P<detail>.{0,300}))?",
        "A Jinja template referenced something undefined: {detail}",
        "UndefinedError",
    ),
    _p(
        S.TEMPLATE_ERROR,
        r"TemplateSyntaxError(?::\s*(?P<detail>.{0,300}))?",
        "A Jinja template has a syntax error: {detail}",
        "TemplateSyntaxError",
    ),
    _p(
        S.TEMPLATE_ERROR,
        r"TemplateNotFound(?::\s*(?P<detail>.{0,300}))?",
        "A Jinja template file was not found: {detail}",
        "TemplateNotFound",
    ),
    _p(
        S.TEMPLATE_ERROR,
        r"Exception rendering Jinja template for task '(?P<task>[^']+)', field '(?P<field>[^']+)'",
        "Rendering template field '{field}' of task '{task}' failed",
        "Exception rendering Jinja template",
    ),
    # ``ModuleNotFoundError: No module named 'ydata_profiling'``;
    # ``ImportError: cannot import name 'x' from 'y'``
    _p(
        S.IMPORT_ERROR,
        r"No module named '(?P<module>[\w.]+)'",
        "Python module '{module}' is not installed where the task runs",
        "No module named",
    ),
    _p(
        S.IMPORT_ERROR,
        r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'",
        "'{name}' cannot be imported from '{module}' (version mismatch?)",
        "cannot import name",
    ),
    _p(
        S.DAG_IMPORT_ERROR,
        r"(?P<what>Dag not found during start up|Task not found in Dag during start up|"
        r"Failed to import: (?P<path>\S+)|Broken DAG: .{0,200})",
        "The worker could not load the DAG or task: {what}",
        "during start up",
    ),
    # timeout.py raising AirflowTaskTimeout while the DAG file imports: ``DagBag import timeout for
    # /dags/big.py after 30.0s.`` — the parse outlived [core] dagbag_import_timeout.
    _p(
        S.DAG_IMPORT_TIMEOUT,
        r"DagBag import timeout for (?P<path>\S+?)\.? after (?P<seconds>\d+(?:\.\d+)?)s",
        "The DAG file took longer than dagbag_import_timeout ({seconds}s) to import: {path}",
        "DagBag import timeout",
    ),
    _p(
        S.DAG_IMPORT_ERROR,
        r"(?P<what>Failed to import: (?P<path>\S+)|Broken DAG: .{0,200})",
        "The worker could not load the DAG: {what}",
        "ailed to import",
    ),
    *_phrases(
        S.UPSTREAM_FAILED,
        "An upstream task failed, so this task did not run",
        (r"upstream_failed|UPSTREAM_FAILED", "PSTREAM_FAILED"),
        (r"upstream_failed", "upstream_failed"),
        (r"[Uu]pstream task\(s\) failed", "pstream task(s) failed"),
    ),
    # ``Not scheduling since there are 0 open slots in pool default_pool``; a pool that does not exist.
    _p(
        S.POOL_STARVATION,
        r"Not scheduling since there are (?P<open>-?\d+) open slots in pool (?P<pool>\S+)",
        "Pool {pool} had {open} open slots",
        "open slots in pool",
        level=Level.WARNING,
    ),
    *_phrases(
        S.POOL_STARVATION,
        "The task's pool does not exist",
        (r"[Pp]ool '(?P<pool>[^']+)' (?:not found|does not exist)", "does not exist"),
        (r"PoolNotFound", "PoolNotFound"),
    ),
    *_phrases(
        S.DAGRUN_TIMEOUT,
        "The DAG run exceeded its dagrun_timeout",
        (r"Run (?P<run_id>\S+) of (?P<dag_id>\S+) has timed-out", "has timed-out"),
        (r"dagrun_timeout", "dagrun_timeout"),
    ),
    # ``KeyError: 'execution_date'``: a context key Airflow 3 removed, or one it sets only for a run
    # with a logical date (``task_runner.py``: ``if logical_date := dag_run.logical_date: …``). Not
    # the bare ``ds`` and ``ts``, names a data frame's columns carry as often.
    _p(
        S.CONTEXT_KEY_MISSING,
        r"KeyError: ['\"](?P<key>" + _CONTEXT_KEYS + r")['\"]",
        "The task read a context key this run does not have ({key})",
        "KeyError",
    ),
    # The same key in a templated field, rendered with Airflow's StrictUndefined:
    # ``jinja2.exceptions.UndefinedError: 'next_ds' is undefined``.
    _p(
        S.CONTEXT_KEY_MISSING,
        r"UndefinedError: '(?P<key>" + _CONTEXT_KEYS + r")' is undefined",
        "The task's template read a context key this run does not have ({key})",
        "is undefined",
    ),
    # The same removal read as an attribute: Airflow 3's DagRun and task instance have no
    # ``execution_date`` (``AttributeError: 'DagRun' object has no attribute 'execution_date'``).
    _p(
        S.CONTEXT_KEY_MISSING,
        r"AttributeError: '(?P<owner>DagRun|RuntimeTaskInstance|TaskInstance)' object has no attribute "
        r"'(?P<key>execution_date|next_execution_date|prev_execution_date(?:_success)?)'",
        "The task read an attribute Airflow 3 removed ({owner}.{key})",
        "has no attribute",
    ),
    # ``XComNotFound``; an XCom value the backend refuses (too large, not serialisable).
    *_phrases(
        S.XCOM_ERROR,
        "An XCom could not be read or written",
        (r"XComNotFound", "XComNotFound"),
        (r"XCOM_NOT_FOUND", "XCOM_NOT_FOUND"),
        (r"XComForMappingNotPushed|UnmappableXComTypePushed", "XCom"),
        # Airflow 2's BaseXCom.serialize_value: a returned value JSON cannot hold (a date, a Decimal).
        (r"Could not serialize the XCom value into JSON", "Could not serialize the XCom"),
        (
            r"XCom.{0,80}(?:too large|exceeds|Payload Too Large|value too long|not (?:JSON )?serializable)",
            "XCom",
        ),
    ),
    _p(
        S.PARAM_VALIDATION,
        r"ParamValidationError(?::\s*(?P<detail>.{0,300}))?",
        "A param failed validation: {detail}",
        "ParamValidationError",
    ),
    # bash.py: ``Bash command failed. The command returned a non-zero exit code 1.``
    _p(
        S.BASH_EXIT,
        r"Bash command failed\. The command returned a non-zero exit code (?P<exit_code>-?\d+)",
        "The bash command exited with code {exit_code}",
        "Bash command failed",
    ),
    _p(
        S.FAIL_EXCEPTION,
        r"AirflowFailException(?::\s*(?P<detail>.{0,300}))?",
        "The task failed itself without retries: {detail}",
        "AirflowFailException",
    ),
    # supervisor.py: ``Process exited abnormally exit_code=2`` (a plain exit, not a signal).
    _p(
        S.EXIT_CODE,
        r"Process exited abnormally.*?exit_code=(?P<exit_code>-?\d+)",
        "The task process exited abnormally with code {exit_code}",
        "Process exited abnormally",
    ),
    *_phrases(
        S.EXECUTION_API_ERROR,
        "The worker could not talk to the API server",
        # The Task SDK's client names the answer's reason: ``ServerResponseError: Not Found``.
        (r"ServerResponseError: (?P<reason>Not Found|Method Not Allowed)\b", "ServerResponseError: "),
        (r"ServerResponseError", "ServerResponseError"),
        (r"API_SERVER_ERROR", "API_SERVER_ERROR"),
        # httpx's record of the supervisor's own call, refused: ``HTTP Request: PATCH
        # http://…/execution/task-instances/<id>/run "HTTP/1.1 403 Forbidden"``.
        (
            # One greedy run over the URL, backed off to its last segment: linear on a hostile line.
            r"HTTP Request: [A-Z]+ (?=[^\s\"]*/execution/)[^\s\"]*/(?P<endpoint>[\w-]+)"
            r" \"HTTP/[\d.]+ (?P<status>[45]\d\d)\b",
            "/execution/",
        ),
    ),
)
