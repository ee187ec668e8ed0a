"""Which lines are the error the task died of: the last attempt's own, not an earlier one's or its aftermath.

Logs in, the deterministic engine's answer out (every registered adapter, every built-in rule). An
earlier attempt's error is one the next attempt got past; what follows Airflow's "Marking task as
FAILED" (its email alert, a failure callback) is the failure's aftermath; a finding resting only on
such lines, or on INFO chatter, is weak, never "confirmed", and no rival to the answer. The line the
log ends in is the terminal error whatever its level or words.
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse


def a2(level: str, text: str, where: str = "task.py:10") -> str:
    return f"[2026-12-01T02:47:02.000+0000] {{{where}}} {level} - {text}"


TRACE = ["Traceback (most recent call last):", '  File "/opt/airflow/dags/orders.py", line 41, in load']
FAILED = a2("ERROR", "Task failed with exception", "taskinstance.py:3311")
REFUSED = [
    FAILED,
    *TRACE,
    'psycopg2.OperationalError: connection to server at "10.0.0.9", port 5432 failed: Connection refused',
]
RETRY_MARK = a2("INFO", "Marking task as UP_FOR_RETRY. dag_id=orders, task_id=load", "taskinstance.py:1225")
FAILED_MARK = a2("INFO", "Marking task as FAILED. dag_id=orders, task_id=load", "taskinstance.py:1225")
COLUMNS = a2("INFO", "Columns in extract: order_id, cust_id, amount, created_at")
KEYERROR = [FAILED, *TRACE, "KeyError: 'customer_id'"]
EMAIL_ALERT = [
    a2("ERROR", "Failed to send email to: ['oncall@example.com']", "taskinstance.py:1497"),
    "Traceback (most recent call last):",
    '  File "/usr/local/lib/python3.11/socket.py", line 851, in create_connection',
    "ConnectionRefusedError: [Errno 111] Connection refused",
]
#: Two attempts: the first refused a connection, the second died of a KeyError, its alert refused.
TWO_ATTEMPTS = [
    *REFUSED,
    RETRY_MARK,
    a2("INFO", "Executing <Task(PythonOperator): load> on 2026-12-01", "taskinstance.py:2170"),
    COLUMNS,
    *KEYERROR,
    FAILED_MARK,
    *EMAIL_ALERT,
]
SIGKILL_AT_INFO = [
    a2("INFO", "processing batch 14/200", "logging_mixin.py:190"),
    a2("INFO", "Task exited with return code -9", "local_task_job_runner.py:232"),
    FAILED_MARK,
]

CASES = [
    # (id, log lines, rule id, category, words the root cause must name)
    (
        # Neither the earlier attempt's error nor the aftermath's outweighs the one the task died of.
        "keyerror_after_an_earlier_attempts_refused_connection_and_a_refused_alert",
        TWO_ATTEMPTS,
        "generic.input_broke_code",
        "data",
        ["customer_id"],
    ),
    (
        # An excerpt that cut the second attempt's first lines: its own failure record after the retry
        # mark says the KeyError is the second attempt's, not the first's aftermath.
        "keyerror_after_a_retry_mark_in_an_excerpt_without_the_next_attempts_start",
        [*REFUSED, RETRY_MARK, COLUMNS, *KEYERROR],
        "generic.input_broke_code",
        "data",
        ["customer_id"],
    ),
    (
        # The exception says it gave up after its attempts, and Airflow's failure lines follow it: it
        # is still the terminal error, not a problem the task retried and survived.
        "an_exception_that_gave_up_after_its_attempts_is_the_terminal_error",
        [
            FAILED,
            *TRACE,
            "ConnectionError: gave up on attempt 5 of 5: [Errno 111] Connection refused",
            FAILED_MARK,
            a2("INFO", "Task exited with return code 1", "local_task_job_runner.py:234"),
        ],
        "generic.network_error",
        "infra",
        ["connection"],
    ),
]


@pytest.mark.parametrize(("case_id", "lines", "rule", "category", "words"), CASES, ids=[c[0] for c in CASES])
def test_engine_answer(case_id: str, lines: list[str], rule: str, category: str, words: list[str]) -> None:
    result = analyse(lines)
    root = result.root_cause
    assert root.rule_id == rule, (root.rule_id, root.title)
    assert result.category.value == category, (root.rule_id, root.title)
    text = " ".join([root.title, root.summary]).lower()
    for word in words:
        assert word.lower() in text, (word, root.title, root.summary)


@pytest.mark.parametrize(
    ("lines", "weak_rule"),
    [
        # Eviction words in the task's own INFO lines, strong enough to stay above 50 after the penalty.
        (
            [
                a2("INFO", "Pod cleanup: 4 pods were evicted last night, deleting them", "cleanup.py:20"),
                a2("INFO", "Reason: Evicted (4), Completed (12)", "cleanup.py:25"),
                FAILED,
                *TRACE,
                "ZeroDivisionError: division by zero",
            ],
            "airflow.pod_evicted",
        ),
        (TWO_ATTEMPTS, "generic.network_error"),
    ],
    ids=["eviction words in INFO chatter", "an earlier attempt's error"],
)
def test_a_finding_on_weak_evidence_is_not_confirmed_and_no_rival(lines: list[str], weak_rule: str) -> None:
    result = analyse(lines)
    weak = next(h for h in result.hypotheses if h.rule_id == weak_rule)
    assert weak.status.value != "confirmed", weak.reasoning
    assert "confirmed almost as strongly" not in result.root_cause.justification


def test_the_line_the_log_ends_in_is_never_chatter_whatever_its_level() -> None:
    # Airflow logs a SIGKILL's "Task exited with return code -9" at INFO: it is the terminal error.
    result = analyse(SIGKILL_AT_INFO)
    killed = next(h for h in result.hypotheses if h.rule_id == "airflow.sigkill")
    assert not any("chatter" in why for why in killed.evidence_against), killed.evidence_against
