from __future__ import annotations

import pytest

from airflow_pipeline_debugger.engine.llm.base import (
    Deadline,
    LLMError,
    LLMFailure,
    LLMRequest,
    LLMResponse,
    call_with_retries,
)

REQ = LLMRequest("s", "u", "tool", "d", {"type": "object"}, 100)


class ScriptedClient:
    provider = "test"
    model = "m"

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def stream_tool_call(self, request, on_delta, deadline):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        on_delta(outcome)
        return LLMResponse(text=outcome)


def test_retries_429_honouring_retry_after_then_succeeds():
    sleeps = []
    client = ScriptedClient(LLMError(LLMFailure.RATE_LIMITED, "slow down", retry_after=3.0), "{}")
    resets = []
    resp = call_with_retries(
        client,
        REQ,
        lambda _: None,
        Deadline.after(60),
        max_retries=2,
        sleep=sleeps.append,
        on_retry=lambda: resets.append(1),
    )
    assert resp.text == "{}" and resp.usage.attempts == 2
    assert sleeps == [3.0] and resets == [1]


def test_5xx_backs_off_exponentially_and_gives_up_after_max_retries():
    sleeps = []
    client = ScriptedClient(*(LLMError(LLMFailure.SERVER_ERROR, "boom") for _ in range(3)))
    with pytest.raises(LLMError) as info:
        call_with_retries(
            client,
            REQ,
            lambda _: None,
            Deadline.after(60),
            max_retries=2,
            sleep=sleeps.append,
            backoff_base=0.5,
        )
    assert info.value.kind is LLMFailure.SERVER_ERROR
    assert sleeps == [0.5, 1.0] and client.calls == 3


def test_wait_beyond_the_deadline_becomes_a_timeout():
    client = ScriptedClient(LLMError(LLMFailure.RATE_LIMITED, "later", retry_after=120))
    with pytest.raises(LLMError) as info:
        call_with_retries(client, REQ, lambda _: None, Deadline.after(5), max_retries=3, sleep=lambda _: None)
    assert info.value.kind is LLMFailure.TIMEOUT and client.calls == 1


@pytest.mark.parametrize(
    "kind", [LLMFailure.MALFORMED, LLMFailure.SCHEMA, LLMFailure.REFUSAL, LLMFailure.TIMEOUT]
)
def test_wrong_answers_are_not_retried(kind):
    client = ScriptedClient(LLMError(kind, "bad"), "{}")
    with pytest.raises(LLMError):
        call_with_retries(
            client, REQ, lambda _: None, Deadline.after(60), max_retries=3, sleep=lambda _: None
        )
    assert client.calls == 1


def test_no_retry_once_part_of_an_answer_was_used():
    client = ScriptedClient(LLMError(LLMFailure.CONNECTION, "reset"), "{}")
    with pytest.raises(LLMError):
        call_with_retries(
            client,
            REQ,
            lambda _: None,
            Deadline.after(60),
            max_retries=3,
            sleep=lambda _: None,
            may_retry=lambda: False,
        )
    assert client.calls == 1


def test_error_note():
    assert LLMError(LLMFailure.REFUSAL, "no").note() == "llm_error: refusal: no"
