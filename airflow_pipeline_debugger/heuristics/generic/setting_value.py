"""The failing value came from the set-up: a Variable, a Connection's extra, a job conf (CONFIG).

``KeyError: 'SEK'``, ``range() arg 3 must not be zero`` and ``invalid literal for int(): '7d'`` read as
the code's bugs, and with a data line before them as the input's. The job's own source says
otherwise when the value the failing line used was read from the set-up: ``rates`` came from
``Variable.get("fx_rates_to_eur")``, the chunk size from the ``warehouse_loader`` connection's extra,
``int(raw)`` from ``spark.conf.get("spark.acme.lookback_days")``. The code is right for the setting it
is entitled to expect; the fix goes to the Variable, the Connection or the submit command.

Read only from the source of the frame that raised (``source`` evidence, :mod:`...evidence.provenance`)
and only for the ways a setting breaks a line:

- a lookup (``KeyError`` / ``IndexError``) in a mapping or list that *is* the setting, when no
  other record on the line is looked up by that key literally (``o["currency"]``), or by a key the
  setting gives that holds several names joined by a separator the code does not split on
  (``order[c] for c in columns``, ``KeyError: 'order_id;amount'``);
- a division by the setting (``ZeroDivisionError``);
- a conversion or builtin (``int``, ``float``, ``Decimal``, ``range``, ``timedelta``, ``strptime``,
  ``json.loads``) refusing the setting, when every conversion on the line converts the setting
  (``float(amount) * factor`` fails on the row's value as well), raised in that frame (or in the
  standard library under it), not deep inside a library reading data the setting pointed to;
- a table missing in a query built around the setting, when the code spells the name nowhere;
- a column the query cannot resolve that holds several names joined by a separator, passed from the
  setting to a call taking column names (``partitionBy(*cols)`` of ``spark.acme.partition_cols`` split
  on another separator than its owner wrote);
- an output location the job cannot create, built from the setting and spelt nowhere in the code.

A guard that compares the input with a limit from the set-up (``rows > max_rows``) is not read here:
the limit may be too tight or the input too large, and history, not the source, tells which.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.frames import is_installed_package
from airflow_pipeline_debugger.evidence.provenance import Provenance, Use
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import (
    cited_site,
    exception_type,
    signal_frames,
    sites,
    user_frames,
)
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import not_carried_on_from

#: Likelihood when the source shows the setting feeding the failing line; the setting may hold what
#: its owner meant and the code misuse it, so the finding stays under the confident band.
SETTING_LIKELIHOOD = 66
#: A table or output location named by a setting: the object may also be missing for other reasons.
NAMED_BY_SETTING_LIKELIHOOD = 62

#: An option a call refuses (a keyword argument from the set-up): the call may also be given it wrongly.
OPTION_LIKELIHOOD = 62
#: Exceptions the standard library raises on an option it does not take (``unknown encoding``,
#: ``Invalid initialization option``, ``unknown error handler name``).
_OPTION_TYPES = frozenset({"ValueError", "LookupError", "OverflowError"})
#: Exceptions a lookup raises on a key the mapping lacks.
_LOOKUP_TYPES = frozenset({"KeyError", "IndexError"})
#: A value out of a parameter's range, the parameter named first (``hour must be in 0..23``,
#: ``month must be in 1..12``, ``day is out of range for month``).
_OUT_OF_RANGE_RE = re.compile(r"(?P<param>[a-z_]{1,40}) (?:must be (?:in|between)|is out of range)\b")
#: Exceptions a conversion, builtin or arithmetic raises on a value it cannot take.
_VALUE_TYPES = frozenset(
    {
        *("ValueError", "TypeError", "ZeroDivisionError", "OverflowError", "InvalidOperation"),
        # ``re.error`` (``PatternError`` from Python 3.13) on a pattern the code compiles
        *("JSONDecodeError", "error", "PatternError"),
    }
)
#: Calls that convert or take a value as it is: a setting they refuse is the setting's fault.
_CONVERSIONS = frozenset(
    {
        *("int", "float", "Decimal", "range", "timedelta", "strptime", "fromisoformat", "loads", "round"),
        *("literal_eval", "date", "datetime", "divmod", "date_sub", "date_add", "ZoneInfo", "timezone"),
        "compile",
    }
)
#: Calls that run a query or name a table.
_QUERY_CALLS = frozenset(
    {"execute", "executemany", "read_sql", "read_sql_query", "read_sql_table", "sql", "table", "query", "run"}
)
#: Calls that write an output location (a Spark writer's format methods, pandas', the file system's).
_WRITE_CALLS = frozenset(
    {
        *("parquet", "csv", "json", "orc", "save", "saveAsTable", "insertInto", "text", "to_parquet"),
        *("to_csv", "to_json", "open", "makedirs", "mkdir", "write_text", "write_bytes", "copy", "copyfile"),
    }
)
#: An output location that cannot be created: the JVM's and the OS's words.
_WRITE_FAILED_RE = re.compile(
    r"Mkdirs failed to create|Read-only file system|PermissionError|Permission denied|"
    r"AccessDeniedException|Operation not permitted"
)
_QUOTED_RE = re.compile(r"'([^']{1,120})'")
#: A name holding several names joined by a separator (``order_date;region``): a list setting split on
#: another separator than its owner wrote. A plain name could as well be one the input lost.
_LIST_AS_ONE_RE = re.compile(r"\w[;,|]\s*\w")
#: Calls that take column names (Spark's DataFrame API): a name from a setting that is no column fails there.
_COLUMN_CALLS = frozenset(
    {
        *("select", "selectExpr", "groupBy", "groupby", "orderBy", "sort", "sortWithinPartitions", "drop"),
        *("partitionBy", "repartition", "bucketBy", "col", "agg", "dropDuplicates", "cube", "rollup"),
        *("withColumnRenamed", "filter", "where", "join"),
    }
)
#: Spark 3.4+'s ``UNRESOLVED_COLUMN`` (``with name `x` cannot be resolved``), older ``cannot resolve '`x`'``.
_UNRESOLVED_COLUMN_RE = re.compile(
    r"with name `([^`]{1,200})` cannot be resolved|cannot resolve '`?([^'`]{1,200})`?' given input columns"
)
#: A Variable or Connection id safe to paste into a shell command as it is.
_SAFE_NAME_RE = re.compile(r"[\w.-]{1,120}")
#: Exception types a missing table surfaces as (psycopg, DB-API, SQLAlchemy, Spark).
_MISSING_TABLE_TYPES_RE = re.compile(r"UndefinedTable|ProgrammingError|OperationalError|AnalysisException")


class SettingValue(SignalRule):
    """The value the failing line used was read from the set-up: the setting is what to fix."""

    id = "generic.setting_value"
    title = "A setting fed the failing value"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION, G.MISSING_RELATION, "spark.python_exception")
    read_together = True
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.input_broke_code",
        "generic.data_check",
        "generic.missing_object",
        "generic.permission_denied",
        "spark.driver_code_error",
        "spark.schema_drift",
    )

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the setting, when the raising frame's source shows it fed the value."""
        live = not_carried_on_from(bundle, hits)
        if not live or not any(e.kind is EvidenceKind.SOURCE for e in bundle.evidence):
            return None
        last = max(live, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc_type = exception_type(last)
        detail = str(last.attributes.get("detail") or last.attributes.get("message") or last.message)
        frames = traceback_frames(bundle, last) or signal_frames(last)
        innermost_user = user_frames(frames)[:1]
        for frame, source, found in sites(bundle, frames):
            file, line, _ = frame
            innermost = [frame] == innermost_user and _only_stdlib_below(frames, file, line)
            reading = _reading(
                bundle, last, exc_type=exc_type, detail=detail, found=found, innermost=innermost
            )
            if reading is None:
                return None
            use, what, likelihood = reading
            return self._finding(
                last,
                source,
                where=(file, int(line)),
                found=found,
                use=use,
                what=what,
                likelihood=likelihood,
                said=shorten_middle(f"{exc_type}: {detail}".strip(": "), 120),
            )
        return None

    def _finding(
        self,
        last: Signal,
        source: Evidence,
        *,
        where: tuple[str, int],
        found: Provenance,
        use: Use,
        what: str,
        likelihood: int,
        said: str,
    ) -> RuleFinding:
        """The config finding: the failing line and the setting's read, both cited from the source."""
        setting = use.setting.describe()
        file, line = where
        at = f"{file}:{line}"
        cited = cited_site(source, line, found, use)
        return self.finding(
            title=f"{what[:1].upper()}{what[1:]} ({said})",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=likelihood,
            summary=sentence(
                f"The task raised {said} at {at}, on `{found.statement}`. The value `{use.name}` it "
                f"failed on was read from {setting}, so the set-up, not the code or the data, is what "
                "to fix (the code may also use the setting wrongly: check what the setting holds first)"
            ),
            lines=cited,
            signals=[last],
            evidence_ids=[source.id],
            details=[("setting", setting), ("read as", use.name), ("failing line", at)],
            immediate_fix=(
                f"Read {setting} as the task sees it and correct it ({what}); then clear the task. "
                "No code change is needed if the setting is what was wrong."
            ),
            immediate_fix_code=_read_command(use),
            change=(
                f"Fix {setting} where it is managed (its Variable, Connection, job conf or submit "
                "command), and have the code check it on read with a clear message naming the setting."
            ),
            prevention=(
                "Validate settings when they are written (a schema for the Variable or extra, a check "
                "in the submit wrapper), and have the task check the values it reads before using them."
            ),
            monitoring="Alert on changes to the Variables and Connections the pipelines read.",
        )


def _read_command(use: Use) -> list[CodeBlock]:
    """The read-only Airflow command that shows a Variable or Connection named literally, else none."""
    command = {
        "the Airflow Variable": "airflow variables get",
        "the Airflow Connection": "airflow connections get",
    }.get(use.setting.kind)
    if command is None or not _SAFE_NAME_RE.fullmatch(use.setting.name):
        return []
    return [CodeBlock(f"{command} {use.setting.name}", CodeLanguage.SHELL)]


def _only_stdlib_below(frames: list[tuple[str, str, str]], file: str, line: str) -> bool:
    """Whether nothing but the standard library ran below the user's frame (``int()``, ``json``)."""
    index = max((i for i, f in enumerate(frames) if f[0] == file and f[1] == line), default=len(frames) - 1)
    return not any(is_installed_package(f[0]) for f in frames[index + 1 :])


def _reading(
    bundle: EvidenceBundle,
    last: Signal,
    *,
    exc_type: str,
    detail: str,
    found: Provenance,
    innermost: bool,
) -> tuple[Use, str, int] | None:
    """The use that explains the failure, what the setting got wrong, and the likelihood."""
    if innermost and (
        reading := _value_reading(exc_type, detail, found)
        or _range_reading(exc_type, detail, found)
        or _option_reading(exc_type, detail, found)
    ):
        return reading
    return _named_reading(bundle, last, exc_type=exc_type, detail=detail, found=found)


def _range_reading(exc_type: str, detail: str, found: Provenance) -> tuple[Use, str, int] | None:
    """A parameter out of its range that got the setting's value under its own keyword.

    ``replace(hour=cutoff_hour)`` -> ``hour must be in 0..23``.
    """
    bound = _OUT_OF_RANGE_RE.match(detail.strip()) if exc_type == "ValueError" else None
    if bound is None:
        return None
    use = next((u for u in found.by_role("argument") if u.keyword == bound["param"]), None)
    if use is None:
        return None
    what = f"{use.setting.describe()} holds a value of {bound['param']} outside the range the code accepts"
    return use, what, SETTING_LIKELIHOOD


def _option_reading(exc_type: str, detail: str, found: Provenance) -> tuple[Use, str, int] | None:
    """An option the standard library refuses, given the setting's value under its keyword.

    ``gzip.open(dst, "wb", compresslevel=level)`` -> ``Invalid initialization option``;
    ``open(path, encoding=encoding)`` -> ``LookupError: unknown encoding: utf-8-bom``: the option is
    the only value of the call the set-up gave. Not when the input is passed to the same call (the
    value refused may be the input's), nor when several settings are and the error names none.
    """
    if exc_type not in _OPTION_TYPES and exc_type != "TypeError":
        return None
    options = [u for u in found.by_role("argument") if u.keyword]
    named = [u for u in options if re.search(rf"\b{re.escape(u.keyword)}\b", detail, re.IGNORECASE)]
    # A ``TypeError`` is the code's unless it names the option (``"delimiter" must be a 1-character
    # string``): the same type error on another argument is a call written wrong.
    if exc_type == "TypeError":
        options = []
    chosen = named if len(named) == 1 else options if len(options) == 1 else []
    if not chosen:
        return None
    use = chosen[0]
    if any(u.call == use.call for u in found.by_role("argument", "text", origin="input")):
        return None
    what = f"{use.setting.describe()} gives {use.call}() a value for `{use.keyword}` it refuses"
    return use, what, OPTION_LIKELIHOOD


def _value_reading(exc_type: str, detail: str, found: Provenance) -> tuple[Use, str, int] | None:
    """A lookup, a division or a conversion the setting's value failed, raised in the user's frame."""
    if exc_type in _LOOKUP_TYPES:
        key = detail.strip().strip("'\"")
        use = next(iter(found.by_role("container")), None)
        # ``o["currency"]`` beside ``rates[...]``: a key the statement looks up literally elsewhere
        # is that other container's missing key, not the setting's.
        if use is not None and key not in found.literal_keys:
            if exc_type == "IndexError":
                return (
                    use,
                    f"{use.setting.describe()} has fewer entries than the code reads",
                    SETTING_LIKELIHOOD,
                )
            return use, f"no entry '{key}' in {use.setting.describe()}", SETTING_LIKELIHOOD
        # ``order[c] for c in columns``: a key the setting gives holding several names joined by another
        # separator than the code splits on. A plain name could as well be a field the input lost.
        named = next(iter(found.by_role("key")), None)
        if (
            named is not None
            and named.name.isidentifier()  # the setting's own element, not a key the code joins
            and _LIST_AS_ONE_RE.search(key)
            and not _spelt_in_code(key, found, whole=True)
        ):
            return (
                named,
                f"the key '{key}' from {named.setting.describe()} holds several names read as one",
                NAMED_BY_SETTING_LIKELIHOOD,
            )
    if exc_type == "ZeroDivisionError":
        use = next(iter(found.by_role("divisor")), None)
        if use is not None:
            return use, f"{use.setting.describe()} holds a zero the code divides by", SETTING_LIKELIHOOD
    if exc_type in _VALUE_TYPES:
        # ``round(x, places)``: only the "cannot be interpreted as an integer" is about ``places``.
        fed = [
            u
            for u in found.by_role("argument")
            if u.call in _CONVERSIONS and (u.call != "round" or "interpreted as an integer" in detail)
        ]
        conversions = [c for c in found.calls if c in _CONVERSIONS]
        # Only when every conversion on the line converts the setting: ``float(amount) * factor``
        # fails on the row's value as well as it could on the factor.
        if fed and len(conversions) == len(fed):
            use = fed[0]
            return use, f"{use.setting.describe()} holds a value the code cannot use", SETTING_LIKELIHOOD
    return None


def _named_reading(
    bundle: EvidenceBundle, last: Signal, *, exc_type: str, detail: str, found: Provenance
) -> tuple[Use, str, int] | None:
    """A table, a list of columns or an output location the setting names that the data or disk lacks."""
    relation = str(last.attributes.get("relation") or "")
    if relation or (_MISSING_TABLE_TYPES_RE.search(exc_type) and "not exist" in detail):
        name = relation or next(iter(_QUOTED_RE.findall(detail)), "")
        if name and not _spelt_in_code(name, found) and (use := _passed_to(found, _QUERY_CALLS)):
            return (
                use,
                f"the table {name} named by {use.setting.describe()} does not exist",
                NAMED_BY_SETTING_LIKELIHOOD,
            )
    column = _unresolved_column(detail)
    if (
        _LIST_AS_ONE_RE.search(column)
        and not _spelt_in_code(column, found, whole=True)
        and (use := _passed_to(found, _COLUMN_CALLS))
    ):
        what = f"the column `{column}` from {use.setting.describe()} holds several names read as one"
        return use, what, NAMED_BY_SETTING_LIKELIHOOD
    if _write_failed(bundle, last, detail) and (use := _passed_to(found, _WRITE_CALLS)):
        what = f"the output location from {use.setting.describe()} cannot be created"
        return use, what, NAMED_BY_SETTING_LIKELIHOOD
    return None


def _passed_to(found: Provenance, calls: frozenset[str]) -> Use | None:
    """The setting the failing statement passes (as text or an argument) to one of ``calls``."""
    return next((use for use in found.by_role("text", "argument") if use.call in calls), None)


def _spelt_in_code(name: str, found: Provenance, *, whole: bool = False) -> bool:
    """Whether the source spells a table's (or, ``whole``, a column's) name itself: then the code names it."""
    last_part = name.strip('"`').lower() if whole else name.strip('"`').rsplit(".", 1)[-1].strip('"`').lower()
    return any(last_part and last_part in literal.lower() for literal in found.literals)


def _unresolved_column(detail: str) -> str:
    """The column a query could not resolve, as Spark names it (``""`` for any other error)."""
    m = _UNRESOLVED_COLUMN_RE.search(detail)
    return (m.group(1) or m.group(2) or "") if m else ""


def _write_failed(bundle: EvidenceBundle, last: Signal, detail: str) -> bool:
    """Whether the failure is an output location that cannot be created or written."""
    if _WRITE_FAILED_RE.search(detail):
        return True
    return any(
        _WRITE_FAILED_RE.search(line.text[:2000])
        for signal in bundle.signals
        if signal.code.startswith("spark.") or signal is last
        for line in signal.lines
    )
