"""A generic error whose input an upstream task of the same run shows broken (DATA).

``KeyError: 'customer_id'`` in ``transform`` does not say why the key is missing; the last lines of
the task that produced the input often do (``export wrote 2 rows; columns: cust_id``). The runner
keeps those lines as UPSTREAM_LOG evidence (``adapters/airflow/upstream_logs.py``, direct upstream
tasks first). By the category guide a generic exception is ``data`` when the evidence shows the
input empty or changed, and the fix goes to the producer: the finding names the upstream task and
its line. It reads each upstream log the way :class:`InputBrokeCode` reads the task's own (the
same :func:`input_context`), plus the upstream's printed row counts: a count of 0 is an empty
output.

:class:`UpstreamFailedFirst` covers the run where an upstream task failed and this one still ran (a
trigger rule such as ``all_done``): our own investigation of that task (``facts["upstream"]``) is
the cause of the generic error here, with its category.
"""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.airflow._common import code_changed, fact
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.generic.error_codes import (
    INPUT_BROKE_LIKELIHOOD,
    decisive_code,
    quoted_name,
)
from airflow_pipeline_debugger.heuristics.terminal import InputContext, TerminalBlock, input_context

#: Above the same reading of the task's own log: the line names the producer, where the fix goes.
PRODUCER_BONUS = 4
#: When the task's own code changed since its last success (the change may have brought the error).
CODE_CHANGED_PENALTY = 12
#: When an upstream task of the run failed first and our investigation of it answered.
FAILED_FIRST_LIKELIHOOD = 70
#: The least confidence of the upstream task's own answer that this task's answer may borrow as confident.
UPSTREAM_CONFIDENT = 70
#: The row-count lines the volume comparison reads too (``Wrote 0 rows to orders_export``).
#: Each with the lowercase words a matching line must contain (the scanner's own prefilter).
_COUNT_REGEXES = tuple((p.literal.lower(), p.compiled()) for p in G.PATTERNS if p.code == G.ROW_COUNT)


class UpstreamBrokeInput(Heuristic):
    """A generic error after an upstream task of the same run logged an empty or changed output."""

    id = "generic.upstream_input"
    title = "An upstream task's output broke the task"
    supersedes = ("generic.input_broke_code", "generic.python_exception", "generic.error_code")

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Data finding citing the upstream line and the error, when the error is generic."""
        found = decisive_code(bundle)
        if found is None or not found.match.prior.generic:
            return None
        name = quoted_name(found.line.text if found.line else found.match.text)
        hit = next(
            (
                (ev, context)
                for ev in bundle.evidence
                if ev.kind is EvidenceKind.UPSTREAM_LOG and (context := _upstream_context(ev, name))
            ),
            None,
        )
        if hit is None:
            return None
        ev, context = hit
        task = str(ev.summary.get("upstream_task_id") or ev.name)
        said = (context.said or context.line.text.strip())[:200]
        changed = code_changed(bundle)
        prior = found.match.prior
        subject = f"{name!r}" if name else "the value it needed"
        return self.finding(
            title=f"Upstream task {task} {_what(context, name)}: {said}"[:160],
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=INPUT_BROKE_LIKELIHOOD[context.kind]
            + PRODUCER_BONUS
            - (CODE_CHANGED_PENALTY if changed else 0),
            summary=sentence(
                f"{prior.label} in this task, after the upstream task {task} of the same run logged "
                f"{said!r} ({context.line.cite()}): {context.detail}, so the task did not get {subject}"
            ),
            lines=[context.line, *([found.line] if found.line else [])],
            evidence_ids=[ev.id],
            details=[
                ("error", prior.label),
                ("upstream task", task),
                ("its line", f"{context.line.cite()}: {said}"),
            ],
            counter_evidence=(
                "The task's code changed since its last success: the change may have introduced the error."
                if changed
                else ""
            ),
            immediate_fix=(
                f"Check what {task} produced in this run ({context.line.cite()}: {said[:120]}) with its "
                f"source, fix or re-deliver it, then clear {task} and this task."
            ),
            change=(
                f"Validate {task}'s output where it is written (fail there when it is empty or lacks "
                f"{subject}), not in the task that reads it."
            ),
            prevention=f"Add a data contract on {task}'s output (row count, column names) and test it.",
            monitoring=f"Alert when {task}'s output volume or columns change.",
        )


def _upstream_context(ev: Evidence, name: str) -> InputContext | None:
    """The last line of an upstream log that shows its output empty or without ``name``."""
    lines = tuple(LogLine(ev.id, n, text) for n, text in numbered_lines(ev) if n is not None and text.strip())
    block = TerminalBlock(evidence_id=ev.id, lines=(), before=lines)
    context = input_context(block, name, lone_column=True)
    empty = next((found for line in reversed(lines) if (found := _zero_count(line))), None)
    if empty is not None and (context is None or empty.line.line_no > context.line.line_no):
        return empty
    return context


def _zero_count(line: LogLine) -> InputContext | None:
    """The line as an empty output when it prints a row count of 0 (``Wrote 0 rows to orders_export``)."""
    lowered = line.text.lower()
    for literal, regex in _COUNT_REGEXES:
        if literal not in lowered or "0" not in lowered:
            continue
        if m := regex.search(line.text):
            if m.group("count").replace(",", "").lstrip("0"):
                return None
            return InputContext("empty", line, "its output was empty", m.group(0))
    return None


def _what(context: InputContext, name: str) -> str:
    """``logged an output without 'customer_id'`` / ``logged an empty output``."""
    if context.kind == "columns":
        return f"logged an output without {name!r}"
    if context.kind == "empty":
        return "logged an empty output"
    return f"logged a changed output ({context.detail})"


class UpstreamFailedFirst(Heuristic):
    """A generic error in a task that ran after an upstream task of the same run failed (and was answered)."""

    id = "generic.upstream_failed_first"
    title = "An upstream task failed first"
    requires = frozenset({"upstream"})
    supersedes = ("generic.input_broke_code", "generic.python_exception", "generic.error_code")

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """The failed upstream task's own answer, as the cause of this task's generic error."""
        found = decisive_code(bundle)
        if found is None or not found.match.prior.generic:
            return None
        upstream = fact(bundle, "upstream")
        answers = upstream.get("investigations")
        answers = answers if isinstance(answers, dict) else {}
        task = next((str(t) for t in upstream.get("failed") or [] if isinstance(answers.get(t), dict)), "")
        if not task:
            return None
        answer = answers[task]
        title = str(answer.get("root_cause_title") or "no title")
        category = next((c for c in Category if c.value == answer.get("category")), Category.UNKNOWN)
        # The category is the upstream answer's: this answer is no surer than that one was.
        borrowed = _confident(answer) and category is not Category.UNKNOWN
        return self.finding(
            title=f"Upstream task {task} failed first in this run: {title}"[:160],
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.UNKNOWN,
            likelihood=FAILED_FIRST_LIKELIHOOD,
            summary=sentence(
                f"{found.match.prior.label} in this task came after the upstream task {task} of the "
                f"same run failed; its own investigation ({answer.get('id')}) answered: {title} "
                f"({answer.get('category')}, {answer.get('confidence')} %)"
            ),
            lines=[found.line] if found.line else [],
            evidence_ids=[e.id for e in bundle.evidence if e.kind is EvidenceKind.UPSTREAM],
            details=[
                ("upstream task", task),
                ("its answer", title),
                ("its investigation", str(answer.get("id"))),
            ],
            immediate_fix=(
                f"Fix what made {task} fail (its investigation says: {title[:120]}), then clear {task} and "
                "the tasks after it."
            ),
            change=f"Let this task run only when {task} succeeded (the default trigger rule all_success).",
            prevention=f"Check {task}'s output before this task reads it (a sensor or data test).",
            monitoring=f"Alert on {task}'s failures: this task's errors follow from them.",
            max_confidence=None if borrowed else AMBIGUOUS_CEILING,
        )


def _confident(answer: dict[str, object]) -> bool:
    """Whether the upstream task's own investigation answered in the confident band."""
    confidence = answer.get("confidence")
    return isinstance(confidence, int | float) and confidence >= UPSTREAM_CONFIDENT
