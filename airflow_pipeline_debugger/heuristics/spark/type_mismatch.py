"""A column's type differs between data and table: which side is read says where the fix goes.

- **Read side** (DATA): ``Parquet column cannot be converted … Column: [c], Expected: int, Found:
  INT64`` / ``[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH]``. The files were written with
  another physical type than the schema the reader declares: their producer changed (or was never
  in line with) the contract, so the fix goes to the producer or a rewrite of those files.
- **Write side** (CODE): ``Failed to merge incompatible data types LongType and StringType`` (Spark's
  ``CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE``, SQLSTATE 42825; Delta's ``DELTA_FAILED_TO_MERGE_FIELDS``).
  The job writes or merges a column with a type its own target table does not have, and Delta and
  Parquet do not cast on write. The condition's documented remedy is an explicit cast before the
  write (or migrating the table's column), which goes to the job.

Either way the message names the column and both types, so the answer does too. Neither side
alone proves who changed, so both stay under a modest ceiling.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.heuristics.base import SAYS_CHARS, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.heuristics.spark._common import first_attr
from airflow_pipeline_debugger.heuristics.terminal import lines_around

_EXPLAINS = ("generic.error_code", "generic.python_exception", "spark.executor_loss")


def _quoted(hits: list[Signal]) -> str:
    """Spark's own words for the mismatch, its log prefix and wrappers removed."""
    line = hits[0].lines[0].text if hits[0].lines else hits[0].message
    return quote_error(line)


class ReadTypeMismatch(SignalRule):
    """Parquet files store a column with another type than the reader's schema (DATA)."""

    id = "spark.read_type_mismatch"
    title = "Parquet column type differs from the reader's schema"
    reads = (S.READ_TYPE_MISMATCH,)
    supersedes = _EXPLAINS
    max_confidence = 65  # the producer changed, or the reader's declared schema is the stale side

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the column, both types and the file."""
        column = first_attr(hits, "column", "a column").strip("`")
        found = first_attr(hits, "found", "another type")
        expected = first_attr(hits, "expected", "another type")
        file = first_attr(hits, "file")
        return self.finding(
            title=(
                f"Schema mismatch: the Parquet files store {column} as {found}, the reader expects {expected}"
            ),
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=66,
            summary=(
                f"Spark could not convert Parquet column {column} ({_quoted(hits)}): the files store it as "
                f"{found} while the schema the job reads with declares {expected}"
                + (f" (file {file})" if file else "")
                + ". The files were written with another type than the contract the reader expects: their "
                "producer wrote a different type (or the data was generated with an out-of-date schema)."
            ),
            signals=hits[:2],
            details=[("column", column), ("stored type", found), ("expected type", expected)]
            + ([("file", file)] if file else []),
            immediate_fix=(
                f"Find which producer wrote {column} as {found}; regenerate or rewrite those files with "
                f"{expected} (or read them with a schema declaring {found} and cast after reading)."
            ),
            change=(
                f"Align the producer's schema and the reader's on {column}: one declared type, enforced "
                "where the files are written."
            ),
            prevention="Keep the schema in one place shared by producer and consumer, checked in CI.",
            monitoring="Check the physical schema of new input files before reading them.",
        )


class WriteTypeConflict(SignalRule):
    """The job writes a column with a type its target table does not have (CODE)."""

    id = "spark.write_type_conflict"
    title = "The job writes a type its table does not have"
    reads = (S.WRITE_TYPE_CONFLICT,)
    supersedes = _EXPLAINS
    max_confidence = 65  # the job's type changed, or the input it passes through did

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding naming the column and both types."""
        field = first_attr(hits, "field")
        left, right = first_attr(hits, "left", "?"), first_attr(hits, "right", "?")
        column = f"column {field}" if field else "a column"
        return self.finding(
            title=f"Schema mismatch on write: {column} is {left} on one side and {right} on the other",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=66,
            summary=(
                f"Failed to merge {column} ({_quoted(hits)}). The job writes or "
                "merges data whose type for it differs from the type its target table holds, and Delta "
                "and Parquet do not cast implicitly on write (Spark's CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE: "
                "cast the columns before the merge)."
            ),
            signals=hits[:2],
            details=[("column", field or "not named"), ("types", f"{left} / {right}")],
            immediate_fix=(
                f"Cast {field or 'the column'} to the table's type in the job before the write/merge "
                "(e.g. col(...).cast(...)), or rewrite the table's column to the new type once, then rerun."
            ),
            change=(
                "Write with an explicit schema taken from the target table (select and cast every column) "
                "instead of the types inferred from the input."
            ),
            prevention="Test the job's output schema against the target table's schema in CI.",
            monitoring="Alert on schema changes of the job's inputs and of the target table.",
        )


#: Spark's type check of an expression: the column, its type, and the type the function requires.
_UNEXPECTED_TYPE_RE = re.compile(
    r'Cannot resolve "(?P<expr>[^"\n]{1,200})" due to data type mismatch: The \w+ parameter requires the '
    r'(?P<required>[^\n]{1,80}?) type, however "(?P<column>[\w.`]{1,120})" '
    r'has the type "(?P<found>[^"\n]{1,200})"'
)
#: A file scan in the analysed plan Spark prints under the error: ``+- Relation [a#6,b#7L] json``.
_RELATION_RE = re.compile(
    r"Relation (?:[\w.`]+)?\[(?P<columns>[^\]\n]{0,4000})\] (?P<format>json|csv|parquet|orc|avro|text|xml)\b"
)
#: Lines after the error searched for the plan.
PLAN_LINES = 30


class InputColumnType(SignalRule):
    """A function refused the type of a column read straight from the input files (DATA).

    ``[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "explode(items)" … "items" has the type
    "STRING"`` reads as a wrong call in the job (a 42K09 analysis error), but the plan Spark prints
    under it (``+- Relation [items#6,…] json``) shows the column comes from the files unchanged: its
    type is the one the files carry (inferred from JSON, or stored in Parquet), so the producer
    changed it under a job written for the agreed type. Not read here: a column the job derives
    itself, a schema the job's source declares, and a STRING from CSV or text (those carry no other
    type): then the job chose the type.
    """

    id = "spark.input_column_type"
    title = "An input column arrived with another type"
    reads = (S.ANALYSIS_ERROR,)
    supersedes = (*_EXPLAINS, "spark.driver_code_error")
    max_confidence = 62  # a new job can also call the wrong function on a column that never changed

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the column, its type in the files and the type the job expects."""
        for hit in reversed(hits):
            anchor = hit.lines[0] if hit.lines else None
            lines, at = lines_around(bundle, anchor)
            if at < 0:
                continue
            message = lines[at].text[:SAYS_CHARS]
            mismatch = _UNEXPECTED_TYPE_RE.search(message)
            if mismatch is None:
                continue
            column = mismatch["column"].strip("`").rsplit(".", 1)[-1]
            found_in = _relation_of(column, lines[at + 1 : at + 1 + PLAN_LINES])
            found, required = mismatch["found"], mismatch["required"].replace('"', "").strip("()")
            if not found_in or _typed_by_the_job(bundle, found_in, found):
                continue
            return self.finding(
                title=f"Input column {column} arrived as {found}, the job expects {required}",
                severity=Severity.SEVERE,
                category=Category.DATA,
                transience=Transience.PERMANENT,
                likelihood=60,
                summary=sentence(
                    f"Spark refused {mismatch['expr']} because {column} has the type {found} where "
                    f"{required} is required ({quote_error(message)}). The plan shows {column} read "
                    f"straight from the {found_in} files, so its type is the one the input carries: the "
                    "producer changed it under a job written for the agreed type"
                ),
                signals=[hit],
                details=[("column", column), ("type in the input", found), ("type expected", required)],
                immediate_fix=(
                    f"Check {column} in the newest {found_in} files against the agreed schema and have the "
                    f"producer restore it (or read with an explicit schema and convert {column} in the job)."
                ),
                change=(
                    f"Read the input with a declared schema, so a type change of {column} fails at the read "
                    "with the file named instead of deep in the job."
                ),
                prevention="Agree the input's schema with its producer and check new files against it.",
                monitoring=f"Alert when the inferred type of {column} in new input files changes.",
            )
        return None


#: A reader given a schema by the job (``.schema("…")``, ``schema=``): the types are the job's.
_DECLARED_SCHEMA_RE = re.compile(r"\.schema\(|\bschema\s*=")


def _typed_by_the_job(bundle: EvidenceBundle, file_format: str, found: str) -> bool:
    """Whether the column's type is the job's choice, not the files'.

    A schema the job's source declares, or a STRING from CSV or text, which carry no other type (a
    function needing an array there is the job's mistake, whatever the file holds).
    """
    if file_format in ("csv", "text") and found.upper().startswith("STRING"):
        return True
    return any(
        e.kind is EvidenceKind.SOURCE and _DECLARED_SCHEMA_RE.search(e.content[:MAX_SOURCE_BYTES])
        for e in bundle.evidence
    )


def _relation_of(column: str, lines: tuple[LogLine, ...]) -> str:
    """The file format of the scan in the plan that outputs ``column`` as it is (``""`` when none)."""
    attribute = re.compile(rf"(?:^|[,\s]){re.escape(column)}#\d+L?(?:$|[,\s])")
    for line in lines:
        for relation in _RELATION_RE.finditer(line.text[:SAYS_CHARS]):
            if attribute.search(relation["columns"]):
                return relation["format"]
    return ""
