"""The repository on real SQLite and PostgreSQL databases migrated by the provider's migrations."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceKind,
    Hypothesis,
    HypothesisStatus,
    InvestigationResult,
    PipelineType,
    Remediation,
    RootCause,
    Step,
    StepKind,
    Transience,
)
from airflow_pipeline_debugger.store import repository as repo
from airflow_pipeline_debugger.store.models import DagSnapshot, Investigation, InvestigationStatus

S = InvestigationStatus


def _key(
    task_id: str = "load", try_number: int = 1, dag_id: str = "orders", run_id: str = "r1"
) -> dict[str, object]:
    return {"dag_id": dag_id, "run_id": run_id, "task_id": task_id, "map_index": -1, "try_number": try_number}


def _enqueue(session: Session, **overrides: object) -> Investigation:
    key = _key(**overrides)  # type: ignore[arg-type]
    row, created = repo.ensure_investigation(session, **key, trigger="sweep")  # type: ignore[arg-type]
    assert created
    session.commit()
    return row


def _result(
    title: str = "Disk full on worker", fingerprint: str = "fp1", reused_from: str = ""
) -> InvestigationResult:
    return InvestigationResult(
        pipeline_type=PipelineType.SPARK,
        hypotheses=[
            Hypothesis(title="Disk full", likelihood=80, status=HypothesisStatus.CONFIRMED, evidence=["E1"]),
            Hypothesis(
                title="Bad input",
                likelihood=20,
                status=HypothesisStatus.DISMISSED,
                reasoning="schema ok",
                evidence=["E2"],
            ),
        ],
        root_cause=RootCause(
            title=title,
            summary="No space left on device",
            confidence=87,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            evidence=["E1:L3"],
            rule_id="infra.disk_full",
        ),
        remediation=Remediation(
            immediate_fix="Free /tmp", prevention="Alert at 80%", diagnostic_commands=["df -h"]
        ),
        engine="model",
        model="claude-sonnet-4-5",
        fingerprint=fingerprint,
        usage={"input_tokens": 1200, "output_tokens": 340, "cost_usd": 0.012},
        reused_from=reused_from,
    )


# --------------------------------------------------------------------------- enqueue


def test_ensure_investigation_is_idempotent_and_fills_late_capture(session: Session) -> None:
    first, created = repo.ensure_investigation(session, **_key(), trigger="listener_scheduler")  # type: ignore[arg-type]
    again, created_again = repo.ensure_investigation(
        session,
        **_key(),  # type: ignore[arg-type]
        trigger="sweep",
        capture={"exception": "OSError"},
    )
    session.commit()
    assert created and not created_again
    assert again.id == first.id
    assert again.trigger == "listener_scheduler"
    assert again.capture == {"exception": "OSError"}
    assert again.status == S.QUEUED
    # a later capture does not overwrite the first one
    third, _ = repo.ensure_investigation(session, **_key(), trigger="api", capture={"exception": "other"})  # type: ignore[arg-type]
    assert third.capture == {"exception": "OSError"}
    assert session.scalar(select(Investigation.id).where(Investigation.task_id == "load")) == first.id
    assert len(session.scalars(select(Investigation)).all()) == 1


def test_each_try_and_map_index_is_its_own_investigation(session: Session) -> None:
    _enqueue(session, try_number=1)
    _enqueue(session, try_number=2)
    row, created = repo.ensure_investigation(session, **{**_key(), "map_index": 3}, trigger="sweep")  # type: ignore[arg-type]
    assert created and row.map_index == 3


def test_timestamps_are_timezone_aware(session: Session) -> None:
    row = _enqueue(session)
    session.expire_all()
    loaded = repo.get(session, row.id)
    assert loaded is not None and loaded.created_at.tzinfo is not None
    assert abs(loaded.created_at - datetime.now(UTC)) < timedelta(minutes=1)


# --------------------------------------------------------------------------- claim, heartbeat, recovery


def test_claim_oldest_first_and_only_once(session: Session) -> None:
    ids = [_enqueue(session, task_id=f"t{i}").id for i in range(3)]
    got = repo.claim_next(session, "runner-a", limit=2)
    session.commit()
    assert got == ids[:2]
    assert repo.claim_next(session, "runner-b", limit=5) == ids[2:]
    session.commit()
    assert repo.claim_next(session, "runner-c") == []
    row = repo.get(session, ids[0])
    assert row is not None
    assert (row.status, row.claimed_by, row.attempts) == (S.RUNNING, "runner-a", 1)
    assert row.started_at is not None and row.heartbeat_at is not None


def test_heartbeat_counts_only_own_claims(session: Session) -> None:
    a = _enqueue(session, task_id="a").id
    b = _enqueue(session, task_id="b").id
    repo.claim_next(session, "runner-a", limit=1)
    repo.claim_next(session, "runner-b", limit=1)
    session.commit()
    assert repo.heartbeat(session, [a, b], "runner-a") == 1
    assert repo.heartbeat(session, [], "runner-a") == 0


def test_stale_claims_are_requeued_then_abandoned_after_max_attempts(session: Session) -> None:
    inv = _enqueue(session).id
    for attempt in range(1, repo.MAX_ATTEMPTS + 1):
        assert repo.claim_next(session, f"runner-{attempt}") == [inv]
        session.commit()
        future = datetime.now(UTC) + timedelta(seconds=5)
        requeued = repo.requeue_stale(session, future)
        session.commit()
        row = repo.get(session, inv)
        assert row is not None
        session.refresh(row)
        if attempt < repo.MAX_ATTEMPTS:
            assert requeued == repo.Requeued(requeued=[inv], given_up=[])
            assert row.status == S.QUEUED and row.claimed_by is None
        else:
            assert requeued == repo.Requeued(requeued=[], given_up=[inv]) and row.status == S.FAILED
            assert "stopped responding 3 times" in (row.error or "")


def test_rerun_keeps_the_attempt_count_so_a_crashing_run_is_not_retried(session: Session) -> None:
    """A run abandoned MAX_ATTEMPTS times and re-run by a user gets one more try, not MAX_ATTEMPTS."""
    inv = _enqueue(session).id
    future = datetime.now(UTC) + timedelta(seconds=5)
    for attempt in range(1, repo.MAX_ATTEMPTS + 1):
        assert repo.claim_next(session, f"runner-{attempt}") == [inv]
        repo.requeue_stale(session, future)
        session.commit()
    assert repo.request_rerun(session, inv)
    session.commit()
    assert repo.claim_next(session, "runner-again") == [inv]
    assert repo.requeue_stale(session, future) == repo.Requeued(requeued=[], given_up=[inv])
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    session.refresh(row)
    assert row.status == S.FAILED and row.attempts == repo.MAX_ATTEMPTS + 1


def test_fresh_claims_are_not_requeued(session: Session) -> None:
    _enqueue(session)
    repo.claim_next(session, "runner-a")
    session.commit()
    assert repo.requeue_stale(session, datetime.now(UTC) - timedelta(minutes=1)) == repo.Requeued([], [])


def test_release_returns_claim_without_counting_the_attempt(session: Session) -> None:
    inv = _enqueue(session).id
    repo.claim_next(session, "runner-a")
    assert repo.release(session, [inv], "runner-b") == 0
    assert repo.release(session, [inv], "runner-a") == 1
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    session.refresh(row)
    assert (row.status, row.claimed_by, row.attempts) == (S.QUEUED, None, 0)


# --------------------------------------------------------------------------- outcomes


def test_mark_succeeded_writes_result_columns_and_findings(session: Session) -> None:
    inv = _enqueue(session).id
    repo.claim_next(session, "runner-a")
    assert repo.mark_succeeded(session, inv, _result(), runner_id="runner-a")
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    session.refresh(row)
    assert row.status == S.SUCCEEDED and row.finished_at is not None
    assert (row.category, row.transience, row.confidence) == ("infra", "transient", 87)
    assert (row.pipeline_type, row.engine, row.model) == ("spark", "model", "claude-sonnet-4-5")
    assert (row.input_tokens, row.output_tokens, row.cost_usd) == (1200, 340, pytest.approx(0.012))
    assert row.fingerprint == "fp1" and row.root_cause_title == "Disk full on worker"
    assert row.result is not None and row.result["root_cause"]["title"] == "Disk full on worker"
    assert InvestigationResult.from_json(row.result).root_cause.confidence == 87
    kinds = [(f.kind, f.title) for f in repo.list_findings(session, inv)]
    assert kinds == [
        ("root_cause", "Disk full on worker"),
        ("dismissed_hypothesis", "Bad input"),
        ("remediation", "Immediate fix"),
        ("remediation", "Prevention"),
        ("remediation", "Diagnostic commands"),
    ]
    root = repo.list_findings(session, inv)[0]
    assert root.evidence_refs == ["E1:L3"] and root.category == "infra"


def test_outcomes_only_apply_to_the_holding_runner_and_running_state(session: Session) -> None:
    inv = _enqueue(session).id
    assert not repo.mark_succeeded(session, inv, _result())  # still queued
    repo.claim_next(session, "runner-a")
    assert not repo.mark_succeeded(session, inv, _result(), runner_id="runner-b")
    assert repo.mark_failed(session, inv, "timed out after 600s")
    # the abandoned thread finishing later cannot overwrite the recorded failure
    assert not repo.mark_succeeded(session, inv, _result(), runner_id="runner-a")
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    session.refresh(row)
    assert (row.status, row.error, row.result) == (S.FAILED, "timed out after 600s", None)
    assert repo.list_findings(session, inv) == []


def test_mark_interrupted_and_long_errors_are_clipped(session: Session) -> None:
    inv = _enqueue(session).id
    assert not repo.mark_interrupted(session, inv, "stop")  # queued, not running
    repo.claim_next(session, "r")
    assert repo.mark_interrupted(session, inv, "x" * 10_000, runner_id="r")
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    session.refresh(row)
    assert row.status == S.INTERRUPTED and len(row.error or "") == repo.MAX_ERROR_CHARS


def test_request_rerun_is_refused_while_active_and_keeps_uploads(session: Session) -> None:
    inv = _enqueue(session).id
    assert not repo.request_rerun(session, inv)  # queued
    repo.claim_next(session, "r")
    assert not repo.request_rerun(session, inv)  # running → the API answers 409
    repo.add_artifact(
        session, inv, Evidence(id="E1", kind=EvidenceKind.LOG, name="task log", source="airflow")
    )
    repo.add_artifact(
        session,
        inv,
        Evidence(id="", kind=EvidenceKind.SCHEMA, name="schema.json", source="upload"),
        origin=repo.UPLOAD_ORIGIN,
    )
    repo.append_step(session, inv, Step(kind=StepKind.STATUS, title="collecting"))
    repo.mark_succeeded(session, inv, _result(), runner_id="r")
    session.commit()
    assert repo.request_rerun(session, inv)
    session.commit()
    row = repo.get(session, inv)
    assert row is not None
    assert (row.status, row.result, row.category, row.attempts) == (S.QUEUED, None, None, 1)
    assert [a.evidence_id for a in repo.list_artifacts(session, inv)] == ["U2"]
    assert repo.list_steps(session, inv) == [] and repo.list_findings(session, inv) == []
    assert repo.claim_next(session, "r2") == [inv]


def test_rerun_keeps_the_previous_answer_and_its_times_until_the_next_run(session: Session) -> None:
    """The tab shows the last answer while a re-run works; a re-run that fails passes it on."""
    inv = _enqueue(session).id
    repo.claim_next(session, "r")
    repo.mark_succeeded(session, inv, _result("Disk full on worker"), runner_id="r")
    session.commit()
    first = repo.get(session, inv)
    assert first is not None and first.started_at and first.finished_at
    first_started, first_finished = first.started_at, first.finished_at
    assert repo.request_rerun(session, inv)
    session.commit()
    row = repo.get(session, inv)
    assert row is not None and row.previous_run is not None
    previous = row.previous_run
    assert (row.result, previous["status"], previous["engine"]) == (None, S.SUCCEEDED, "model")
    assert previous["result"]["root_cause"]["title"] == "Disk full on worker"
    assert previous["started_at"] == first_started.isoformat()
    assert previous["result_finished_at"] == previous["finished_at"] == first_finished.isoformat()
    assert datetime.fromisoformat(previous["rerun_requested_at"]) >= first_finished

    repo.claim_next(session, "r2")
    repo.mark_failed(session, inv, "model unreachable", runner_id="r2")
    session.commit()
    assert repo.request_rerun(session, inv)
    session.commit()
    row = repo.get(session, inv)
    assert row is not None and row.previous_run is not None
    assert (row.previous_run["status"], row.previous_run["error"]) == (S.FAILED, "model unreachable")
    assert row.previous_run["result"]["root_cause"]["title"] == "Disk full on worker"
    assert row.previous_run["result_finished_at"] == first_finished.isoformat()
    assert row.previous_run["finished_at"] != first_finished.isoformat()


def test_request_rerun_of_unknown_id_is_false(session: Session) -> None:
    assert not repo.request_rerun(session, "no-such-id")


# --------------------------------------------------------------------------- steps and evidence


def test_steps_are_numbered_in_order_and_replayable(session: Session) -> None:
    inv = _enqueue(session).id
    repo.append_step(session, inv, Step(kind=StepKind.HYPOTHESIS, title="H1", data={"status": "confirmed"}))
    repo.append_step(session, inv, Step(kind=StepKind.EVIDENCE, title="E", body="**md**", source="model"))
    repo.append_step(session, inv, Step(kind=StepKind.ROOT_CAUSE, title="RC"), status="final")
    session.commit()
    steps = repo.list_steps(session, inv)
    assert [(s.seq, s.kind, s.status, s.source) for s in steps] == [
        (1, "hypothesis", "confirmed", "deterministic"),
        (2, "evidence", None, "model"),
        (3, "root_cause", "final", "deterministic"),
    ]
    assert [s.title for s in repo.list_steps(session, inv, after_seq=2)] == ["RC"]


def test_append_to_unknown_investigation_raises(session: Session) -> None:
    with pytest.raises(repo.InvestigationNotFoundError):
        repo.append_step(session, "missing", Step(kind=StepKind.STATUS, title="x"))


def test_concurrent_appends_get_distinct_seqs(session_factory: sessionmaker[Session], backend: str) -> None:
    with session_factory() as s:
        inv = _enqueue(s).id
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with session_factory() as s, s.begin():
                    repo.append_step(s, inv, Step(kind=StepKind.STATUS, title=f"w{n}-{i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_factory() as s:
        assert [st.seq for st in repo.list_steps(s, inv)] == list(range(1, 41))


def test_artifact_content_is_capped_on_a_character_boundary(session: Session) -> None:
    inv = _enqueue(session).id
    text = "é" * 100 + "\x00tail"
    art = repo.add_artifact(
        session,
        inv,
        Evidence(id="E1", kind=EvidenceKind.LOG, name="log", source="/x", content=text),
        max_bytes=51,
    )
    session.commit()
    assert art.truncated and art.content == "é" * 25
    assert art.size_bytes == len(text.encode())
    small = repo.add_artifact(
        session,
        inv,
        Evidence(
            id="", kind=EvidenceKind.LOG, name="n" * 900, source="", content="a\x00b", summary={"k": [1]}
        ),
        max_bytes=100,
    )
    assert (small.evidence_id, small.content, small.truncated, small.summary) == (
        "E2",
        "a\ufffdb",
        False,
        {"k": [1]},
    )
    assert len(small.name) == 500


def test_hostile_content_is_stored_verbatim_as_text(session: Session) -> None:
    inv = _enqueue(session).id
    payload = "<script>alert(1)</script> '; DROP TABLE pipeline_debugger_investigation; --"
    repo.add_artifact(
        session, inv, Evidence(id="E1", kind=EvidenceKind.LOG, name=payload, source="", content=payload)
    )
    session.commit()
    session.expire_all()
    assert repo.list_artifacts(session, inv)[0].content == payload
    assert repo.get(session, inv) is not None


# --------------------------------------------------------------------------- findings and feedback


def test_feedback_on_root_cause_and_validation(session: Session) -> None:
    inv = _enqueue(session).id
    assert repo.set_feedback(session, inv, "up") is None  # nothing to rate yet
    repo.claim_next(session, "r")
    repo.mark_succeeded(session, inv, _result())
    finding = repo.set_feedback(session, inv, "down", comment="it was the network", user="alice")
    session.commit()
    assert finding is not None and finding.kind == "root_cause"
    assert (finding.feedback, finding.feedback_comment, finding.feedback_user) == (
        "down",
        "it was the network",
        "alice",
    )
    assert finding.feedback_at is not None
    cleared = repo.set_feedback(session, inv, None, finding_id=finding.id)
    assert cleared is not None and cleared.feedback is None and cleared.feedback_at is None
    with pytest.raises(ValueError, match="feedback must be one of"):
        repo.set_feedback(session, inv, "meh")


def test_add_finding(session: Session) -> None:
    inv = _enqueue(session).id
    f = repo.add_finding(
        session, inv, kind="remediation", title="Pin version", evidence_refs=["E3"], data={"a": 1}
    )
    session.commit()
    assert [x.id for x in repo.list_findings(session, inv)] == [f.id]


# --------------------------------------------------------------------------- queries


def test_list_filters_pagination_and_readable_dags(session: Session) -> None:
    for i in range(5):
        _enqueue(session, dag_id="orders", task_id=f"t{i}")
    for i in range(3):
        _enqueue(session, dag_id="secret", task_id=f"t{i}")
    repo.claim_next(session, "r")
    session.commit()
    page, total = repo.list_investigations(session, limit=3)
    assert total == 8 and len(page) == 3
    assert page[0].created_at >= page[-1].created_at
    page2, _ = repo.list_investigations(session, limit=3, offset=3)
    assert not {p.id for p in page} & {p.id for p in page2}
    visible, total_visible = repo.list_investigations(session, readable_dag_ids={"orders"})
    assert total_visible == 5 and {v.dag_id for v in visible} == {"orders"}
    assert repo.list_investigations(session, readable_dag_ids=set())[1] == 0
    assert repo.list_investigations(session, status=S.RUNNING)[1] == 1
    assert repo.list_investigations(session, dag_id="secret", task_id="t1")[1] == 1
    soon = datetime.now(UTC) + timedelta(minutes=1)
    assert repo.list_investigations(session, created_from=soon)[1] == 0
    assert repo.list_investigations(session, created_to=soon)[1] == 8


def test_category_filter_and_fingerprint_cache(session: Session) -> None:
    first = _enqueue(session, task_id="a").id
    repo.claim_next(session, "r")
    repo.mark_succeeded(session, first, _result(fingerprint="fp-x"))
    second = _enqueue(session, task_id="b").id
    repo.claim_next(session, "r")
    repo.mark_succeeded(session, second, _result(fingerprint="fp-x", reused_from=first))
    session.commit()
    assert repo.list_investigations(session, category="infra")[1] == 2
    since = datetime.now(UTC) - timedelta(hours=1)
    hit = repo.find_recent_by_fingerprint(session, "fp-x", since)
    assert hit is not None and hit.id == first  # the original, not the reuse
    assert repo.find_recent_by_fingerprint(session, "fp-x", since, exclude_id=first) is None
    assert repo.find_recent_by_fingerprint(session, "fp-x", datetime.now(UTC) + timedelta(minutes=1)) is None
    assert repo.find_recent_by_fingerprint(session, "other", since) is None


def test_task_history_and_get_by_try(session: Session) -> None:
    ids = [_enqueue(session, run_id=f"r{i}", try_number=i).id for i in range(1, 4)]
    _enqueue(session, task_id="other")
    history = repo.task_history(session, "orders", "load", limit=2)
    assert [h.id for h in history] == ids[::-1][:2]
    latest = repo.get_by_try(session, dag_id="orders", run_id="r3", task_id="load")
    assert latest is not None and latest.id == ids[2]
    assert repo.get_by_try(session, dag_id="orders", run_id="r3", task_id="load", try_number=1) is None


def test_run_answers_are_the_newest_finished_answer_per_task_of_the_run(session: Session) -> None:
    first = _enqueue(session, task_id="extract").id
    retried = _enqueue(session, task_id="extract", try_number=2).id
    _enqueue(session, task_id="clean")
    elsewhere = _enqueue(session, task_id="extract", run_id="r2").id
    repo.claim_next(session, "runner-a", limit=10)  # "clean" stays running: no answer yet
    for inv, title in (
        (first, "Disk full on worker"),
        (retried, "Disk still full"),
        (elsewhere, "Other run"),
    ):
        assert repo.mark_succeeded(session, inv, _result(title=title))
        session.commit()
    answers = repo.run_answers(session, "orders", "r1", ["extract", "clean", "absent"])
    assert {task: row.root_cause_title for task, row in answers.items()} == {"extract": "Disk still full"}
    assert repo.run_answers(session, "orders", "r1", []) == {}


def test_dag_snapshots_keep_each_source_once(session: Session) -> None:
    a, created_a = repo.record_dag_snapshot(
        session, dag_id="orders", source_code="v1", fileloc="/d/orders.py"
    )
    again, created_again = repo.record_dag_snapshot(session, dag_id="orders", source_code="v1")
    b, _ = repo.record_dag_snapshot(session, dag_id="orders", source_code="v2", bundle_version="abc")
    session.commit()
    assert created_a and not created_again and again.id == a.id
    assert a.source_hash == repo.source_hash("v1") and a.fileloc == "/d/orders.py"
    a.first_seen_at = b.first_seen_at - timedelta(hours=1)  # same transaction: make the order observable
    session.commit()
    assert [s.source_code for s in repo.dag_snapshots(session, "orders")] == ["v2", "v1"]  # newest first
    assert repo.dag_snapshots(session, "orders", seen_before=a.first_seen_at - timedelta(seconds=1)) == []
    assert session.scalar(select(DagSnapshot.bundle_version).where(DagSnapshot.id == b.id)) == "abc"
