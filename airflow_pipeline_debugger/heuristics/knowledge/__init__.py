"""What error codes and exception types say about where the fix goes: maintained taxonomies as data.

The tables beside this module (``sqlstate.toml``, ``exceptions.toml``, ``services.toml``) give each
SQLSTATE class and code, Python/JVM/dbt exception type, HTTP status, errno name and warehouse or
cloud error code a category and transience prior, with the document that defines the code. Two
more sources are read from installed packages when they are there, never copied into this repo:
Spark's error conditions with their SQLSTATE (``error/error-conditions.json`` inside the Spark jars
of the pyspark wheel) and psycopg's error classes (``psycopg.errors``: class name → SQLSTATE).

:func:`classify` finds every code in a block of log lines and returns them most decisive first, so
a failure no rule recognises still gets a reasoned category from its codes.
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import functools
import importlib.util
import json
import logging
import os
import re
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from airflow_pipeline_debugger.domain import Category, Transience

log = logging.getLogger(__name__)

#: How decisive each kind of code is: a vendor's own code says more than an exception's class.
SPECIFICITY = {
    "message": 4,
    "sqlstate": 4,
    "snowflake": 4,
    "mysql": 4,
    "trino": 4,
    "clickhouse": 4,
    # A Trino error known only by its type (USER_ERROR …): coarse, like an exception's class.
    "trino_type": 2,
    "bigquery": 4,
    "spark": 4,
    "http": 3,
    "errno": 3,
    "dbt": 2,
    "python": 2,
    "jvm": 2,
}
#: Characters of one line that are read for codes: a megabyte-long line is not scanned whole.
MAX_LINE_CHARS = 4000
#: Cap on the Spark conditions read from a jar (the file has ~1,400; a hostile one cannot be huge).
MAX_SPARK_CONDITIONS_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Prior:
    """What one code means and where the fix for it usually goes."""

    kind: str
    code: str
    meaning: str
    category: Category
    transience: Transience
    source: str
    #: Raised by the code but possibly caused by its input: code unless the input is shown broken.
    generic: bool = False
    #: Only wraps another error (Py4JJavaError, dbt's "Database Error"): its cause decides.
    wrapper: bool = False
    #: Known only by its SQLSTATE class (``42KD9`` read as class 42): a coarse prior that a known
    #: message naming the failure on the same line outranks.
    by_class: bool = False
    #: A message known only by its error type's name (DuckDB's ``Binder Error:``): as coarse as an
    #: exception class, so any rule that recognises the failure itself outranks it.
    coarse: bool = False
    #: A message that means this only when raised there: a pattern a line of the traceback above it
    #: must match (``cloudpickle``), else the message is left to the traceback's own frame.
    frame: str = ""

    @property
    def label(self) -> str:
        """How the code is named in a sentence: ``SQLSTATE 22012``, ``HTTP 503``, ``KeyError``.

        A known message is named by what it means (its id is for tests and the details).
        """
        if self.kind == "message":
            return self.meaning[:1].upper() + self.meaning[1:]
        names = {
            "sqlstate": "SQLSTATE",
            "http": "HTTP",
            "snowflake": "Snowflake error",
            "mysql": "MySQL error",
            "trino": "Trino error",
            "trino_type": "Trino error",
            "clickhouse": "ClickHouse error",
            "bigquery": "BigQuery reason",
            "spark": "Spark error condition",
        }
        return f"{names[self.kind]} {self.code}" if self.kind in names else self.code

    @property
    def specificity(self) -> int:
        """Rank among codes found together (wrappers and generic types rank last)."""
        if self.wrapper:
            return 0
        kind = "python" if self.coarse else self.kind
        return SPECIFICITY[kind] - (1 if self.generic else 0)


@dataclass(frozen=True)
class CodeMatch:
    """A code found in a log line: its prior, the line's index in the block and the matched text."""

    prior: Prior
    index: int
    text: str


# --------------------------------------------------------------------------- the tables


def _entry(kind: str, code: str, raw: Mapping[str, Any], fallback_meaning: str = "") -> Prior:
    return Prior(
        kind=kind,
        code=code,
        meaning=str(raw.get("meaning") or fallback_meaning),
        category=Category(str(raw["category"])),
        transience=Transience(str(raw["transience"])),
        source=str(raw["source"]),
        generic=bool(raw.get("generic", False)),
        wrapper=bool(raw.get("wrapper", False)),
        coarse=bool(raw.get("coarse", False)),
        frame=str(raw.get("frame", "")),
    )


@dataclass(frozen=True)
class Catalog:
    """Every table, loaded once per process (:func:`catalog`)."""

    sqlstate_classes: Mapping[str, Prior]
    sqlstate_codes: Mapping[str, Prior]
    #: ``kind`` → code → prior for python, jvm, dbt, http, errno, bigquery, snowflake, mysql, trino,
    #: clickhouse.
    tables: Mapping[str, Mapping[str, Prior]]
    #: Spark error condition → SQLSTATE (from the installed Spark jars; empty without pyspark).
    spark_conditions: Mapping[str, str]
    #: psycopg error class name → SQLSTATE (empty without psycopg).
    psycopg_classes: Mapping[str, str]
    #: Known messages: the compiled pattern and what it means.
    messages: tuple[tuple[re.Pattern[str], Prior], ...] = ()

    def sqlstate(self, code: str) -> Prior | None:
        """The prior of a SQLSTATE: the code's own entry, else its class's."""
        code = code.upper()
        if code in self.sqlstate_codes:
            return self.sqlstate_codes[code]
        klass = self.sqlstate_classes.get(code[:2])
        return dataclasses.replace(klass, code=code, by_class=True) if klass is not None else None

    def exception(self, name: str) -> Prior | None:
        """The prior of an exception class name (qualified JVM names first, then the last part)."""
        jvm = self.tables["jvm"]
        if name in jvm:
            return jvm[name]
        short = name.rsplit(".", 1)[-1]
        if short in self.tables["python"]:
            return self.tables["python"][short]
        psycopg_state = self.psycopg_classes.get(short)
        if psycopg_state:
            return self.sqlstate(psycopg_state)
        return next(
            (p for key, p in jvm.items() if key.rsplit(".", 1)[-1] == short and "." not in name), None
        )


def _load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@functools.cache
def catalog() -> Catalog:
    """The tables of this package plus what installed packages provide (cached per process)."""
    sql = _load_toml("sqlstate.toml")
    exceptions = _load_toml("exceptions.toml")
    services = _load_toml("services.toml")
    messages = _load_toml("messages.toml")["message"]
    tables: dict[str, dict[str, Prior]] = {}
    for kind, source in (*exceptions.items(), *services.items()):
        tables[kind] = {str(code): _entry(kind, str(code), raw, str(code)) for code, raw in source.items()}
    return Catalog(
        sqlstate_classes={k: _entry("sqlstate", k, v) for k, v in sql["classes"].items()},
        sqlstate_codes={k: _entry("sqlstate", k, v) for k, v in sql["codes"].items()},
        tables=tables,
        spark_conditions=_spark_conditions(),
        psycopg_classes=_psycopg_classes(),
        messages=tuple((re.compile(str(m["pattern"])), _entry("message", str(m["id"]), m)) for m in messages),
    )


@functools.cache
def dbt_hub_packages() -> frozenset[str]:
    """Names of packages widely installed from dbt Hub (``dbt_packages.toml``), as their nodes carry them."""
    return frozenset(_load_toml("dbt_packages.toml")["package"])


def _spark_conditions() -> dict[str, str]:
    """Spark's error conditions and their SQLSTATE, from the jar of the installed pyspark (if any)."""
    spec = importlib.util.find_spec("pyspark")
    if spec is None or not spec.submodule_search_locations:
        return {}
    jars = Path(next(iter(spec.submodule_search_locations))) / "jars"
    found: dict[str, str] = {}
    for jar in sorted(jars.glob("spark-common-utils_*.jar")):
        try:
            with zipfile.ZipFile(jar) as archive:
                info = archive.getinfo("error/error-conditions.json")
                if info.file_size > MAX_SPARK_CONDITIONS_BYTES:
                    continue
                data = json.loads(archive.read(info))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            log.debug("Spark error conditions not readable from %s: %s", jar, exc)
            continue
        if isinstance(data, dict):
            for name, raw in data.items():
                state = raw.get("sqlState") if isinstance(raw, dict) else None
                if isinstance(state, str) and len(state) == 5:
                    found[str(name)] = state
    return found


def _psycopg_classes() -> dict[str, str]:
    """Psycopg's error classes (``UndefinedTable`` → ``42P01``), when psycopg is installed."""
    if importlib.util.find_spec("psycopg") is None:
        return {}
    try:
        from psycopg import errors
    except ImportError:
        return {}
    found: dict[str, str] = {}
    for name in dir(errors):
        state = getattr(getattr(errors, name), "sqlstate", None)
        if isinstance(state, str) and len(state) == 5 and name[:1].isupper():
            found[name] = state
    return found


# --------------------------------------------------------------------------- finding codes in text

_SQLSTATE_RE = re.compile(r"\bSQL ?STATE\b[\s:=\[(\"']*([0-9A-Z]{5})\b", re.IGNORECASE)
_SNOWFLAKE_RE = re.compile(r"(?<![\d.])(\d{6}) \(([0-9A-Z]{5})\)")
#: pyodbc's error tuple (SQL Server, Azure Synapse, Fabric, any ODBC driver) leads with the SQLSTATE
#: the driver repeats in brackets: ``('42000', '[42000] [Microsoft][ODBC Driver 17 for SQL Server]…``.
_ODBC_RE = re.compile(r"\('([0-9A-Z]{5})', '\[\1\]")
#: ODBC's "general error": any driver's catch-all (a lost link, a server error it does not map), not
#: the class's driver misuse.
_ODBC_GENERAL = frozenset({"HY000"})
_MYSQL_RE = re.compile(r"(?:ERROR |\()(\d{4})(?: \(([0-9A-Z]{5})\)|, ['\"])")
#: Trino's (or Presto's) Python client names the error's type and name: ``TrinoUserError(type=USER_ERROR,
#: name=COLUMN_NOT_FOUND, …)``.
_TRINO_RE = re.compile(
    r"(?:Trino|Presto)\w{0,20}Error\(type=(?P<type>[A-Z_]{3,40}), name=(?P<name>[A-Z][A-Z0-9_]{1,80})"
)
#: ClickHouse ends its message with the error's name: ``Code: 60. DB::Exception: … (UNKNOWN_TABLE)``.
#: The last such name on the line: the message before it may quote the query's own (``(NULL)``).
_CLICKHOUSE_RE = re.compile(
    r"\bCode: \d{1,4}\. DB::Exception: [^\n]{0,2000}\((?P<name>[A-Z][A-Z0-9_]{2,60})\)"
)
_CONDITION_RE = re.compile(r"\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:\.[A-Z0-9_]+)?\]")
#: Hadoop's RPC wrapper names the server's own exception in parentheses, and that one decides:
#: ``RemoteException(org.apache.hadoop.hdfs.server.namenode.SafeModeException): Cannot create …``.
_REMOTE_RE = re.compile(r"RemoteException\((?P<name>[\w.$]{1,300})\)")
#: A class name is a capital, then word characters ending in a suffix (the suffix may be the whole
#: name: google-api-core's ``NotFound``, ``Forbidden``, ``Aborted``).
_EXCEPTION_RE = re.compile(
    r"(?<![\w.$])((?:[a-zA-Z_][\w$]*\.)*(?=[A-Z]|gaierror)[\w$]*"
    r"(?:Error|Exception|Timeout|Exit|Interrupt|NotFound|Forbidden|Unauthorized|Unauthenticated"
    r"|Unavailable|Exhausted|Exceeded|Denied|Gateway|BadRequest|TooManyRequests|Precondition|Aborted"
    r"|AlreadyExists|Implemented|Terminated|Invalid|OutOfBoundsDatetime|InvalidTimezone|gaierror))"
    r"(?=:|\s*$|\s+\(|\s+in\b)"
)
_CAUSED_BY_RE = re.compile(r"^\s*(?:Caused by:|raise\b|[\w.$]+\.[\w$]+:)")
_HTTP_RE = re.compile(
    r"\b(?:HTTP(?:/[\d.]+)?|[Ss]tatus[ _]?[Cc]ode|[Ss]tatus|[Rr]esponse [Cc]ode|[Ee]rror [Cc]ode|Error)"
    r"[\s:=]+([1-5]\d\d)\b"
    r"|\b([45]\d\d)[\s:]+(?:Bad Request|Unauthorized|Forbidden|Not Found|Request Time-?out|Conflict"
    r"|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out"
    r"|Slow ?Down|Error encountered|Client Error|Server Error|(?:GET|POST|PUT|PATCH|DELETE) https?://)"
)
_ERRNO_RE = re.compile(r"\[Errno (\d+)\]|\b(E[A-Z]{3,11})\b")
_REASON_RE = re.compile(r"\breason\W{0,4}(\w+)")
_DBT_HEADER_RE = re.compile(
    r"\b(Compilation Error|Parsing Error|Dependency Error|Database Error|Runtime Error|Env Var Error)\b"
)
#: psycopg's error classes are named without a suffix (``psycopg2.errors.DivisionByZero``).
_PSYCOPG_RE = re.compile(r"\bpsycopg2?\.errors\.([A-Z]\w+)")
#: The same class without its module, as Airflow 3's structured error names it (``exc_type``:
#: ``InvalidColumnReference``) at the start of a rendered line; only psycopg's own class names count.
_BARE_CLASS_RE = re.compile(r"^\s*([A-Z][a-z]{1,30}(?:[A-Z][a-z]{0,30}){1,6}): ")
#: The same after the ``| `` (``<- `` for a chained one) that joins it to the record's event, where
#: the rendered line names the frame it surfaced in: only a psycopg frame makes it psycopg's (a DAG's
#: own ``NoDataFound`` or ``DataCorrupted`` shares a name with psycopg's classes).
_JOINED_CLASS_RE = re.compile(
    r"(?:\| |<- )([A-Z][a-z]{1,30}(?:[A-Z][a-z]{0,30}){1,6}): [^|]{0,600}? at [^ |]{0,300}psycopg"
)


@functools.cache
def _strerror() -> dict[str, str]:
    """The platform's message for each errno name the tables know (``No space left on device``)."""
    messages: dict[str, str] = {}
    for name in catalog().tables["errno"]:
        number = getattr(errno, name, None)
        if isinstance(number, int):
            messages[os.strerror(number)] = name
    return messages


def _sqlstates(line: str, cat: Catalog) -> Iterator[Prior | None]:
    # A wrapper condition's own SQLSTATE is the last on its line (``[STREAM_FAILED] … terminated with
    # exception: [X] … SQLSTATE: 23502 SQLSTATE: XXKST``): the cause it quotes keeps its own.
    wrapped = any(
        (named := cat.tables["spark"].get(m.group(1))) is not None and named.wrapper
        for m in _CONDITION_RE.finditer(line)
    )
    states = list(_SQLSTATE_RE.finditer(line))
    for m in states[:-1] if wrapped else states:
        yield cat.sqlstate(m.group(1))
    for m in _ODBC_RE.finditer(line):
        yield None if m.group(1) in _ODBC_GENERAL else cat.sqlstate(m.group(1))
    for m in _PSYCOPG_RE.finditer(line):
        state = cat.psycopg_classes.get(m.group(1))
        yield cat.sqlstate(state) if state else None
    for bare in (*_BARE_CLASS_RE.finditer(line), *_JOINED_CLASS_RE.finditer(line)):
        # ``SyntaxError`` is Python's before it is psycopg's
        if not hasattr(builtins, bare.group(1)) and (state := cat.psycopg_classes.get(bare.group(1))):
            yield cat.sqlstate(state)
    for m in _SNOWFLAKE_RE.finditer(line):
        # Snowflake's own number is the finer reading; the SQLSTATE beside it (often the catch-all
        # 42000) decides only when the number is not in the table.
        yield cat.tables["snowflake"].get(m.group(1)) or cat.sqlstate(m.group(2))
    for m in _MYSQL_RE.finditer(line):
        yield cat.tables["mysql"].get(m.group(1))
    for m in _TRINO_RE.finditer(line):
        trino = cat.tables["trino"]
        named = trino.get(m.group("name"))
        by_type = trino.get(m.group("type"))
        yield named or (
            dataclasses.replace(by_type, kind="trino_type", code=m.group("name")) if by_type else None
        )
    for m in _CLICKHOUSE_RE.finditer(line):
        yield cat.tables["clickhouse"].get(m.group("name"))


def _spark_conditions_in(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for m in _CONDITION_RE.finditer(line):
        if (named := cat.tables["spark"].get(m.group(1))) is not None:
            yield named
            continue
        state = cat.spark_conditions.get(m.group(1))
        klass = cat.sqlstate(state) if state else None
        if klass is not None:
            source = f"Spark error conditions (SQLSTATE {state}); {klass.source}"
            yield dataclasses.replace(klass, kind="spark", code=m.group(1), source=source)


def _http(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for m in _HTTP_RE.finditer(line):
        yield cat.tables["http"].get(m.group(1) or m.group(2))


def _errnos(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for m in _ERRNO_RE.finditer(line):
        name = errno.errorcode.get(int(m.group(1))) if m.group(1) else m.group(2)
        yield cat.tables["errno"].get(name or "")
    for message, name in _strerror().items():
        if message in line:
            yield cat.tables["errno"][name]


def _service_reasons(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for m in _REASON_RE.finditer(line):
        yield cat.tables["bigquery"].get(m.group(1))
    for m in _DBT_HEADER_RE.finditer(line):
        yield cat.tables["dbt"].get(m.group(1))


def _exceptions(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for m in _EXCEPTION_RE.finditer(line):
        yield cat.exception(m.group(1))
    for m in _REMOTE_RE.finditer(line):
        yield cat.exception(m.group(1))


def _messages(line: str, cat: Catalog) -> Iterator[Prior | None]:
    for pattern, prior in cat.messages:
        if pattern.search(line):
            yield prior


_EXTRACTORS = (_sqlstates, _spark_conditions_in, _messages, _http, _errnos, _service_reasons, _exceptions)


def codes_in(line: str) -> Iterator[Prior]:
    """Every code one line names (duplicates possible)."""
    cat = catalog()
    for extract in _EXTRACTORS:
        yield from (prior for prior in extract(line, cat) if prior is not None)


def classify(lines: Iterable[str]) -> list[CodeMatch]:
    """Every code in ``lines``, most decisive first: specificity, then the later line (closer to the end).

    Within one line, an explicit code (SQLSTATE, a vendor's number, a Spark condition) is named
    before a known message that says the same, unless the code is known only by its SQLSTATE class
    (Spark's ``UNABLE_TO_INFER_SCHEMA`` is 42KD9, class 42 "syntax or access rule"): then the message
    that names the failure itself ("the input folder is empty") is the more precise reading.

    Later lines win ties because a log ends with the error the task died of (and a JVM trace with
    its deepest ``Caused by``). Each code is reported once, at its last occurrence.
    """
    last: dict[tuple[str, str], CodeMatch] = {}
    for index, raw in enumerate(lines):
        line = raw[:MAX_LINE_CHARS]
        for prior in codes_in(line):
            last[(prior.kind, prior.code)] = CodeMatch(prior, index, line.strip()[:300])
    return sorted(last.values(), key=lambda m: (-m.prior.specificity, -m.index, m.prior.by_class))
