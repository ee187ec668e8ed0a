r"""Line patterns for Spark driver output (spark-submit stderr, PySpark tracebacks, Airflow task logs).

Each pattern is searched on single lines, with a ``literal`` pre-filter so a long log costs one
substring test per line per pattern. The shapes are the ones Spark 3.x/4.x really print, e.g.::

    WARN TaskSetManager: Lost task 5.0 in stage 2.0 (TID 9) (10.0.0.7 executor 3): java.lang.OutOfMemoryError: Java heap space
    org.apache.spark.SparkException: Job aborted due to stage failure: Task 5 in stage 2.0 failed 4 times, ...
    ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 5.5 GB of 5.5 GB physical memory used.
    The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).
    pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `customer_id` cannot be resolved. Did you mean one of the following? [`cust_id`, ...]
    org.apache.spark.SparkException: Total size of serialized results of 2 tasks (1272.6 KiB) is bigger than spark.driver.maxResultSize (1024.0 KiB)

Named groups become signal attributes (task, stage, column, path, limit …) that rules quote.
"""  # noqa: E501

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern

_OOM_KIND = r"java\.lang\.OutOfMemoryError(?::\s*(?P<kind>[^\n\"\\]{0,120}))?"

PATTERNS: tuple[LogPattern, ...] = (
    LogPattern(
        S.EXECUTOR_OOM,
        r"Lost task (?P<task>\d+(?:\.\d+)?) in stage (?P<stage>\d+(?:\.\d+)?) \(TID (?P<tid>\d+)\)"
        r"[^:]*:\s*" + _OOM_KIND,
        "Task {task} of stage {stage} died with OutOfMemoryError ({kind})",
        literal="OutOfMemoryError",
    ),
    # Spark's own exit code for a JVM that died of OutOfMemoryError (``SparkExitCode.OOM`` = 52): an
    # executor's heap, read from how the cluster manager or Spark reports the exit (``code 52``,
    # ``status: 52``, ``code=52``; not ``code -52``, a signal number some runtimes print).
    LogPattern(
        S.EXECUTOR_OOM,
        r"(?P<what>(?:[Cc]ommand|[Cc]ontainer|[Ee]xecutor(?: \S{1,40})?) exited with (?:a non-zero )?"
        r"(?:exit )?(?:code|status)[:=]? ?52)\b",
        "An executor JVM exited with code 52, Spark's exit code for an OutOfMemoryError",
        literal="exited with",
    ),
    LogPattern(
        S.DRIVER_OOM,
        r"Exception in thread \"(?P<thread>main|dag-scheduler-event-loop|spark-listener-group-\w+|"
        r"driver-heartbeater|task-result-getter-\d+|broadcast-exchange-\d+)\"\s+" + _OOM_KIND,
        "The driver ran out of memory in thread {thread} ({kind})",
        literal="OutOfMemoryError",
    ),
    LogPattern(
        S.OOM,
        r"(?:^|[\s:(])" + _OOM_KIND.replace("(?P<kind>", "(?P<detail>"),
        "java.lang.OutOfMemoryError: {detail}",
        literal="java.lang.OutOfMemoryError",
    ),
    *(
        LogPattern(
            S.CONTAINER_MEMORY_KILLED,
            regex,
            "The cluster manager killed an executor container for memory ({what})",
            literal=literal,
        )
        for literal, regex in (
            (
                "memory limits",
                r"(?P<what>Container killed by YARN for exceeding (?:physical |virtual )?memory"
                r" limits|is running beyond (?:physical|virtual) memory limits)"
                r"(?:\. (?P<used>[\d.]+ [KMGT]?B of [\d.]+ [KMGT]?B (?:physical|virtual) memory used))?",
            ),
            ("possible container OOM", r"(?P<what>exit code 137\(SIGKILL, possible container OOM\))"),
            ("OOMKilled", r"(?P<what>\bOOMKilled\b)"),
        )
    ),
    # YARN's own record of a container it (or the kernel) killed with SIGKILL, with no reason: on a
    # healthy node that is a memory kill; a lost or preempted node says so in other lines (NODE_LOST).
    *(
        LogPattern(
            S.CONTAINER_KILLED,
            r"(?:(?P<container>container_[\w]+) on host: (?P<host>\S+?)\.? )?(?P<what>" + regex + ")",
            "An executor container was killed with SIGKILL ({what})",
            literal=literal,
        )
        for literal, regex in (
            ("Exit status: 137", r"Exit status: 137\b"),
            ("Exit code is 137", r"Container killed on request\. Exit code is 137\b"),
            ("non-zero exit code 137", r"Container exited with a non-zero exit code 137\b"),
        )
    ),
    # Dataproc's job driver and a YARN cluster-mode application master (the driver) killed by SIGKILL.
    *(
        LogPattern(
            S.DRIVER_KILLED, r"(?P<what>" + regex + ")", "The Spark driver was killed ({what})", literal=lit
        )
        for lit, regex in (
            (
                "Driver received SIGTERM/SIGKILL",
                r"Driver received SIGTERM/SIGKILL signal and exited with 137 code",
            ),
            ("AM Container", r"AM Container for \S+ exited with\s+exitCode: 137\b"),
        )
    ),
    *(
        LogPattern(
            S.NODE_LOST, r"(?P<what>" + regex + ")", "A node was lost or reclaimed ({what})", literal=lit
        )
        for lit, regex in (
            ("lost* node", r"Container released on a \*lost\* node"),
            ("Exit status: -100", r"Exit status: -100\b"),
            (
                "preempted",
                r"\b(?:[Cc]ontainer|[Nn]ode|[Ee]xecutor|[Ii]nstance)(?: \S+)? "
                r"(?:was |has been |is being )?preempted\b",
            ),
            (
                "decommission",
                r"\b(?:[Nn]ode|[Hh]ost|[Ee]xecutor|[Ww]orker)\b.{0,60}\bdecommission(?:ed|ing)\b",
            ),
        )
    ),
    LogPattern(
        S.EXECUTOR_LOST,
        r"ExecutorLostFailure \(executor (?P<executor>\S+) exited (?P<cause>[^)]*)\)"
        r"(?: Reason: (?P<reason>.{0,300}))?",
        "Executor {executor} was lost ({cause}): {reason}",
        literal="ExecutorLostFailure",
    ),
    LogPattern(
        S.FETCH_FAILED,
        r"(?P<what>FetchFailedException|FetchFailed\(BlockManagerId)(?P<detail>.{0,300})",
        "Shuffle fetch failed: {what}{detail}",
        literal="FetchFailed",
    ),
    LogPattern(
        S.HEARTBEAT_TIMEOUT,
        r"Executor heartbeat timed out after (?P<ms>\d+) ms",
        "Executor heartbeat timed out after {ms} ms",
        literal="heartbeat timed out",
    ),
    LogPattern(
        S.STAGE_FAILURE,
        r"Job aborted due to stage failure: Task (?P<task>\d+) in stage (?P<stage>\d+(?:\.\d+)?) failed "
        r"(?P<attempts>\d+) times?(?:, most recent failure: (?P<failure>.{0,400}))?",
        "Stage {stage} failed: task {task} failed {attempts} time(s)",
        literal="Job aborted due to stage failure",
    ),
    LogPattern(
        S.UNRESOLVED_COLUMN,
        r"\[UNRESOLVED_COLUMN(?:\.(?P<variant>\w+))?\] A column(?:, variable,)? (?:or function parameter )?"
        r"with name (?P<column>`[^`]+`(?:\.`[^`]+`)*) cannot be resolved"
        r"(?:\. Did you mean one of the following\? \[(?P<suggestions>[^\]]{0,400})\])?",
        "Column {column} cannot be resolved (suggestions: {suggestions})",
        literal="UNRESOLVED_COLUMN",
    ),
    # The same failure in the words of Spark 2.x-3.3, before error conditions had names.
    LogPattern(
        S.UNRESOLVED_COLUMN,
        r"cannot resolve '(?P<column>`?[^'`]+`?)' given input columns: \[(?P<suggestions>[^\]]{0,400})\]",
        "Column {column} cannot be resolved (input columns: {suggestions})",
        literal="given input columns",
    ),
    LogPattern(
        S.UNRESOLVED_COLUMN,
        r"Column '(?P<column>[^']+)' does not exist\. Did you mean one of the following\? "
        r"\[(?P<suggestions>[^\]]{0,400})\]",
        "Column {column} does not exist (suggestions: {suggestions})",
        literal="does not exist. Did you mean one of the following",
    ),
    LogPattern(
        S.TABLE_NOT_FOUND,
        r"\[TABLE_OR_VIEW_NOT_FOUND\] The table or view (?P<table>\S+) cannot be found",
        "Table or view {table} does not exist",
        literal="TABLE_OR_VIEW_NOT_FOUND",
    ),
    LogPattern(  # Spark 2.x-3.3
        S.TABLE_NOT_FOUND,
        r"AnalysisException: Table or view not found: (?P<table>[\w.`]+?);?(?=[\s;]|$)",
        "Table or view {table} does not exist",
        literal="Table or view not found",
    ),
    LogPattern(
        S.PATH_NOT_FOUND,
        r"(?:\[PATH_NOT_FOUND\] )?Path does not exist: (?P<path>[^\s\"]+?)\.?(?=\s|\"|$)",
        "Input path {path} does not exist",
        literal="Path does not exist",
    ),
    # FAILED_READ_FILE.FILE_NOT_EXIST: a file listed when the query was planned was gone when a task
    # read it. The path is on the FileNotFoundException line before it, when that is in the log.
    LogPattern(
        S.FILES_REPLACED,
        r"(?:(?:No such file or directory|File does not exist:?|FileNotFoundException:?)\s*"
        r"'?(?P<path>[^\s']+)'?\s*)?(?P<what>It is possible the underlying files have been updated)",
        "A file the job had listed was gone when it was read ({path})",
        literal="underlying files have been updated",
    ),
    *(
        LogPattern(
            S.READ_TYPE_MISMATCH,
            regex,
            "Parquet column {column} is stored as {found}, the reader expects {expected}",
            literal=literal,
        )
        for literal, regex in (
            (
                "Parquet column cannot be converted",
                r"Parquet column cannot be converted in file (?P<file>\S+?)\.? "
                r"Column: \[(?P<column>[^\]]+)\], Expected: (?P<expected>[\w()., ]+?), Found: (?P<found>\w+)",
            ),
            (  # Spark 3's vectorized reader names the column and both types
                "SchemaColumnConvertNotSupportedException",
                r"SchemaColumnConvertNotSupportedException(?::? column: \[(?P<column>[^\]]+)\], "
                r"physicalType: (?P<found>\w+), logicalType: (?P<expected>\w+))?",
            ),
            (  # the non-vectorized reader only says which dictionary it cannot decode
                "PlainValuesDictionary",
                r"UnsupportedOperationException: org\.apache\.parquet\.column\.values\.dictionary\."
                r"PlainValuesDictionary\$Plain(?P<found>\w+?)Dictionary",
            ),
            (
                "Data type mismatches when reading Parquet column",
                r"Data type mismatches when reading Parquet column (?P<column>\S+?)\. Expected Spark type "
                r"(?P<expected>\S+), actual Parquet type (?P<found>[^\s.]+)",
            ),
        )
    ),
    LogPattern(
        S.WRITE_TYPE_CONFLICT,
        r"(?:Failed to merge fields '(?P<field>[^']+)' and '[^']+'\.\s*)*"
        r"Failed to merge incompatible data types (?P<left>\w+(?:\([^)]*\))?) and "
        r"(?P<right>\w+(?:\([^)]*\))?)",
        "Failed to merge incompatible data types {left} and {right} ({field})",
        literal="Failed to merge incompatible data types",
    ),
    LogPattern(
        S.ANALYSIS_ERROR,
        r"AnalysisException: \[(?P<error_class>[A-Z0-9_]+(?:\.[A-Z0-9_]+)?)\]",
        "Spark analysis failed: {error_class}",
        literal="AnalysisException",
    ),
    LogPattern(
        S.PYTHON_UDF_ERROR,
        r"PythonException: (?:\[PYTHON_EXCEPTION\] )?\s*An exception was thrown from the Python worker",
        "A Python UDF raised an exception in the Python worker",
        literal="PythonException",
    ),
    # Spark 2.x-3.3 print the worker's traceback right after the class name.
    LogPattern(
        S.PYTHON_UDF_ERROR,
        r"api\.python\.PythonException: Traceback \(most recent call last\)",
        "A Python UDF raised an exception in the Python worker",
        literal="PythonException: Traceback",
    ),
    LogPattern(
        S.PYTHON_WORKER_CRASHED,
        r"Python worker exited unexpectedly \(crashed\)",
        "The Python worker process crashed",
        literal="Python worker exited unexpectedly",
    ),
    *(
        LogPattern(
            S.PYTHON_EXCEPTION,
            r"^(?!java\.|javax\.|org\.|scala\.|com\.|io\.|py4j\.protocol\.)"
            r"(?P<exception>(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*" + suffix + r"): (?P<message>.{0,300})$",
            "{exception}: {message}",
            literal=suffix + ": ",
        )
        for suffix in ("Error", "Exception")
    ),
    # Also where a traceback is re-quoted (a JSON list of lines), which the anchored pattern above misses.
    LogPattern(
        S.NONE_USED,
        r"(?P<error>AttributeError: 'NoneType' object has no attribute '\w+'"
        r"|TypeError: 'NoneType' object is not subscriptable)",
        "{error}",
        literal="'NoneType' object",
    ),
    # Two literals, not the shared "roadcast": every "Added broadcast_N_piece0" INFO line has that.
    *(
        LogPattern(
            S.BROADCAST_TIMEOUT,
            r"(?:Could not execute broadcast in (?P<seconds>\d+) secs|spark\.sql\.broadcastTimeout)",
            "A broadcast exchange timed out (spark.sql.broadcastTimeout)",
            literal=literal,
        )
        for literal in ("Could not execute broadcast", "broadcastTimeout")
    ),
    LogPattern(
        S.MAX_RESULT_SIZE,
        r"Total size of serialized results of (?P<tasks>\d+) tasks \((?P<size>[^)]+)\) is bigger than "
        r"(?:spark\.driver\.)?maxResultSize \((?P<limit>[^)]+)\)",
        "Results of {tasks} tasks ({size}) exceed spark.driver.maxResultSize ({limit})",
        literal="maxResultSize",
    ),
    LogPattern(
        S.PY4J_ERROR,
        r"Py4JJavaError: An error occurred while calling (?P<call>\S+?)\.?$",
        "The JVM raised an error during {call}",
        level=Level.WARNING,
        literal="Py4JJavaError",
    ),
    LogPattern(
        S.GATEWAY_LOST,
        r"Py4JNetworkError: (?P<detail>.{0,200})",
        "The Python driver lost its connection to the Spark JVM ({detail})",
        literal="Py4JNetworkError",
    ),
    LogPattern(
        S.GATEWAY_LOST,
        r"py4j/clientserver\.py\", line \d+, in (?P<detail>connect_to_java_server)",
        "The Python driver could not reconnect to the Spark JVM ({detail})",
        level=Level.WARNING,
        literal="connect_to_java_server",
    ),
    # spark-submit's own refusal of its command line or conf, printed before its usage text
    # (``Error: Not allowed to specify max heap(Xmx) memory settings through java options …``): its
    # argument checks' words only, not any line that starts with "Error:". No rule reads the signal;
    # it makes the line the error the log ends in, which the knowledge and the rules then read.
    LogPattern(
        S.SUBMIT_REFUSED,
        r"^Error: (?P<detail>(?:Not allowed to specify|Missing application resource|Unrecognized option|"
        r"Must specify|Unknown (?:option|argument)|Cannot load main class|Failed to load (?:main )?class|"
        r"Master must|Deploy mode must|Driver memory must|Executor memory must|Number of executors must|"
        r"Executor cores must|Total executor cores must|--\w[\w-]{0,40} (?:requires|must))[^\n]{0,1000})",
        "spark-submit refused the submission: {detail}",
        literal="Error: ",
    ),
    *(
        LogPattern(S.APP_ID, rf"\b(?P<app_id>{regex})\b", "Spark application {app_id}", Level.INFO, literal)
        for literal, regex in (
            ("app-", r"app-\d{14}-\d{4}"),
            ("application_", r"application_\d{10,}_\d{4,}"),
            ("local-", r"local-\d{13}"),
        )
    ),
)
