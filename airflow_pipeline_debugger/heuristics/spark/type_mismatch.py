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

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.heuristics.spark._common import first_attr

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
