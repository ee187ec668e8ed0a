"""A task reads a context key the run does not have (CODE): removed in Airflow 3, or no logical date.

Airflow 3 removed the context keys Airflow 2 had deprecated (``execution_date``, ``next_ds``,
``prev_ds``, ``tomorrow_ds`` …), and sets ``logical_date`` and the keys derived from it (``ds``,
``ts``, ``data_interval_start`` …) only for a run that has a logical date: a run triggered manually
or by an asset without one has none (``task_runner.py``: ``if logical_date := dag_run.logical_date``).
Either way the task's code assumes a key it cannot rely on, and a retry fails the same way.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule
from airflow_pipeline_debugger.heuristics.terminal import raised_at_line, terminal_blocks, text_frames

#: Libraries whose KeyError names a column or a field of the data, not a context key.
_DATA_LIBRARY_RE = re.compile(r"/(?:pandas|polars|pyarrow|pyspark|numpy|dask|duckdb|xarray|modin)/")
#: The raising line reads the run's conf, the params, or a JSON body: the user's own keys, not the context.
_NOT_THE_CONTEXT_RE = re.compile(r"\bconf\s*\[|\bparams\s*\[|\.json\(\)\s*\[")
#: Airflow 2's task log (its task runner's and task instance's own lines, the failure mark naming
#: execution_date): Airflow 2 still has every one of these keys, so a KeyError on one is the task's dict.
_AIRFLOW2_RE = re.compile(
    r"\{(?:taskinstance|standard_task_runner|local_task_job(?:_runner)?|base_task_runner)\.py:\d+\}"
    r"|Marking task as (?:FAILED|UP_FOR_RETRY)\. dag_id=\S+, task_id=\S+, (?:run_id=\S+, )?execution_date="
)
#: What the raising line subscripts with a quoted key (``row['execution_date']`` -> ``row``).
_SUBSCRIPTED_RE = re.compile(r"([\w.]+|\))\s*\[\s*['\"]([\w]+)['\"]\s*\]")
#: Names the task context goes by (``context``, ``**kwargs``, ``get_current_context()``).
_CONTEXT_NAMES_RE = re.compile(r"(?:^|\.)(?:context|ctx|kwargs|kw|kwds|op_kwargs|template_context)$|^\)$")

#: What Airflow 3 gives instead of each key it removed (the deprecation messages of Airflow 2.x).
REMOVED = {
    "execution_date": "logical_date (or data_interval_start)",
    "next_ds": "{{ data_interval_end | ds }}",
    "next_ds_nodash": "{{ data_interval_end | ds_nodash }}",
    "next_execution_date": "data_interval_end",
    "prev_ds": "{{ prev_data_interval_start_success | ds }}",
    "prev_ds_nodash": "{{ prev_data_interval_start_success | ds_nodash }}",
    "prev_execution_date": "prev_data_interval_start_success",
    "prev_execution_date_success": "prev_data_interval_start_success",
    "tomorrow_ds": "{{ macros.ds_add(ds, 1) }}",
    "tomorrow_ds_nodash": "{{ macros.ds_add(ds, 1) | replace('-', '') }}",
    "yesterday_ds": "{{ macros.ds_add(ds, -1) }}",
    "yesterday_ds_nodash": "{{ macros.ds_add(ds, -1) | replace('-', '') }}",
}


class ContextKeyMissing(SignalRule):
    """A KeyError, UndefinedError or missing attribute on a key Airflow 3 removed or left out (CODE)."""

    id = "airflow.context_key_missing"
    title = "Context key not available"
    reads = (S.CONTEXT_KEY_MISSING,)
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.input_broke_code",
        "airflow.template_error",
    )

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding naming the key and what to read instead; none when a data library raised it."""
        if _raised_by_a_data_library(bundle) or _not_the_context(bundle, hits):
            return None  # a column or field of that name, the run's conf, or Airflow 2's task
        key = attribute(hits, "key") or "the key"
        owner = attribute(hits, "owner")
        raised = next(
            (r for hit in hits for line in hit.lines[:1] if (r := raised_at_line(bundle, line))), ""
        )
        at = f" Raised at {raised}." if raised else ""
        # The key read from a record of the task's own (``row['execution_date']``: a column Airflow 2
        # DAGs wrote into many tables) is a missing field, not the context: it reads the same.
        record = _reads_a_record(raised, key)
        ceiling = AMBIGUOUS_CEILING if record else None
        where = f"a {owner}" if owner else "the context"
        if key in REMOVED:
            return self.finding(
                title=f"The task reads '{key}' from {where}, which Airflow 3 removed",
                severity=Severity.MODERATE,
                category=Category.CODE,
                transience=Transience.PERMANENT,
                likelihood=84,
                summary=(
                    f"The task looked up '{key}' in {where} and got an error: Airflow 3 removed that "
                    f"key (deprecated since Airflow 2.2). Code ported from Airflow 2 must read "
                    f"{REMOVED[key]} instead.{at}"
                ),
                signals=hits[:2],
                details=[("context key", key), ("read instead", REMOVED[key])],
                immediate_fix=f"Replace '{key}' with {REMOVED[key]} in the task or template, then clear it.",
                change=(
                    "Read only the context keys Airflow 3 documents (logical_date, data_interval_start/end, "
                    "ds, ts); `ruff check --select AIR` flags the removed ones."
                ),
                prevention="Run the Airflow 3 upgrade checks (ruff's AIR rules) on the DAGs folder in CI.",
                monitoring="Alert on KeyError failures right after an Airflow upgrade.",
                max_confidence=ceiling,
            )
        return self.finding(
            title=(
                f"The task reads '{key}' from the context, which Airflow 3 sets only for runs with a "
                "logical date (this run has none: a manually triggered or asset-triggered run)"
            ),
            severity=Severity.MODERATE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"The task looked up '{key}' in its context and found none. Airflow 3 sets "
                "logical_date and the keys derived from it (ds, ts, data_interval_start/end …) only when "
                "the DAG run has a logical date; a manually triggered or asset-triggered run without "
                f"one has none, so the code must not assume them.{at}"
            ),
            signals=hits[:2],
            details=[("context key", key)],
            immediate_fix=(
                "Trigger the run with a logical date (`airflow dags trigger <dag_id> --logical-date "
                "<date>`), or clear a scheduled run instead."
            ),
            change=(
                f"Read the key with a fallback (`context.get('{key}')`, or dag_run.run_after when there "
                "is no logical date) so manual and asset-triggered runs work too."
            ),
            prevention="Test the DAG with a manual trigger without a logical date (dag.test()).",
            monitoring="Alert on KeyError failures of manually triggered runs.",
            max_confidence=ceiling,
        )


def _reads_a_record(raised: str, key: str) -> bool:
    """Whether the raising line subscripts ``key`` on something other than the task context."""
    owners = [m.group(1) for m in _SUBSCRIPTED_RE.finditer(raised) if m.group(2) == key]
    return bool(owners) and not any(_CONTEXT_NAMES_RE.search(owner) for owner in owners)


def _not_the_context(bundle: EvidenceBundle, hits: list[Signal]) -> bool:
    """Whether the log is Airflow 2's, or the raising source line reads the conf, params or a JSON body."""
    for ev in bundle.evidence:
        if ev.kind is EvidenceKind.LOG and ev.content and _AIRFLOW2_RE.search(ev.content):
            return True
    return any(
        _NOT_THE_CONTEXT_RE.search(raised_at_line(bundle, line)) for hit in hits for line in hit.lines[:1]
    )


def _raised_by_a_data_library(bundle: EvidenceBundle) -> bool:
    """Whether the innermost frame of the last traceback is in pandas, polars, pyarrow, PySpark or numpy."""
    for block in reversed(terminal_blocks(bundle)):
        if frames := text_frames(block.lines):
            return bool(_DATA_LIBRARY_RE.search(frames[-1][0]))
    return False
