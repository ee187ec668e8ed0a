from __future__ import annotations

from airflow_pipeline_debugger.domain import Evidence, EvidenceKind, Step, StepKind
from airflow_pipeline_debugger.engine.sink import InMemorySink, StepSink


def test_in_memory_sink_keeps_order_and_filters_by_kind():
    sink = InMemorySink()
    protocol: StepSink = sink  # written through the interface the engine uses, read back concretely
    protocol.add_evidence(Evidence(id="E1", kind=EvidenceKind.LOG, name="a", source="b"))
    protocol.add_step(Step(StepKind.STATUS, "collected"))
    protocol.add_step(Step(StepKind.HYPOTHESIS, "h", data={"n": 1}))
    assert [s.kind for s in sink.steps] == [StepKind.STATUS, StepKind.HYPOTHESIS]
    assert sink.steps_of(StepKind.HYPOTHESIS)[0].data == {"n": 1}
    assert [e.id for e in sink.evidence] == ["E1"]
