"""Patterns that mean the same thing on every platform: Python exceptions, network, auth, disk, SQL.

These apply to every task (``always_applies``): a dbt model failing on ``permission denied`` or a
Spark driver dying on ``Name or service not known`` is recognised the same way as a plain Python
task. Every pattern has a ``literal`` (a case-sensitive substring every match contains; a leading
capital is left out, e.g. ``onnection refused``, so both spellings are found) because the log
scanner only runs regexes on lines that contain one.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.source_files import collect_sources
from airflow_pipeline_debugger.domain import EvidenceBundle
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern
from airflow_pipeline_debugger.evidence.request import CollectionRequest

# -- signal codes (the catalogue; heuristics/generic match on these) --------------------------------
PYTHON_EXCEPTION = "generic.python_exception"
CODE_ERROR = "generic.code_error"
CONNECTION_REFUSED = "generic.connection_refused"
CONNECTION_RESET = "generic.connection_reset"
DNS_FAILURE = "generic.dns_failure"
TLS_ERROR = "generic.tls_error"
NETWORK_TIMEOUT = "generic.network_timeout"
PERMISSION_DENIED = "generic.permission_denied"
FORBIDDEN = "generic.forbidden"
AUTH_FAILED = "generic.auth_failed"
TOKEN_EXPIRED = "generic.token_expired"  # noqa: S105 - a signal code
DISK_FULL = "generic.disk_full"
SQL_SYNTAX = "generic.sql_syntax"
MISSING_RELATION = "generic.missing_relation"
MISSING_COLUMN = "generic.missing_column"
DEADLOCK = "generic.deadlock"
CONSTRAINT_VIOLATION = "generic.constraint_violation"
LOCK_TIMEOUT = "generic.lock_timeout"
RATE_LIMIT = "generic.rate_limit"
SERVER_ERROR = "generic.server_error"
FILE_NOT_FOUND = "generic.file_not_found"
OUT_OF_MEMORY = "generic.out_of_memory"
#: A JVM refused a class compiled for a newer Java than its own (``UnsupportedClassVersionError``).
CLASS_VERSION = "generic.class_version"
#: A partition directory (``utm_campaign=<value>``) longer than a file name may be (255 bytes).
PARTITION_NAME_TOO_LONG = "generic.partition_name_too_long"
#: A count of rows the task says it read or wrote (``Extracted 0 rows from orders_export``): not an
#: error, the volume the run-history comparison (``adapters/airflow/volume.py``) measures.
ROW_COUNT = "generic.row_count"
#: A step reporting its input empty in a key=value shape (``rows=0``, ``row_count: 0``), kept so the
#: rules reading the lines before an error see it however far above the error it was logged.
EMPTY_COUNT = "generic.empty_count"

#: Exception types that are almost always a bug in the code that raised them (or fed them bad data).
CODE_BUG_TYPES = (
    "KeyError",
    "TypeError",
    "ZeroDivisionError",
    "AttributeError",
    "IndexError",
    "NameError",
    "UnboundLocalError",
    "AssertionError",
    "RecursionError",
    "ValueError",
    "NotImplementedError",
    "JSONDecodeError",
)

#: What a task says it did with rows when it prints how many (``extracted``, ``fetched`` …).
_ROW_VERBS = (
    "extracted|fetched|read|loaded|returned|selected|received|retrieved|queried|downloaded|pulled|"
    "exported|ingested|got|processed|inserted|wrote|written|upserted|copied"
)

#: A bare ``Exception: …`` (``raise Exception(msg)``, common in DAG code) counts; a bare ``Error: …`` is
#: a CLI's own line more often than a Python type and needs a name before the suffix. An ``Exception:``
#: with nothing after it is a report's heading (a callback's or an e-mail's ``Exception:`` above the
#: error), never Python's: Python prints an empty message as the bare type name.
_EXC = r"(?P<exception_type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:{suffix}))(?::\s*(?P<detail>.*))?$"
_BARE_EXC = r"(?P<exception_type>(?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*)?Exception)(?::\s*(?P<detail>\S.*))?$"


def _p(code: str, regex: str, message: str, literal: str, level: Level = Level.ERROR) -> LogPattern:
    return LogPattern(code, regex, message, level=level, literal=literal)


def _phrases(code: str, message: str, *phrases: tuple[str, str]) -> tuple[LogPattern, ...]:
    """One pattern per (regex, literal) phrase, all with the same code and message."""
    return tuple(_p(code, regex, message, literal) for regex, literal in phrases)


PATTERNS: tuple[LogPattern, ...] = (
    # The last line of a Python traceback: ``KeyError: 'customer_id'`` / ``pkg.errors.ApiError: …``
    # (or the rendered ``error_detail`` of an Airflow 3 JSON log line).
    _p(PYTHON_EXCEPTION, "^" + _EXC.format(suffix="Error"), "{exception_type}: {detail}", "Error"),
    _p(PYTHON_EXCEPTION, "^" + _BARE_EXC, "{exception_type}: {detail}", "Exception"),
    # ``ZeroDivisionError: division by zero``,
    # ``TypeError: unsupported operand type(s) for +: 'int' and 'str'``
    _p(
        CODE_ERROR,
        r"^(?:builtins\.|json\.decoder\.)?(?P<exception_type>"
        + "|".join(CODE_BUG_TYPES)
        + r")(?::\s*(?P<detail>.*))?$",
        "{exception_type} raised by the task code: {detail}",
        "Error",
    ),
    # ``ConnectionRefusedError: [Errno 111] Connection refused``; psycopg ``… failed: Connection refused``
    *_phrases(
        CONNECTION_REFUSED,
        "Connection refused",
        (r"[Cc]onnection refused", "onnection refused"),
        (r"ECONNREFUSED", "ECONNREFUSED"),
    ),
    # ``ConnectionResetError: [Errno 104] Connection reset by peer``;
    # ``RemoteDisconnected('Remote end closed …')``
    *_phrases(
        CONNECTION_RESET,
        "Connection reset or dropped by the server",
        (r"[Cc]onnection reset(?: by peer)?", "onnection reset"),
        (r"RemoteDisconnected", "RemoteDisconnected"),
        # Not a Unix socket that does not exist (``('Connection aborted.', FileNotFoundError(2, …))``:
        # the Docker SDK's docker.sock not mounted), which no server dropped.
        (r"[Cc]onnection aborted(?!\.?',? FileNotFoundError\()", "onnection aborted"),
        (r"server closed the connection unexpectedly", "server closed the connection"),
    ),
    # ``socket.gaierror: [Errno -2] Name or service not known``;
    # ``[Errno -3] Temporary failure in name resolution``
    *_phrases(
        DNS_FAILURE,
        "DNS lookup failed",
        (r"Name or service not known", "Name or service not known"),
        (r"Temporary failure in name resolution", "Temporary failure in name resolution"),
        (r"nodename nor servname provided", "nodename nor servname"),
        (r"getaddrinfo failed", "getaddrinfo failed"),
        (r"Could not resolve host(?::\s*(?P<host>\S+))?", "Could not resolve host"),
        (r"NameResolutionError", "NameResolutionError"),
        (r"No address associated with hostname", "No address associated with hostname"),
    ),
    # ``ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed``
    *_phrases(
        TLS_ERROR,
        "TLS/SSL handshake failed",
        (
            r"SSL(?:Error|CertVerificationError|ZeroReturnError)|\[SSL: [A-Z_]+\]|CERTIFICATE_VERIFY_FAILED",
            "SSL",
        ),
        (r"[Cc]ertificate verify failed", "ertificate verify failed"),
    ),
    # ``requests.exceptions.ReadTimeout: HTTPSConnectionPool(…): Read timed out. (read timeout=30)``
    *_phrases(
        NETWORK_TIMEOUT,
        "Network operation timed out",
        (
            # Hours are a job's run-time limit (BigQuery's 6 hours), not a network call's.
            r"(?:[Rr]ead|[Cc]onnection|[Cc]onnect|[Ss]ocket|[Rr]equest|[Oo]peration|[Hh]andshake) timed out"
            r"(?! after [\d.]+ hours?)",
            "timed out",
        ),
        (r"\b(?:Read|Connect|Pool|Write)Timeout(?:Error|Exception)?\b", "Timeout"),
        (r"ETIMEDOUT", "ETIMEDOUT"),
    ),
    # ``PermissionError: [Errno 13] Permission denied: '/data/out.csv'``;
    # PostgreSQL ``permission denied for table orders``; ``must be owner of table orders``
    *_phrases(
        PERMISSION_DENIED,
        "Permission denied",
        (
            r"[Pp]ermission denied(?::\s*'(?P<path>[^']+)'| for (?:table|relation|schema|database|sequence) "
            r"(?P<object>\S+))?",
            "ermission denied",
        ),
        (r"EACCES", "EACCES"),
        (r"Operation not permitted", "Operation not permitted"),
        (r"[Ii]nsufficient privileges", "nsufficient privileges"),
        (r"must be owner of (?P<object>.+)", "must be owner of"),
    ),
    # ``botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the GetObject
    # operation``;
    # ``requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: …``
    *_phrases(
        FORBIDDEN,
        "Access denied by the service (403)",
        (r"AccessDenied(?:Exception)?", "AccessDenied"),
        (r"Access Denied|[Aa]ccess denied(?! for user)", "ccess denied"),
        (r"Access Denied", "Access Denied"),
        (r"AuthorizationFailed", "AuthorizationFailed"),
        (r"AuthorizationPermissionMismatch", "AuthorizationPermissionMismatch"),
        (r"\bForbidden\b", "Forbidden"),
        (r"\b403 Client Error", "403 Client Error"),
        (r"[Ss]tatus code[ =:]+403\b", "tatus code"),
    ),
    # ``401 Client Error: Unauthorized``; ``FATAL:  password authentication failed for user "etl"``
    *_phrases(
        AUTH_FAILED,
        "Authentication failed (401 / bad credentials)",
        (r"\bUnauthorized\b", "Unauthorized"),
        (r"\b401 Client Error", "401 Client Error"),
        (r"[Ss]tatus code[ =:]+401\b", "tatus code"),
        (
            r"[Pp]assword authentication failed(?: for user \"?(?P<user>[^\"\s]+))?|[Aa]uthentication failed",
            "uthentication failed",
        ),
        (r"[Ll]ogin failed for user", "ogin failed for user"),
        (r"[Aa]ccess denied for user (?P<user>\S+)", "ccess denied for user"),
        (
            r"[Ii]nvalid (?:credentials|username or password|API key|api[_ ]key|client secret|grant)",
            "nvalid ",
        ),
        (r"InvalidClientTokenId", "InvalidClientTokenId"),
        (r"SignatureDoesNotMatch", "SignatureDoesNotMatch"),
        (r"UnrecognizedClientException", "UnrecognizedClientException"),
    ),
    # ``ExpiredToken: The security token included in the request is expired``; ``jwt … Signature has expired``
    _p(
        TOKEN_EXPIRED,
        r"ExpiredToken(?:Exception)?|[Tt]oken (?:has |is "
        r")?expired|expired token|security token included in the "
        r"request is expired|[Tt]he token is expired|JWT expired|Signature has expired",
        "Credentials or token expired",
        "xpired",
    ),
    # ``OSError: [Errno 28] No space left on device``
    *_phrases(
        DISK_FULL,
        "Disk full",
        (r"No space left on device", "No space left on device"),
        (r"ENOSPC", "ENOSPC"),
        (r"Disk quota exceeded", "Disk quota exceeded"),
        (r"[Dd]isk (?:is )?full", "isk "),
        # YARN's NodeManager disk checker: ``1/1 local-dirs usable space is below configured utilization
        # percentage/no more usable space [ /mnt/1/hadoop/yarn/nm-local-dir : used space above threshold
        # of 90.0% ]``, ``1/1 local-dirs are bad``; its container logs' disks (``log-dirs``) the same way.
        (r"(?:local|log)-dirs (?:usable space is below configured utilization|are bad\b)", "-dirs "),
        # Hadoop's LocalDirAllocator (MapReduce's spills, S3A's upload buffer) finding no local dir with
        # room: ``DiskChecker$DiskErrorException: Could not find any valid local directory for output/…``.
        (r"Could not find any valid local directory for\b", "valid local directory"),
    ),
    # PostgreSQL ``syntax error at or near "FROMM"``; sqlite ``near "SELEC": syntax error``;
    # MySQL ``You have an error in your SQL syntax``; Snowflake ``SQL compilation error: syntax error line 1``
    *_phrases(
        SQL_SYNTAX,
        "SQL syntax error",
        (r"[Ss]yntax error(?: at or near (?P<near>\"[^\"]*\"|\S+))?", "yntax error"),
        (r"error in your SQL syntax", "error in your SQL syntax"),
    ),
    # PostgreSQL ``relation "public.orders" does not exist``; sqlite ``no such table: orders``;
    # DuckDB ``Catalog Error: Table with name orders does not exist!``;
    # MySQL ``Table 'db.orders' doesn't exist``;
    # Snowflake ``Object 'DB.S.ORDERS' does not exist or not authorized``;
    # BigQuery ``Not found: Table p:d.orders``
    *_phrases(
        MISSING_RELATION,
        "Table or view does not exist",
        (r"relation \"(?P<relation>[^\"]+)\" does not exist", "does not exist"),
        (r"no such table: (?P<relation>[\w.\"]+)", "no such table"),
        (r"(?:Table|View) with name (?P<relation>[\w.\"]+) does not exist", "does not exist"),
        (r"Table '(?P<relation>[^']+)' doesn't exist", "doesn't exist"),
        (r"Object '(?P<relation>[^']+)' does not exist", "does not exist"),
        (r"Not found: Table (?P<relation>\S+)", "Not found: Table"),
    ),
    # PostgreSQL ``column "amount" does not exist``; sqlite ``no such column: amount``;
    # DuckDB ``Referenced column "amount" not found``; MySQL ``Unknown column 'amount' in 'field list'``
    *_phrases(
        MISSING_COLUMN,
        "Column does not exist",
        (
            r"column \"?(?P<column>[\w.$]+)\"? (?:of relation \"?(?P<relation>[\w.]+)\"? )?does not exist",
            "does not exist",
        ),
        (r"no such column: (?P<column>[\w.\"]+)", "no such column"),
        (r"Referenced column \"(?P<column>[^\"]+)\" not found", "Referenced column"),
        (r"Unknown column '(?P<column>[^']+)'", "Unknown column"),
        (r"invalid identifier '(?P<column>[^']+)'", "invalid identifier"),
        (r"Unrecognized name: (?P<column>\w+)", "Unrecognized name"),
        (r"has no column named (?P<column>\w+)", "has no column named"),
    ),
    # PostgreSQL ``deadlock detected``; MySQL ``Deadlock found when trying to get lock``
    _p(DEADLOCK, r"[Dd]eadlock (?:detected|found)|DeadlockDetected", "Database deadlock", "eadlock"),
    # ``duplicate key value violates unique constraint "orders_pkey"``;
    # sqlite ``UNIQUE constraint failed: t.id``
    *_phrases(
        CONSTRAINT_VIOLATION,
        "Constraint violation",
        (
            (
                r"violates (?P<kind>unique|foreign key|not-null|check|exclusion) "
                r"constraint(?: \"(?P<constraint>[^\"]+)\")?"
            ),
            "constraint",
        ),
        (r"(?P<kind>UNIQUE|NOT NULL|FOREIGN KEY|CHECK) constraint failed", "constraint failed"),
        (r"Duplicate entry '(?P<value>[^']*)'", "Duplicate entry"),
    ),
    # MySQL ``Lock wait timeout exceeded``; PostgreSQL ``canceling statement due to lock timeout``;
    # sqlite ``database is locked``
    *_phrases(
        LOCK_TIMEOUT,
        "Lock timeout",
        (r"Lock wait timeout exceeded", "Lock wait timeout exceeded"),
        (r"lock timeout", "lock timeout"),
        (r"could not obtain lock", "could not obtain lock"),
        (r"database is locked", "database is locked"),
        (r"LockNotAvailable", "LockNotAvailable"),
    ),
    # ``429 Client Error: Too Many Requests``; AWS ``ThrottlingException: Rate exceeded``;
    # GCP ``RESOURCE_EXHAUSTED``
    *_phrases(
        RATE_LIMIT,
        "Rate limited by the service",
        (r"\b429 Client Error", "429 Client Error"),
        (r"[Ss]tatus code[ =:]+429\b", "tatus code"),
        (r"Too Many Requests", "Too Many Requests"),
        (r"TooManyRequests", "TooManyRequests"),
        (r"[Rr]ate limit", "ate limit"),
        (r"Rate exceeded", "Rate exceeded"),
        (r"Throttling(?:Exception)?", "Throttling"),
        (r"SlowDown", "SlowDown"),
        (r"RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED"),
        (r"RequestLimitExceeded", "RequestLimitExceeded"),
    ),
    # ``requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: …``;
    # ``HTTP Error 502: Bad Gateway``; ``status code 500``;
    # botocore ``(InternalError)`` / ``(ServiceUnavailable)``
    *_phrases(
        SERVER_ERROR,
        "The remote service answered with a server error (5xx)",
        (r"\b(?P<status>5\d\d) Server Error", "Server Error"),
        (r"HTTP Error (?P<status>5\d\d)", "HTTP Error"),
        (r"[Ss]tatus code[ =:]+(?P<status>5\d\d)\b", "tatus code"),
        (r"\b(?P<status>502)? ?Bad Gateway", "Bad Gateway"),
        (r"\b(?P<status>503)? ?Service Unavailable", "Service Unavailable"),
        (r"\b(?P<status>504)? ?Gateway Time-?out", "Gateway Time"),
        (r"\((?:InternalError|InternalServerError)\)", "InternalError"),
        (r"\(ServiceUnavailable(?:Exception)?\)", "(ServiceUnavailable"),
        # google-api-core renders its 5xx exceptions as ``ServiceUnavailable: 503 The service is
        # currently unavailable.`` (also InternalServerError / BadGateway / GatewayTimeout); the literal
        # is the class name alone, which an Airflow 3 JSON line holds before it is rendered.
        (r"\bServiceUnavailable: (?P<status>5\d\d)\b", "ServiceUnavailable"),
        (r"\bInternalServerError: (?P<status>5\d\d)\b", "InternalServerError"),
        (r"\bBadGateway: (?P<status>5\d\d)\b", "BadGateway"),
        (r"\bGatewayTimeout: (?P<status>5\d\d)\b", "GatewayTimeout"),
        # Airflow's HttpHook: ``AirflowException: 503:Service Unavailable`` (status, colon, reason).
        *(
            (rf"\b(?P<status>5\d\d):{reason}", f":{reason}")
            for reason in ("Internal Server Error", "Bad Gateway", "Service Unavailable", "Gateway Timeout")
        ),
        # A front end's HTML error page quoted in the exception: ``<title>Error 502 (Server Error)!!1``.
        (r"<title>Error (?P<status>5\d\d) \(", "<title>Error "),
    ),
    # ``FileNotFoundError: [Errno 2] No such file or directory: '/data/in/2026-01-01.csv'``; not the
    # socket a client connects through (``('Connection aborted.', FileNotFoundError(2, 'No such …'))``).
    _p(
        FILE_NOT_FOUND,
        r"(?<!aborted\.', FileNotFoundError\(2, ')No such file or directory(?::\s*'(?P<path>[^']+)')?",
        "File not found",
        "No such file or directory",
    ),
    # A writer making one directory per partition value (Spark, Hive, pyarrow's ``partition_cols``)
    # whose value may be longer than a file name may be (80 characters of UTF-8 can pass 255 bytes;
    # the rule counts the bytes): ``Mkdirs failed to create …/utm_campaign=https%3A…``
    # (Hadoop's local file system), ``[Errno 36] File name too long: '…/country=…'``.
    *_phrases(
        PARTITION_NAME_TOO_LONG,
        "Partition directory name too long",
        *(
            (
                rf"{phrase}[^\n]{{0,2000}}?/(?P<column>[A-Za-z_]\w{{0,63}})=(?P<value>[^/\s'\"]{{80,}})",
                literal,
            )
            for phrase, literal in (
                (r"Mkdirs failed to create", "Mkdirs failed to create"),
                (r"File name too long", "File name too long"),
                (r"ENAMETOOLONG", "ENAMETOOLONG"),
            )
        ),
    ),
    # Java 8 and older: ``…UnsupportedClassVersionError: a/B : Unsupported major.minor version 52.0``;
    # Java 9 on: ``a/B has been compiled by a more recent version of the Java Runtime (class file
    # version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0``
    *_phrases(
        CLASS_VERSION,
        "Class compiled for a newer Java",
        (
            r"Unsupported major\.minor version (?P<found>\d{2,3})\.(?P<minor>\d{1,5})",
            "Unsupported major.minor version",
        ),
        (
            r"\(class file version (?P<found>\d{2,3})\.(?P<minor>\d{1,5})\), this version of the Java "
            r"Runtime only recognizes class file versions up to (?P<runtime>\d{2,3})\.\d",
            "this version of the Java Runtime only recognizes",
        ),
    ),
    # ``MemoryError`` (Python could not allocate); ``OSError: [Errno 12] Cannot allocate memory``
    *_phrases(
        OUT_OF_MEMORY,
        "Out of memory",
        (r"^MemoryError\b", "MemoryError"),
        (r"Cannot allocate memory", "Cannot allocate memory"),
        (r"std::bad_alloc", "bad_alloc"),
    ),
    # ``Extracted 0 rows from orders_export``; ``fetched 48,213 records from api.orders``;
    # ``inserted 120 rows into staging.orders``; ``loaded 120 rows`` — the count, what was done, and
    # the relation when the line names one.
    *(
        LogPattern(
            ROW_COUNT,
            rf"\b(?P<verb>{_ROW_VERBS})\s+(?P<count>\d{{1,15}}(?:,\d{{3}})*)\s+(?:new\s+)?(?P<unit>{unit})s?\b"
            r"(?:\s+(?P<prep>from|out of|of|into|to)\s+[`'\"]?(?P<input>[A-Za-z_][\w.:/\-]{0,119}))?",
            "{verb} {count} {unit}(s)",
            level=Level.INFO,
            literal=f" {unit}",
            flags=re.IGNORECASE,
        )
        for unit in ("row", "record")
    ),
    *(
        LogPattern(
            EMPTY_COUNT,
            r"\b(?P<unit>rows?|records?|row[ _]count|num[ _]rows)" + separator + r"0\b(?![.,]\d)",
            "{unit} = 0",
            level=Level.INFO,
            literal=literal,
            flags=re.IGNORECASE,
        )
        for separator, literal in ((r"\s*=", "=0"), (r"\s*=\s+", "= 0"), (r"\s*:\s*", ": 0"))
    ),
    # dbt's line per model, on adapters that report rows (Postgres, Redshift, DuckDB's INSERTs …):
    # ``1 of 3 OK created sql table model main.orders ..... [SELECT 48213 in 0.31s]`` (colour codes
    # around the status allowed) — the rows of each dbt node, as ``adapter_response`` has them.
    LogPattern(
        ROW_COUNT,
        r"\bOK (?P<verb>created|inserted|merged|snapshotted) sql (?:\w+ )?model (?P<input>[\w.\"`]+) \.*\s*"
        r"\[(?:\x1b\[[\d;]*m)?(?:SELECT|INSERT \d+|INSERT|MERGE|UPDATE|COPY) (?P<count>\d{1,15})"
        r"(?:\x1b\[[\d;]*m)? in ",
        "dbt {verb} {count} rows in {input}",
        level=Level.INFO,
        literal=" model ",
    ),
)


class GenericAdapter(Adapter):
    """Platform-independent patterns, and the job's own Python source when given as an artifact."""

    name = "generic"
    always_applies = True
    patterns = PATTERNS

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        """Keep the ``.py`` artifacts as ``source`` evidence (the frames' code, read by the rules)."""
        collect_sources(request, bundle)

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        """``df -h`` on a full disk; the rest depends on the platform adapters."""
        if bundle.has_signal(DISK_FULL):
            return ["df -h && du -xsh /tmp/* 2>/dev/null | sort -h | tail -20"]
        return []
