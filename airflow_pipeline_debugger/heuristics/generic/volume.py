"""The input was empty or far off its usual size: the task's own history says so (DATA).

``facts["volume"]`` (``adapters/airflow/volume.py``) holds, per input, what the failed try read and
the median and last value of its earlier successful runs. By the category guide a generic error
(``ZeroDivisionError``, ``KeyError``, ``IndexError`` …) after an empty input is ``data``, and so is a
limit (timeout, memory, Spark's result size) hit by an input that grew far beyond its usual size.
The finding is strongest when the error itself names the input the count is about: the change and
the error point at the same name.

A Spark task's inputs are measured in bytes and records per input from its event logs. When one
task carried the load (``spark.skew_oom``), skew is the answer and a grown input only supports it;
when the load was even, a grown input explains the memory or result-size limit being hit. A measure
from a stage that did not finish is a lower bound: it can show growth, never an empty input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.airflow import signals as A
from airflow_pipeline_debugger.adapters.spark import signals as SPARK
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import evidence_of, fact
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.generic.error_codes import decisive_code
from airflow_pipeline_debugger.tolerant import amount_text, as_number

#: Signals of a limit being hit (the guide: ``data`` when the input grew abnormally).
LIMIT_CODES = (
    A.TASK_TIMEOUT,
    A.SIGKILL,
    A.HEARTBEAT_TIMEOUT,
    G.OUT_OF_MEMORY,
    *SPARK.OOM_CODES,
    SPARK.MAX_RESULT_SIZE,
)
#: Rules that read the same failure as a limit set too tight or a bug; a volume far off its usual
#: size explains them away.
EXPLAINS = ("generic.input_broke_code", "generic.error_code", "generic.python_exception", "dbt.value_error")
LIMIT_RULES = (
    "airflow.execution_timeout",
    "airflow.sigkill",
    "generic.out_of_memory",
    "spark.memory_oom",
    "spark.max_result_size",
    "generic.limit_hit",
)
#: Likelihood when the error fits the abnormal input (generic error, or a limit after growth).
FITS_LIKELIHOOD = 80
#: When the error itself names the input the count is about.
SAME_NAME_BONUS = 8
#: When the failure has a specific cause of its own: a hypothesis worth showing, not the answer.
UNRELATED_LIKELIHOOD = 40


class AbnormalVolume(Heuristic):
    """The failed run's input was empty, or far smaller or larger than the task's successful runs read."""

    id = "generic.abnormal_volume"
    title = "Input volume far off its usual size"
    requires = frozenset({"volume"})
    supersedes = (*EXPLAINS, *LIMIT_RULES)
    default_params = {
        # Successful runs with a count needed before "usual" means anything.
        "min_runs": 3.0,
        # A median below this makes an empty input unremarkable (a feed that is often near empty).
        "empty_min_median": 100.0,
        # At or below this share of the median the input shrank abnormally.
        "shrink_ratio": 0.1,
        # At or above this multiple of the median the input grew abnormally.
        "growth_ratio": 10.0,
    }
    param_floors = {
        "min_runs": (1.0, "a median needs at least one earlier run"),
        "growth_ratio": (1.0, "a multiple below 1 is a shrink"),
    }

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """A data finding naming the input and its usual volume, when one measure is far off."""
        rows = fact(bundle, "volume").get("measures")
        rows = rows if isinstance(rows, list) else []
        judged = [(kind, row) for row in rows if isinstance(row, dict) and (kind := self._abnormal(row))]
        if not judged:
            return None
        kind, row = max(judged, key=lambda j: _distance(j[1]))
        found = decisive_code(bundle)
        error_text = (found.line.text if found and found.line else "") or (
            f"{bundle.context.error_type}: {bundle.context.error_message}"
        )
        name = str(row.get("input") or "")
        same_name = bool(name) and name.lower() in error_text.lower()
        grown = kind == "grown"
        limit_hit = bundle.has_signal(*LIMIT_CODES)
        fits = (limit_hit if grown else found is None or found.match.prior.generic) or same_name
        likelihood = FITS_LIKELIHOOD + (SAME_NAME_BONUS if same_name else 0) if fits else UNRELATED_LIKELIHOOD
        what = _what(kind, row)
        scale = str(row.get("scale") or "")
        cite = [found.line] if found and found.line and fits else []
        return self.finding(
            title=what[:160],
            severity=Severity.CRITICAL if kind == "empty" else Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=likelihood,
            summary=sentence(
                f"This run: {_counted(row)} ({row.get('source')}), against a median of "
                f"{amount_text(row.get('median'), scale)} over the task's last {row.get('runs')} successful "
                f"run(s) and {amount_text(row.get('last_success'), scale)} at the last success"
            )
            + (" The error names the same input." if same_name else "")
            + (
                ""
                if fits
                else " The failure has a cause of its own; the abnormal volume may be a consequence."
            ),
            lines=cite,
            # The limit the grown input hit is what the reader checks the numbers against.
            signals=bundle.signals_with(*LIMIT_CODES)[:2] if grown and limit_hit else [],
            evidence_ids=evidence_of(bundle, EvidenceKind.RUN_HISTORY),
            details=[
                ("input", str(row.get("label") or name)),
                ("this run", amount_text(row.get("value"), scale)),
                ("median of successes", amount_text(row.get("median"), scale)),
                (
                    "last success",
                    f"{amount_text(row.get('last_success'), scale)} ({row.get('last_success_run')})",
                ),
            ],
            immediate_fix=(
                f"Check {name or 'the input'} with its producer: {_why(kind)}. Re-deliver or wait for the "
                "complete data, then clear the task."
            ),
            change=(
                f"Fail early with a clear message when {name or 'the input'} is empty or far off its usual "
                "volume (a row-count check before the transformation)."
            ),
            prevention=(
                "Agree a volume contract with the producer and test it before this task "
                "(a sensor or data test)."
            ),
            monitoring=(
                f"Alert when the {'size' if scale else 'row count'} of {name or 'this input'} leaves its "
                "usual range."
            ),
            supersedes=(*EXPLAINS, *(LIMIT_RULES if grown else ())) if fits else (),
        )

    def _abnormal(self, row: Mapping[str, Any]) -> str:
        """``empty``, ``shrunk`` or ``grown`` when the measure is far off its history, else ``""``."""
        value, median = as_number(row.get("value")), as_number(row.get("median"))
        runs = as_number(row.get("runs")) or 0
        if value is None or median is None or median <= 0 or runs < self.params["min_runs"]:
            return ""
        if row.get("partial"):  # a lower bound: only growth can be read from it
            return "grown" if value >= median * self.params["growth_ratio"] else ""
        if value == 0:
            return "empty" if median >= self.params["empty_min_median"] else ""
        if value <= median * self.params["shrink_ratio"]:
            return "shrunk"
        if value >= median * self.params["growth_ratio"]:
            return "grown"
        return ""


def _distance(row: Mapping[str, Any]) -> float:
    """How far a measure is off its median (an empty input is the farthest)."""
    value, median = as_number(row.get("value")) or 0.0, as_number(row.get("median")) or 1.0
    if value == 0:
        return float("inf")
    return max(value / median, median / value)


def _counted(row: Mapping[str, Any]) -> str:
    """``48,213 rows extracted from orders_export``, ``14.2 GB read from s3://lake/orders by stage 3``."""
    scale = str(row.get("scale") or "")
    at_least = "at least " if row.get("partial") else ""
    return f"{at_least}{amount_text(row.get('value'), scale)} {row.get('label') or 'rows'}"


def _what(kind: str, row: Mapping[str, Any]) -> str:
    """``The input was empty: 0 rows extracted from orders_export vs a median of 48,213``."""
    value, median = row.get("value"), row.get("median")
    usual = amount_text(median, str(row.get("scale") or ""))
    if kind == "grown":
        grew = f"The input grew to {_ratio(value, median)} times its usual size"
        return f"{grew}: {_counted(row)} (median {usual})"
    state = "was empty" if kind == "empty" else "shrank"
    return f"The input {state}: {_counted(row)} vs a median of {usual}"


def _why(kind: str) -> str:
    return {
        "empty": "this run got nothing where it usually gets data",
        "shrunk": "this run got a small part of its usual data",
        "grown": "this run got far more data than usual (a backfill, duplicates or a widened extract)",
    }[kind]


def _ratio(value: Any, median: Any) -> str:
    v, m = as_number(value) or 0.0, as_number(median) or 1.0
    return f"{v / m:.0f}" if v / m >= 10 else f"{v / m:.1f}"
