"""Flag an answer whose rule (or model) users keep marking wrong on this DAG.

Before a finished investigation is stored, its root cause's source is looked up among the rated
answers of the same DAG; marked wrong more than ``[pipeline_debugger] feedback_wrong_threshold``
times in its last rated answers there, the answer carries a note beside its confidence ("this rule
was marked wrong 4 of the last 6 times it was rated on this DAG"). The confidence number itself is
the engine's and is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import InvestigationResult
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.accuracy import (
    TRACK_RECORD_ANSWERS,
    answer_source,
    confidence_note,
    track_record,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Rated answers of one DAG read to find one source's last ones (every source of the DAG shares it).
MAX_RATED_READ = 50 * TRACK_RECORD_ANSWERS


def note_track_record(
    session: Session, result: InvestigationResult, dag_id: str, investigation_id: Any
) -> None:
    """Set ``result.root_cause.confidence_note`` from the feedback on the DAG's earlier answers."""
    rc = result.root_cause
    source = answer_source(rc.rule_id, result.engine, result.model)
    rated = repository.root_cause_answers(
        session, dag_id=dag_id, rated_only=True, exclude_id=str(investigation_id), limit=MAX_RATED_READ
    )
    rc.confidence_note = confidence_note(track_record(rated, source), conf.feedback_wrong_threshold())
