"""Timeouts Airflow enforces: execution_timeout, sensor timeout, deferral and DAG-run timeouts.

An execution timeout is not one cause. Which one it is depends on how long the task usually takes,
so the rule compares the task's limit with the durations of its previous successful tries
(``facts["history"]["success_durations_s"]``) and with what changed since the last success:

- usually close to the limit → the runtime grew into the budget (CONFIG: the limit or the work);
- usually far below, code changed since → a code change made it slow or hang (CODE);
- usually far below, nothing changed → something it waits on was slow or hung (INFRA, intermittent);
- otherwise (no history, never succeeded, or in between) the log decides, by what the task was
  doing when the limit fired (``generic.limits.read_work``): blocked reading a reply or last seen
  calling out → a dependency hung (INFRA); a node lost under it → INFRA; still logging progress →
  the budget is below what the work needs (CONFIG); nothing to tell → CONFIG at a modest likelihood
  with the hang named as the alternative.
"""

from __future__ import annotations

from typing import Any

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
from airflow_pipeline_debugger.heuristics.airflow._common import (
    attribute,
    code_changed,
    evidence_of,
    fact,
    median,
    seconds,
    success_durations,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule
from airflow_pipeline_debugger.heuristics.generic.limits import WorkReading, block_of, read_work
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.tolerant import as_number

_GENERIC = ("generic.python_exception", "generic.network_timeout")
#: Where execution_timeout is set, for every remediation that asks to change it.
_WHERE = (
    "execution_timeout is the task's argument (or the DAG's default_args); [core] "
    "default_task_execution_timeout (AIRFLOW__CORE__DEFAULT_TASK_EXECUTION_TIMEOUT) sets the default"
)


def _work(bundle: EvidenceBundle, hits: list[Signal]) -> WorkReading:
    """What the task was doing when the timeout fired: its traceback's frames and the lines before."""
    latest = max(hits, key=lambda s: s.lines[0].line_no if s.lines else -1)
    block = block_of(bundle, latest.lines[0]) if latest.lines else None
    if block is None:
        return WorkReading()
    return read_work(block, traceback_frames(bundle, latest), waits=True, until=latest.lines[0].line_no)


class ExecutionTimeout(SignalRule):
    """``AirflowTaskTimeout``: the task ran past its ``execution_timeout`` and was stopped.

    Parameters: ``near_limit_ratio`` — a median successful duration at or above this share of the
    limit means the runtime grew into the budget (default 0.7); ``far_below_ratio`` — at or below
    this share the timeout is an anomaly, not growth (default 0.5).
    """

    id = "airflow.execution_timeout"
    title = "Execution timeout"
    reads = (S.TASK_TIMEOUT,)
    supersedes = _GENERIC
    default_params = {"near_limit_ratio": 0.7, "far_below_ratio": 0.5}

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Classify by the history of durations and the change record."""
        limit = as_number(fact(bundle, "task_config").get("execution_timeout_s"))
        durations = success_durations(bundle)
        typical = median(durations)
        changed = code_changed(bundle)
        cites = evidence_of(bundle, EvidenceKind.RUN_HISTORY, EvidenceKind.CONFIG, EvidenceKind.DIFF)
        details = [("execution_timeout", seconds(limit))]
        if typical is not None:
            details.append(("median successful duration", f"{seconds(typical)} over {len(durations)} tries"))
        common: dict[str, Any] = {
            "signals": hits[:2],
            "evidence_ids": cites,
            "details": details,
            "monitoring": "Track task duration against execution_timeout; warn at 80% of the limit.",
        }
        if typical is not None and limit and typical >= self.params["near_limit_ratio"] * limit:
            return self.finding(
                title="The task's runtime grew into its execution_timeout",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=86,
                summary=(
                    f"Successful tries took {seconds(typical)} (median) against a limit of {seconds(limit)}: "
                    "the work has grown to the budget, so the timeout will keep firing."
                ),
                immediate_fix="Raise execution_timeout for this run (or clear it with more headroom).",
                change=(
                    "Set execution_timeout from measured durations (p95 plus margin), or make the work "
                    "incremental/partitioned so its runtime stops growing with the data."
                ),
                prevention="Review the timeout when input volumes grow; alert on duration trends.",
                **common,
            )
        if typical is not None and limit and typical <= self.params["far_below_ratio"] * limit:
            work = _work(bundle, hits)
            if changed:
                since = str(fact(bundle, "changes").get("since") or "the last success")
                return self.finding(
                    title="A code change made the task slow or hang past its timeout",
                    severity=Severity.SEVERE,
                    category=Category.CODE,
                    transience=Transience.PERMANENT,
                    likelihood=84,
                    summary=(
                        f"The task usually finishes in {seconds(typical)}, "
                        f"far below its {seconds(limit)} limit, "
                        f"and its code changed since {since}: the new code is slower or waits forever."
                    ),
                    immediate_fix="Compare the DAG diff since the last success; revert or fix the slow path.",
                    change="Fix the loop, query or call that now runs long; add timeouts to external calls.",
                    prevention="Run the task on representative data before deploying changes.",
                    # "Code changed" is any edit of the DAG file (another task's, a schedule): the
                    # dependency that hung is as likely unless this task's own definition changed.
                    max_confidence=None if fact(bundle, "changes").get("task_diff") else AMBIGUOUS_CEILING,
                    **common,
                )
            return self.finding(
                title="Something the task waits on was slow or hung",
                severity=Severity.MODERATE,
                category=Category.INFRA,
                transience=Transience.INTERMITTENT,
                likelihood=80,
                summary=(
                    f"The task usually finishes in {seconds(typical)}, far below its {seconds(limit)} limit, "
                    "and neither its code nor its config is known to have changed: a database, API or "
                    "worker it depends on was slow or stuck this time."
                ),
                immediate_fix=(
                    "Check the systems the task calls (locks, queues, API status), then clear the task."
                ),
                change="Give external calls their own timeouts and retries so a hang fails fast and retries.",
                prevention="Add retries with backoff; alert when the dependency's latency degrades.",
                # A run far slower than usual is also an input far larger than usual (data) or a change
                # nobody recorded: only the log showing the task blocked on a reply, or its node lost,
                # says a dependency.
                max_confidence=None if (work.hung or work.node_lost) else AMBIGUOUS_CEILING,
                **common,
            )
        return self._by_the_log(bundle, hits, limit, typical, common)

    def _by_the_log(
        self,
        bundle: EvidenceBundle,
        hits: list[Signal],
        limit: float | None,
        typical: float | None,
        common: dict[str, Any],
    ) -> RuleFinding:
        """No history decides: what the task was doing when the limit fired decides instead."""
        if typical is not None:
            never = (
                f"its successful tries took {seconds(typical)} (median), neither close to nor far below it"
            )
        elif fact(bundle, "history"):
            never = "it never finished successfully in the history looked at"
        else:
            never = "it has no run history here"
        budget = f"execution_timeout ({seconds(limit)}{'' if limit else ' — limit not recorded'})"
        work = _work(bundle, hits)
        if work.node_lost is not None:
            return self.finding(
                title="The worker's node was lost before execution_timeout fired",
                severity=Severity.MODERATE,
                category=Category.INFRA,
                transience=Transience.TRANSIENT,
                likelihood=74,
                summary=(
                    f"The task was stopped at its {budget} after {work.node_lost.cite()} recorded a node or "
                    f"pod lost ({quote_error(work.node_lost.text, 160)}): the platform failed under the work."
                ),
                lines=[work.node_lost],
                immediate_fix="Clear the task once the cluster is healthy again.",
                change="Give the task retries so a lost node costs one try, not the run.",
                prevention="Alert on node loss and preemption where the task runs.",
                counter_evidence="If this repeats on healthy nodes, the timeout is too tight for the work.",
                **common,
            )
        if work.hung:
            waited = (
                f"blocked in {work.waiting_frame}, waiting for a reply that did not come"
                if work.waiting_frame
                else (
                    "its last line a call out "
                    f"({quote_error(work.call_out.text if work.call_out else '', 160)}) "
                    "with no progress after it"
                )
            )
            return self.finding(
                title="A dependency stopped answering; execution_timeout ended the wait",
                severity=Severity.MODERATE,
                category=Category.INFRA,
                transience=Transience.INTERMITTENT,
                likelihood=80 if work.waiting_frame else 74,
                summary=(
                    f"The task was stopped at its {budget}, {waited}: the service it called hung, and the "
                    f"timeout ended a wait rather than work that needed more time ({never})."
                ),
                lines=[work.call_out] if work.call_out else [],
                immediate_fix=(
                    "Check the service the task was waiting on (status, locks, queue), then clear the task."
                ),
                change=(
                    "Give that call its own connect and read timeouts well under execution_timeout, with "
                    "retries and backoff, so a hang fails fast and is retried."
                ),
                prevention="Alert on the dependency's latency; keep execution_timeout as the backstop.",
                counter_evidence=(
                    ""
                    if work.waiting_frame
                    else "A call that was answering slowly would make the timeout too tight instead."
                ),
                **common,
            )
        if work.progress:
            last = work.progress[-1]
            return self.finding(
                title="execution_timeout is shorter than the work needs: it was still progressing",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=82,
                summary=(
                    f"The task was stopped at its {budget} while still reporting progress ({last.cite()}: "
                    f"{quote_error(last.text, 120)}), and {never}: normal work ran out of budget."
                ),
                lines=list(work.progress[-2:]),
                immediate_fix=f"Clear the task with a larger execution_timeout ({_WHERE}).",
                change=(
                    "Set execution_timeout from measured durations (p95 plus margin); make long work "
                    "incremental."
                ),
                prevention="Alert when the task's duration approaches execution_timeout (e.g. at 80 %).",
                **common,
            )
        return self.finding(
            title="execution_timeout is shorter than the task's runtime",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=78,
            summary=(
                f"The task was stopped at its {budget} and {never}, so there is no evidence it can "
                "finish within the limit: the budget is set below what the work needs (or the task hangs)."
            ),
            immediate_fix=(
                f"Run the task once with a larger execution_timeout to measure its real duration ({_WHERE})."
            ),
            change="Set execution_timeout from a measured duration plus margin; make long work incremental.",
            prevention="Derive timeouts from observed durations; alert when a run approaches the limit.",
            counter_evidence=(
                "The log shows neither progress up to the timeout nor a call left waiting: a hang (code "
                "or a dependency) cannot be ruled out."
            ),
            **common,
        )


class SensorTimeout(SignalRule):
    """``AirflowSensorTimeout``: what the sensor waits for did not appear before its ``timeout``.

    DATA: the file, partition or upstream run it waits on is late or missing.
    """

    id = "airflow.sensor_timeout"
    title = "Sensor timed out"
    reads = (S.SENSOR_TIMEOUT, S.DEFERRAL_TIMEOUT)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding: the awaited input is late or missing."""
        waited = attribute(hits, "duration")
        limit = attribute(hits, "timeout")
        config = fact(bundle, "task_config")
        target = str(config.get("sensor_target") or "")
        # The same sensor waited in vain for input that came on earlier runs, and nothing of it changed
        # since: the input is late. A new or changed sensor (a key or logical date it will never see,
        # an ExternalTaskSensor misaligned with its upstream's schedule) or a deferrable operator's
        # timeout (a job it waits on, not data) times out the same way.
        sensor = bundle.has_signal(S.SENSOR_TIMEOUT) or bundle.context.operator.endswith("Sensor")
        proven = sensor and bool(success_durations(bundle)) and code_changed(bundle) is False
        waited_text = (
            f" after waiting {seconds(as_number(waited))} (timeout {seconds(as_number(limit))})"
            if waited
            else ""
        )
        return self.finding(
            title="Upstream data did not arrive before the sensor's timeout",
            severity=Severity.MODERATE,
            category=Category.DATA,
            transience=Transience.INTERMITTENT,
            likelihood=88,
            summary=(
                f"The sensor gave up{waited_text}: what it waits for"
                f"{' (' + target + ')' if target else ''} was not there in time. The upstream producer "
                "is late or did not deliver; the task code did not fail."
            ),
            signals=hits[:2],
            evidence_ids=evidence_of(bundle, EvidenceKind.UPSTREAM, EvidenceKind.RUN_HISTORY),
            details=[("waited", waited or "?"), ("timeout", limit or "?")],
            immediate_fix=(
                "Check whether the upstream producer ran and delivered (file, partition, table); once the "
                "data is there, clear the sensor."
            ),
            change=(
                "If the data is routinely later than this, raise the sensor timeout or move the schedule; "
                "use mode='reschedule' or a deferrable sensor so waiting does not hold a worker slot."
            ),
            prevention="Agree a delivery SLA with the producer and alert on it before the sensor times out.",
            monitoring="Track data arrival time per run; alert when it drifts toward the sensor timeout.",
            max_confidence=None if proven else AMBIGUOUS_CEILING,
        )


class DagRunTimeout(SignalRule):
    """The DAG run exceeded ``dagrun_timeout``; unfinished tasks were stopped (CONFIG)."""

    id = "airflow.dagrun_timeout"
    title = "DAG run timed out"
    reads = (S.DAGRUN_TIMEOUT,)
    #: The run's budget ran out; which task made it slow, and why (a hang, more input, a tight
    #: budget), the timeout does not say.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: the run's overall budget is too small for its tasks."""
        return self.finding(
            title="The DAG run exceeded its dagrun_timeout",
            severity=Severity.MODERATE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=72,
            summary="The whole DAG run ran past dagrun_timeout, so tasks still running were stopped.",
            signals=hits[:2],
            immediate_fix="Find the slow task of the run (Gantt view) and re-run the unfinished tasks.",
            change="Raise dagrun_timeout to cover the measured run length, or speed up the slowest task.",
            prevention="Keep dagrun_timeout above the p95 run duration; watch queueing time too.",
            monitoring="Alert on DAG run duration approaching dagrun_timeout.",
        )
