"""A service's answer has another shape than the code reads: the input changed (DATA).

``TypeError: string indices must be integers, not 'str'`` at ``rec["order_id"]`` reads as the code's
bug. The job's own source says whose: ``rec`` is an element of ``resp.json()``, the body an API
answered. Indexing a record that turned out to be a string (an object where a list was, a new
envelope around the records) or ``None`` is the answer's shape changing under code written for the
agreed one: the fix goes to the producer, or to the code if the new shape is the new contract.

Read only from the source of the frame that raised (:mod:`...evidence.provenance`), only for the
errors indexing a value of the wrong shape raises, and only when the value indexed came from a
service's JSON answer (``.json()``); a value the code built itself stays the code's.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import signal_frames, sites, user_frames
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import not_carried_on_from

#: Likelihood of a changed answer when the code indexes it in a shape it no longer has; a new or
#: changed call (the code's side) is the rival, so it stays under the confident band.
SHAPE_LIKELIHOOD = 60
#: What indexing a value of another shape raises (a string or list where a mapping was, ``None``).
_WRONG_SHAPE_RE = re.compile(
    r"string indices must be integers|list indices must be integers or slices, not str|"
    r"'NoneType' object is not subscriptable|'(?:str|list|int|float)' object has no attribute "
    r"'(?:get|keys|items|values)'"
)


class InputShape(SignalRule):
    """The code indexed a service's JSON answer in a shape the answer no longer has."""

    id = "generic.input_shape"
    title = "A service's answer changed shape"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION, "spark.python_exception")
    read_together = True
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.input_broke_code",
        "spark.driver_code_error",
    )

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the value indexed and the call whose answer it came from."""
        live = not_carried_on_from(bundle, hits)
        if not live:
            return None
        last = max(live, key=lambda s: s.lines[0].line_no if s.lines else -1)
        detail = str(last.attributes.get("detail") or last.attributes.get("message") or last.message)
        if not _WRONG_SHAPE_RE.search(detail):
            return None
        frames = traceback_frames(bundle, last) or signal_frames(last)
        innermost = user_frames(frames)[:1]
        for frame, source, found in sites(bundle, innermost):
            use = next(iter(found.by_role("container", origin="input")), None)
            if use is None:
                continue
            file, line, _ = frame
            cited = [LogLine(source.id, int(line), found.statement)]
            if use.setting.line and use.setting.line != int(line):
                cited.append(LogLine(source.id, use.setting.line, use.setting.statement))
            said = shorten_middle(detail, 120)
            return self.finding(
                title=f"The service's answer has another shape than the code reads ({said})",
                severity=Severity.SEVERE,
                category=Category.DATA,
                transience=Transience.PERMANENT,
                likelihood=SHAPE_LIKELIHOOD,
                summary=sentence(
                    f"The task raised {said} at {file}:{line}, on `{found.statement}`: it indexed "
                    f"`{use.name}`, which comes from {use.setting.describe()} "
                    f"(`{use.setting.statement}`), and that value is not the mapping the code expects. The "
                    "answer changed shape (an envelope around the records, an object where a list was, a "
                    "null): check the service's response and version against what the code was written for"
                ),
                lines=cited,
                signals=[last],
                evidence_ids=[source.id],
                details=[
                    ("value indexed", use.name),
                    ("came from", use.setting.statement or "a JSON answer"),
                ],
                immediate_fix=(
                    "Fetch the same response again and compare its shape with what the code indexes; pin "
                    "the API version the code was written for if the service offers one, then clear the task."
                ),
                change=(
                    "Validate the response's shape on read (a schema or a typed model) so a change fails "
                    "with the field named, and unwrap the new envelope if it is the new contract."
                ),
                prevention=(
                    "Agree response versions with the service's owner and test against a recorded answer."
                ),
                monitoring="Alert on a change of the service's API version header or response schema.",
            )
        return None
