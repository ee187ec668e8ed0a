"""Golden Block Kit messages and the invariants every message keeps (limits, escaping, redaction).

Inputs are JSON files in ``tests/fixtures/slack/inputs/``; the expected messages are the JSON files
next to them in ``tests/fixtures/slack/``. After an intended layout change, regenerate them with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/notify/test_blocks.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.domain import InvestigationResult, TaskKey
from airflow_pipeline_debugger.notify.blocks import (
    MAX_BLOCKS,
    MAX_ERROR_CHARS,
    MAX_FALLBACK_CHARS,
    MAX_HEADER_CHARS,
    MAX_SECTION_CHARS,
    AlertInput,
    EvidenceLine,
    IncidentSummary,
    MessageKind,
    SeenBefore,
    SlackMessage,
    TaskRef,
    build_message,
    clean,
    format_mention,
    short_error,
    tab_url,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "slack"
INPUTS = FIXTURES / "inputs"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
SECRETS = (
    "hunter2",
    "s3cr3tpass",
    "xoxb-123456789012",
    "AKIAABCDEFGHIJKLMNOP",
    "REALLYSECRETKEY",
    "abcdef1234567890",
)


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _task(raw: dict[str, Any]) -> TaskRef:
    return TaskRef(
        key=TaskKey(
            raw["dag_id"], raw["run_id"], raw["task_id"], raw.get("map_index", -1), raw.get("try_number", 0)
        ),
        max_tries=raw.get("max_tries", 0),
        link=raw.get("link", ""),
    )


def load_input(raw: dict[str, Any]) -> AlertInput:
    """A fixture input as the dataclass the dispatcher builds."""
    seen = raw.get("seen_before")
    inc = raw.get("incident")
    task = _task(raw["task"])
    repeats = tuple(
        TaskRef(
            key=TaskKey(
                task.key.dag_id if i % 2 else "ingest_erp", task.key.run_id, f"extract_table_{i:02d}", -1, 1
            ),
            link=f"https://airflow.example.com/dags/{task.key.dag_id}/runs/r/tasks/extract_table_{i:02d}/plugin/investigation",
        )
        for i in range(raw.get("repeat_count", 0))
    )
    return AlertInput(
        kind=MessageKind(raw["kind"]),
        task=task,
        error=raw.get("error", ""),
        result=InvestigationResult.from_json(raw["result"]) if raw.get("result") else None,
        status=raw.get("status", ""),
        status_detail=raw.get("status_detail", ""),
        seen_before=SeenBefore(
            count=seen["count"],
            days=seen["days"],
            last_at=_dt(seen.get("last_at")),
            last_run_id=seen.get("last_run_id", ""),
        )
        if seen
        else None,
        incident=IncidentSummary(
            occurrences=inc["occurrences"],
            tasks=inc["tasks"],
            dags=inc["dags"],
            first_at=datetime.fromisoformat(inc["first_at"]),
            scope=inc.get("scope", "task"),
            suppressed=inc.get("suppressed", 0),
            threaded=inc.get("threaded", True),
        )
        if inc
        else None,
        mentions=tuple(raw.get("mentions", ())),
        escalation=tuple(raw.get("escalation", ())),
        repeats=repeats,
        unlisted_repeats=raw.get("unlisted_repeats", 0),
        evidence=tuple(EvidenceLine(cite, text) for cite, text in raw.get("evidence", ())),
    )


def huge_input() -> AlertInput:
    """Everything oversized at once: a 1 MB error, 250-char ids, a 60 kB summary and fix."""
    big_id = "x" * 250
    error = "\n".join(f"line {i}: " + "E&<>" * 60 for i in range(4000))
    result = InvestigationResult.from_json(
        {
            "pipeline_type": "airflow",
            "category": "config",
            "transience": "permanent",
            "root_cause": {"title": "T" * 2000, "summary": "S & <s> " * 8000, "confidence": 55},
            "remediation": {"immediate_fix": "F" * 60_000},
        }
    )
    return AlertInput(
        kind=MessageKind.ALERT,
        task=TaskRef(
            key=TaskKey(big_id, big_id, big_id, 123, 1),
            link=tab_url(
                "http://localhost:8080", dag_id=big_id, run_id=big_id, task_id=big_id, map_index=123
            ),
        ),
        error=error,
        result=result,
        status="succeeded",
        seen_before=SeenBefore(
            count=999, days=7, last_at=datetime.fromisoformat("2026-11-21T00:00:00+00:00"), last_run_id=big_id
        ),
        incident=IncidentSummary(
            occurrences=500, tasks=500, dags=40, first_at=datetime.fromisoformat("2026-11-22T00:00:00+00:00")
        ),
        mentions=tuple(f"@team-{i}" for i in range(60)),
        escalation=tuple("E" * 300 for _ in range(20)),
        evidence=tuple(EvidenceLine(f"E{i}:L{i * 1000}", "<&>" * 5000) for i in range(40)),
    )


CASES: dict[str, AlertInput] = {
    p.stem: load_input(json.loads(p.read_text())) for p in sorted(INPUTS.glob("*.json"))
}
CASES["huge_error"] = huge_input()


def _texts(node: Any) -> list[str]:
    """Every string Slack parses as mrkdwn (``plain_text`` objects are shown literally)."""
    out: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "plain_text":
            return out
        for value in node.values():
            out.extend(_texts(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_texts(value))
    elif isinstance(node, str):
        out.append(node)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    message = build_message(CASES[name])
    golden = FIXTURES / f"{name}.json"
    rendered = json.dumps(message.payload(), indent=2, ensure_ascii=False) + "\n"
    if UPDATE:
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1"
    assert json.loads(golden.read_text(encoding="utf-8")) == message.payload()


@pytest.mark.parametrize("name", sorted(CASES))
def test_slack_limits(name: str) -> None:
    message = build_message(CASES[name])
    assert 0 < len(message.blocks) <= MAX_BLOCKS
    assert 0 < len(message.text) <= MAX_FALLBACK_CHARS
    for block in message.blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_CHARS
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= MAX_SECTION_CHARS
            for f in block.get("fields", []):
                assert len(f["text"]) <= 2000
            assert len(block.get("fields", [])) <= 10
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= MAX_SECTION_CHARS for e in block["elements"])
        if block["type"] == "actions":
            for el in block["elements"]:
                assert len(el["url"]) <= 3000
                assert len(el["text"]["text"]) <= 75
        assert len(block["block_id"]) <= 255
    assert len({b["block_id"] for b in message.blocks}) == len(message.blocks)


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_secret_and_no_raw_control_sequences(name: str) -> None:
    message = build_message(CASES[name])
    dumped = json.dumps(message.payload())
    for secret in SECRETS:
        assert secret not in dumped
    for text in _texts(message.payload()):
        # The only angle-bracket sequences we emit are our own dates, links and configured mentions.
        for seq in re.findall(r"<([^>]*)>", text):
            assert seq.startswith(("!date^", "http", "@U", "!subteam^", "!here", "!channel")), seq


def test_hostile_content_is_inert() -> None:
    message = build_message(CASES["hostile"])
    texts = "\n".join(_texts(message.payload()))
    assert "<!channel>" not in texts.replace("cc <!channel>", "")  # only the configured mention pings
    assert "&lt;!channel&gt;" in texts  # the log's attempt is shown, escaped
    assert "<@U0ADMIN>" not in texts and "&lt;@U0ADMIN&gt;" in texts
    assert "<@U0EVIL>" not in texts
    assert "<https://evil.example|click here>" not in texts
    assert "&lt;script&gt;" in texts and "<script>" not in texts
    error = next(b for b in message.blocks if b["block_id"] == "error")["text"]["text"]
    assert error.startswith("*Error*\n```\n") and error.endswith("\n```")
    assert error.count("```") == 2  # the log's fences cannot close ours
    fix = next(b for b in message.blocks if b["block_id"] == "fix")["text"]["text"]
    assert fix.count("```") == 2  # a fix's code block cannot be closed by its content either


def test_huge_error_is_capped_and_still_useful() -> None:
    message = build_message(CASES["huge_error"])
    error = next(b for b in message.blocks if b["block_id"] == "error")["text"]["text"]
    assert len(error) < MAX_ERROR_CHARS * 5 + 40
    assert "line 0:" in error and error.rstrip("`\n").endswith("…")
    root = next(b for b in message.blocks if b["block_id"] == "root_cause")["text"]["text"]
    assert "55% confidence" in root
    assert any(b["type"] == "actions" for b in message.blocks)


def test_clean_never_splits_an_entity() -> None:
    for n in range(1, 40):
        out = clean("&" * 100, n + 1)
        assert len(out) <= n + 1
        assert re.fullmatch(r"(&amp;)*…?", out), out


def test_short_error_keeps_first_lines() -> None:
    assert short_error("a\n\n b \nc\nd\ne\nf") == "a\n b\nc\nd…"
    assert short_error("") == ""
    assert len(short_error("x" * 10_000)) == MAX_ERROR_CHARS


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("U0123ABCD", "<@U0123ABCD>"),
        ("@W0123ABCD", "<@W0123ABCD>"),
        ("S0DATAQUAL1", "<!subteam^S0DATAQUAL1>"),
        ("subteam^S0DATAQUAL1", "<!subteam^S0DATAQUAL1>"),
        ("@here", "<!here>"),
        ("channel", "<!channel>"),
        ("alice", "@alice"),
        ("@data-quality", "@data-quality"),
        ("#data-quality", "#data-quality"),
        ("<!everyone>", "@&lt;!everyone&gt;"),
        ("  ", ""),
    ],
)
def test_format_mention(mention: str, expected: str) -> None:
    assert format_mention(mention) == expected


@pytest.mark.parametrize(
    ("map_index", "suffix"),
    [(-1, "/tasks/t%2Fx/plugin/investigation"), (0, "/tasks/t%2Fx/mapped/0/plugin/investigation")],
)
def test_tab_url(map_index: int, suffix: str) -> None:
    url = tab_url(
        "http://h:8080/airflow/",
        dag_id="d",
        run_id="manual__2026-01-01T00:00:00+00:00",
        task_id="t/x",
        map_index=map_index,
    )
    assert url == "http://h:8080/airflow/dags/d/runs/manual__2026-01-01T00%3A00%3A00%2B00%3A00" + suffix


def test_payload_shape() -> None:
    message = SlackMessage(text="t", blocks=[{"type": "divider"}])
    assert message.payload() == {"text": "t", "blocks": [{"type": "divider"}]}
