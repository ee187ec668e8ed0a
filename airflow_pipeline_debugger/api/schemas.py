"""Response and request bodies of the API (snake_case, ARCHITECTURE 4.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from airflow_pipeline_debugger.store.models import Artifact, Finding, Investigation, InvestigationStep

MAX_FEEDBACK_COMMENT = 2000


class InvestigationSummary(BaseModel):
    """One row of the list (the denormalised columns)."""

    id: str
    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    try_number: int
    pipeline_type: str
    status: str
    trigger: str
    category: str | None
    transience: str | None
    root_cause_title: str | None
    confidence: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, row: Investigation) -> InvestigationSummary:
        """From a table row."""
        return cls.model_validate(row, from_attributes=True)


class InvestigationList(BaseModel):
    """A page of investigations and how many match in total (only readable DAGs count)."""

    investigations: list[InvestigationSummary]
    total_entries: int


class StepOut(BaseModel):
    """One persisted step; ``seq`` is also the SSE event id."""

    seq: int
    kind: str
    status: str | None
    title: str
    body: str
    data: dict[str, Any] | None
    source: str
    created_at: datetime

    @classmethod
    def of(cls, row: InvestigationStep) -> StepOut:
        """From a table row."""
        return cls.model_validate(row, from_attributes=True)


class FindingOut(BaseModel):
    """A root cause, dismissed hypothesis or remediation item with its feedback."""

    id: int
    kind: str
    title: str
    body: str
    confidence: int | None
    category: str | None
    evidence_refs: list[str] | None
    data: dict[str, Any] | None
    feedback: str | None
    feedback_comment: str | None
    feedback_user: str | None
    feedback_at: datetime | None

    @classmethod
    def of(cls, row: Finding) -> FindingOut:
        """From a table row."""
        return cls.model_validate(row, from_attributes=True)


class ArtifactMeta(BaseModel):
    """Evidence metadata (the content is served by the artifact route)."""

    seq: int
    evidence_id: str
    kind: str
    name: str
    source: str
    origin: str
    size_bytes: int
    truncated: bool
    summary: dict[str, Any] | None
    created_at: datetime

    @classmethod
    def of(cls, row: Artifact) -> ArtifactMeta:
        """From a table row."""
        return cls.model_validate(row, from_attributes=True)


class CitedLine(BaseModel):
    """A log line the root cause cites (``E1:L42``) with its redacted text."""

    cite: str
    text: str
    #: The line's number in Airflow's Logs tab (task log lines only), for a link to it there.
    logs_tab_line: int | None = None


class History(BaseModel):
    """Earlier investigations of the same task: how often this failure was seen and what fixed it."""

    window_days: int
    same_fingerprint: int
    task_investigations: int
    last_seen_at: datetime | None
    last_investigation_id: str | None
    last_fix: str | None
    last_feedback: str | None
    last_feedback_comment: str | None


class PreviousRun(BaseModel):
    """The run before a re-run: how it ended and the last answer anyone saw, shown until the new one lands."""

    status: str
    error: str | None
    started_at: datetime | None
    finished_at: datetime | None
    engine: str | None
    model: str | None
    result: dict[str, Any] | None
    result_finished_at: datetime | None
    rerun_requested_at: datetime


class InvestigationDetail(InvestigationSummary):
    """An investigation with everything the tab shows."""

    error: str | None
    engine: str | None
    model: str | None
    input_tokens: int | None
    output_tokens: int | None
    cost_usd: float | None
    fingerprint: str | None
    reused_from_id: str | None
    slack_state: str | None
    result: dict[str, Any] | None
    steps: list[StepOut]
    findings: list[FindingOut]
    artifacts: list[ArtifactMeta]
    cited_lines: list[CitedLine]
    history: History | None
    previous_run: PreviousRun | None


class ArtifactLine(BaseModel):
    """One line of stored evidence; ``no`` is the line number in the original file when known."""

    no: int | None
    text: str
    #: The line's number in Airflow's Logs tab (task log lines only), for a link to it there.
    logs_tab_line: int | None = None


class ArtifactContent(ArtifactMeta):
    """Evidence with its redacted, capped content split into numbered lines."""

    lines: list[ArtifactLine]


class TaskInstanceInvestigations(BaseModel):
    """What the task-instance tab needs: the latest investigated try and every investigated try."""

    investigation: InvestigationDetail | None
    tries: list[InvestigationSummary]


class FeedbackIn(BaseModel):
    """👍 (``up``) / 👎 (``down``) / cleared (null) on the root cause, with an optional comment."""

    feedback: Literal["up", "down"] | None
    comment: str | None = Field(default=None, max_length=MAX_FEEDBACK_COMMENT)


class RerunOut(BaseModel):
    """The investigation is queued again."""

    id: str
    status: str
