"""Worker capture: what it records, how it encodes, how the runner reads it back, and hostile input."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.environment import CAPTURE_MARKER
from airflow_pipeline_debugger.trigger import capture as cap
from airflow_pipeline_debugger.trigger.capture import (
    CAPTURE_LOGGER,
    MAX_RECORD_CHARS,
    CaptureFormatError,
    build_capture,
    capture_failure,
    dbt_paths,
    encode_record,
    find_capture,
    parse_record,
    spark_paths_from_command,
)


def _ti(**kw):
    base = {
        "dag_id": "d",
        "run_id": "r1",
        "task_id": "t",
        "map_index": -1,
        "try_number": 2,
        "max_tries": 1,
        "state": "failed",
        "hostname": "worker-1",
        "task": None,
    }
    base.update(kw)
    return SimpleNamespace(**base)


def _raise_chain() -> BaseException:
    try:
        try:
            raise KeyError("customer_id")
        except KeyError as inner:
            raise ValueError("could not join orders") from inner
    except ValueError as exc:
        return exc


@pytest.fixture(autouse=True)
def _fresh_dedupe(monkeypatch):
    monkeypatch.setattr(cap, "_captured", set())


def test_build_capture_records_error_chain_and_traceback():
    error = _raise_chain()
    c = build_capture(_ti(), error, via="listener")
    assert c.key == TaskKey("d", "r1", "t", -1, 2)
    assert c.error_type == "ValueError"
    assert c.error_message == "could not join orders"
    assert "Traceback" in c.traceback and "could not join orders" in c.traceback
    assert c.error_chain == ["KeyError: 'customer_id'"]
    assert c.state == "failed" and c.max_tries == 1 and c.hostname == "worker-1"
    assert c.capture_ms >= 0


def test_qualified_error_type_for_non_builtin():
    class LoaderError(Exception):
        pass

    c = build_capture(_ti(), LoaderError("x"), via="listener")
    assert c.error_type.endswith("LoaderError") and "." in c.error_type


def test_string_error_has_message_only():
    c = build_capture(_ti(), "Executor reported failure", via="listener")
    assert c.error_type == "" and c.error_message == "Executor reported failure" and c.traceback == ""


def test_long_message_and_traceback_are_capped():
    c = build_capture(_ti(), RuntimeError("x" * 50_000), via="listener")
    assert len(c.error_message) <= cap.MAX_MESSAGE_CHARS
    assert len(c.traceback) <= cap.MAX_TRACEBACK_CHARS


def test_record_roundtrip_is_one_ascii_line():
    error = RuntimeError("naïve\nsecond line \x00 <script>alert(1)</script>")
    c = build_capture(_ti(map_index=3), error, via="callback")
    line = encode_record(c)
    assert "\n" not in line and line.isascii() and line.startswith(CAPTURE_MARKER + " ")
    back = parse_record(line)
    assert back.key == c.key and back.error_message == c.error_message and back.via == "callback"
    assert back.to_json()["error"] == c.to_json()["error"]


def test_oversized_record_is_shrunk_below_the_reader_limit():
    c = build_capture(_ti(), RuntimeError("boom"), via="listener")
    c.traceback = "y" * cap.MAX_TRACEBACK_CHARS
    c.error_chain = ["z" * cap.MAX_MESSAGE_CHARS] * cap.MAX_CHAIN
    c.artifacts = {f"tool{i}": {"project_dir": "p" * cap.MAX_PATH_CHARS} for i in range(40)}
    line = encode_record(c)
    if len(line) > MAX_RECORD_CHARS:
        with pytest.raises(CaptureFormatError, match="above"):
            parse_record(line)
    else:
        assert parse_record(line).key == c.key


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (f"{CAPTURE_MARKER} {{not json", "no capture marker"),
        (f'{CAPTURE_MARKER} {{"v": 1, "key": 5}}', "no task key"),
        (f'{CAPTURE_MARKER} {{"v": 99}}', "unknown version"),
        (f'{CAPTURE_MARKER} {{"v": 1, "key": {{"dag_id": "d"}}, ', "no capture marker"),
        (f'{CAPTURE_MARKER} {{"v": 1, "key": {{}}}} trailing', "no capture marker"),
        (f'{CAPTURE_MARKER} {{"v": 1, "key": {{"dag_id":1}}}}', "no task key"),
        (f'{CAPTURE_MARKER} {{"a": "\\ud800" , "v": [1]}}', "unknown version"),
        (f"{CAPTURE_MARKER} " + "{" + '"a":' * 10 + "1}", "not valid JSON"),
        (CAPTURE_MARKER + ' {"x": "' + "a" * MAX_RECORD_CHARS + '"}', "above"),
    ],
)
def test_malformed_records_raise_a_clear_error(event, message):
    with pytest.raises(CaptureFormatError, match=message):
        parse_record(event)


def test_parse_ignores_wrong_types_inside_a_valid_record():
    raw = {
        "v": 1,
        "key": {"dag_id": "d", "run_id": "r", "task_id": "t", "map_index": "x", "try_number": True},
        "error": {"type": 5, "message": ["m"], "chain": "not-a-list"},
        "artifacts": {"dbt": {"project_dir": 7, "target_path": "/p/target"}, "bad": "x"},
        "pid": "12",
        "capture_ms": "fast",
    }
    c = parse_record(f"{CAPTURE_MARKER} {json.dumps(raw)}")
    assert c.key == TaskKey("d", "r", "t", -1, 0)
    assert c.error_type == "" and c.error_message == "" and c.error_chain == []
    assert c.artifacts == {"dbt": {"target_path": "/p/target"}}
    assert c.pid == 12 and c.capture_ms == 0.0


def test_find_capture_trusts_only_our_logger_and_this_try():
    key = TaskKey("d", "r1", "t", -1, 2)
    mine = encode_record(build_capture(_ti(), RuntimeError("real"), via="listener"))
    other_try = encode_record(build_capture(_ti(try_number=1), RuntimeError("old"), via="listener"))
    spoof = encode_record(build_capture(_ti(), RuntimeError("spoofed"), via="listener"))
    events = [
        ("plain line", "task"),
        (spoof, "task.stdout"),
        (other_try, CAPTURE_LOGGER),
        (f"{CAPTURE_MARKER} {{broken", CAPTURE_LOGGER),
        (mine, CAPTURE_LOGGER),
    ]
    found, problems = find_capture(events, key)
    assert found is not None and found.error_message == "real"
    assert len(problems) == 3
    assert any("task.stdout" in p for p in problems)


def test_find_capture_ignores_marker_lines_without_a_logger_name():
    """A record whose origin cannot be checked is not trusted, even a well-formed one for this try."""
    key = TaskKey("d", "r1", "t", -1, 2)
    line = encode_record(build_capture(_ti(), RuntimeError("x"), via="listener"))
    found, problems = find_capture([(line, None)], key)
    assert found is None
    assert problems == ["ignored a capture marker with no logger name: its origin cannot be checked"]


def test_capture_failure_writes_once_per_try(caplog):
    ti = _ti()
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_failure(ti, RuntimeError("a"), via="callback") is True
        assert capture_failure(ti, RuntimeError("a"), via="listener") is False
        assert capture_failure(_ti(try_number=3), RuntimeError("b"), via="listener") is True
    records = [r.getMessage() for r in caplog.records if r.name == CAPTURE_LOGGER]
    assert len(records) == 2
    assert parse_record(records[0]).via == "callback"


def test_capture_failure_never_raises_on_broken_task_instance(caplog):
    class Broken:
        @property
        def dag_id(self):
            raise RuntimeError("boom")

    assert capture_failure(Broken(), RuntimeError("x"), via="listener") is False


def test_dbt_paths_from_bash_command():
    assert dbt_paths("cd /repo/analytics && dbt run --select fct_orders") == {
        "project_dir": "/repo/analytics",
        "target_path": "/repo/analytics/target",
    }
    got = dbt_paths(
        "dbt build --project-dir=proj --target-path out --profiles-dir /etc/dbt", cwd="/srv", env={}
    )
    assert got == {"project_dir": "/srv/proj", "target_path": "/srv/proj/out", "profiles_dir": "/etc/dbt"}
    assert dbt_paths("/venv/bin/dbt test", env={"DBT_PROJECT_DIR": "/p", "DBT_TARGET_PATH": "/t"}) == {
        "project_dir": "/p",
        "target_path": "/t",
    }
    assert dbt_paths("echo dbtx && ls") == {}
    # unbalanced quotes must not raise
    assert dbt_paths("dbt run --project-dir '/a b") == {"project_dir": "'/a", "target_path": "'/a/target"}


def test_spark_event_log_from_command():
    cmd = (
        "spark-submit --master local[2] --conf spark.eventLog.enabled=true "
        "--conf spark.eventLog.dir=/tmp/ev job.py"
    )
    assert spark_paths_from_command(cmd) == {"event_log_dir": "/tmp/ev"}
    assert spark_paths_from_command("spark-submit -c spark.eventLog.dir=hdfs:///logs x.py") == {
        "event_log_dir": "hdfs:///logs"
    }
    assert spark_paths_from_command("spark-submit job.py") == {}
    assert spark_paths_from_command("python etl.py") == {}


def test_operator_artifacts_cosmos_and_spark_submit():
    cosmos = SimpleNamespace(project_dir="/dbt/jaffle", dag=None)
    c = build_capture(_ti(task=cosmos), RuntimeError("x"), via="listener")
    assert c.artifacts["dbt"] == {"project_dir": "/dbt/jaffle", "target_path": "/dbt/jaffle/target"}
    spark = SimpleNamespace(
        _conf={"spark.eventLog.dir": "/ev"},
        _hook=SimpleNamespace(_yarn_application_id="application_1_0001"),
    )
    c = build_capture(_ti(task=spark), RuntimeError("x"), via="listener")
    assert c.artifacts["spark"] == {"event_log_dir": "/ev", "app_id": "application_1_0001"}
    assert sorted(c.artifact_paths()) == ["/ev"]


def test_bash_operator_with_dbt_and_cwd():
    bash = SimpleNamespace(bash_command="dbt run", cwd="/proj", env={"X": "1"})
    c = build_capture(_ti(task=bash), RuntimeError("x"), via="listener")
    assert c.artifacts == {"dbt": {"project_dir": "/proj", "target_path": "/proj/target"}}
    assert sorted(c.artifact_paths()) == ["/proj", "/proj/target"]


def test_parsed_record_is_redacted_even_when_the_worker_did_not_redact():
    """A record written by an older worker (or forged) cannot carry a secret past the reader."""
    raw = {
        "v": 1,
        "key": {"dag_id": "d", "run_id": "r", "task_id": "t", "map_index": -1, "try_number": 1},
        "error": {
            "type": "OperationalError",
            "message": "cannot connect to postgresql://etl_loader:Zq8!vR2#pLm4@db/wh",
            "traceback": "Traceback ...\njdbc:postgresql://db/wh?password=Tr0ub4dor&3x",
            "chain": ["ValueError: password=Tr0ub4dor&3x"],
        },
    }
    c = parse_record(f"{CAPTURE_MARKER} {json.dumps(raw)}")
    text = c.error_message + c.traceback + "".join(c.error_chain)
    assert "Zq8!" not in text and "Tr0ub4dor" not in text and "3x" not in text
    assert "postgresql://etl_loader:***@db/wh" in c.error_message


def test_a_huge_exception_is_capped_before_it_is_redacted(monkeypatch):
    """Redaction in the task's process sees at most twice each cap, however long the message is."""
    seen: list[int] = []

    def recording_redact(text: str) -> str:
        seen.append(len(text))
        return text

    monkeypatch.setattr(cap, "redact_text", recording_redact)
    inner = ValueError("y" * 5_000_000)
    try:
        raise RuntimeError("x" * 5_000_000) from inner
    except RuntimeError as exc:
        c = build_capture(_ti(), exc, via="listener")
    assert seen and max(seen) <= 2 * cap.MAX_TRACEBACK_CHARS
    assert len(c.error_message) <= cap.MAX_MESSAGE_CHARS and len(c.traceback) <= cap.MAX_TRACEBACK_CHARS
    assert c.error_chain and len(c.error_chain[0]) <= cap.MAX_MESSAGE_CHARS + len("ValueError: ")
