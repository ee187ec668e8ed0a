from __future__ import annotations

import json

import pytest

from airflow_pipeline_debugger.engine.llm.base import LLMError, LLMFailure
from airflow_pipeline_debugger.engine.llm.stream import MemberSplitter

DOC = {
    "hypotheses": [{"id": "H1", "title": "a, b } ] { [", "note": 'quote " and \\ backslash'}],
    "evidence_analysis": [],
    "root_cause": {"nested": {"deep": [1, 2, {"x": "}"}]}},
    "remediation": {"immediate_fix": "x"},
}


@pytest.mark.parametrize("size", [1, 2, 7, 64, 10_000])
def test_members_complete_in_order_whatever_the_chunking(size):
    text = json.dumps(DOC, indent=1)
    splitter = MemberSplitter()
    got = []
    for i in range(0, len(text), size):
        got.extend(splitter.feed(text[i : i + size]))
    splitter.finish()
    assert [k for k, _ in got] == list(DOC)
    assert dict(got) == DOC


def test_member_is_reported_as_soon_as_it_closes():
    splitter = MemberSplitter()
    assert splitter.feed('{"hypotheses": [1, 2') == []
    assert splitter.feed("]") == [("hypotheses", [1, 2])]
    assert splitter.feed(', "n": 5') == []  # a number is complete only at the next delimiter
    assert splitter.feed("}") == [("n", 5)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[1, 2]", LLMFailure.MALFORMED),
        ('{"a": [1, 2}', LLMFailure.MALFORMED),
        ('{"a": nope}', LLMFailure.MALFORMED),
        ('{"a": 1} trailing', LLMFailure.MALFORMED),
    ],
)
def test_malformed_text_raises(text, kind):
    splitter = MemberSplitter()
    with pytest.raises(LLMError) as info:
        splitter.feed(text)
    assert info.value.kind is kind


def test_truncated_object_fails_on_finish():
    splitter = MemberSplitter()
    splitter.feed('{"a": 1, "b": [')
    with pytest.raises(LLMError) as info:
        splitter.finish()
    assert info.value.kind is LLMFailure.TRUNCATED
