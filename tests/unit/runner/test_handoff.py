"""Reading the capture back out of a task log: spooling, filtering, waiting only while a record can come."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.lines import logs_tab_line
from airflow_pipeline_debugger.runner import handoff
from airflow_pipeline_debugger.runner.handoff import read_task_log, spool_log
from airflow_pipeline_debugger.trigger.capture import CAPTURE_LOGGER, build_capture, encode_record

KEY = TaskKey("d", "r", "t", -1, 1)


class Msg:
    """Shaped like Airflow's StructuredLogMessage (pydantic, extra fields allowed)."""

    def __init__(self, event, **extra):
        self.event = event
        self.model_extra = extra

    def model_dump_json(self):
        return json.dumps({"event": self.event, **self.model_extra})


def _record(**kw):
    ti = SimpleNamespace(
        dag_id="d",
        run_id="r",
        task_id="t",
        map_index=-1,
        try_number=1,
        max_tries=0,
        state="failed",
        hostname="h",
        task=None,
    )
    for k, v in kw.items():
        setattr(ti, k, v)
    return encode_record(build_capture(ti, ValueError("bad rows"), via="listener"))


def test_spool_removes_capture_and_keeps_the_rest(tmp_path):
    messages = [
        Msg("start", logger="task"),
        Msg("Task failed with exception", logger="task", level="error"),
        Msg(_record(), logger=CAPTURE_LOGGER, level="warning"),
        "a plain string line",
    ]
    got = spool_log(messages, KEY, tmp_path)
    lines = got.path.read_text().splitlines()
    assert len(lines) == 3 and got.messages == 3
    assert all("PIPELINE_DEBUGGER" not in line for line in lines)
    assert json.loads(lines[2]) == {"event": "a plain string line"}
    assert got.capture is not None and got.capture.error_message == "bad rows"
    got.cleanup()
    assert not list(tmp_path.iterdir())


def test_each_spooled_line_knows_its_number_in_airflows_logs_tab(tmp_path):
    """The tab numbers records from 0 and skips group markers; the copy drops the capture record."""
    messages = [
        "::group::Log message source details",  # the log reader's own header group
        "/logs/dag_id=d/attempt=1.log",  # tab line 0
        "::endgroup::",
        Msg("::group::Pre Execute", logger="task"),
        Msg("DAG bundles loaded", logger="task"),  # 1
        Msg("::endgroup::", logger="task"),
        Msg("Task failed with exception", logger="task", level="error"),  # 2
        Msg("::group::Post Execute", logger="task"),
        Msg(_record(), logger=CAPTURE_LOGGER),  # 3, not in the copy
        Msg("after the record", logger="task"),  # 4
        Msg("::endgroup::", logger="task"),
    ]
    got = spool_log(messages, KEY, tmp_path)
    events = [json.loads(line)["event"] for line in got.path.read_text().splitlines()]
    summary = {"logs_tab_map": got.logs_tab_map}
    numbers = {event: logs_tab_line(summary, no) for no, event in enumerate(events, start=1)}
    assert numbers == {
        "::group::Log message source details": None,
        "/logs/dag_id=d/attempt=1.log": 0,
        "::endgroup::": None,
        "::group::Pre Execute": None,
        "DAG bundles loaded": 1,
        "Task failed with exception": 2,
        "::group::Post Execute": None,
        "after the record": 4,
    }


def test_logs_tab_numbers_survive_the_cut_of_a_huge_log(tmp_path):
    """The lines after the "left out" notice keep the tab's numbers; the notice has none."""
    messages = (Msg(f"line {i:06d} " + "x" * 80, logger="task") for i in range(10_000))
    got = spool_log(messages, KEY, tmp_path, max_bytes=40_000)
    events = [json.loads(line)["event"] for line in got.path.read_text().splitlines()]
    summary = {"logs_tab_map": got.logs_tab_map}
    for no, event in enumerate(events, start=1):
        expected = int(event[5:11]) if event.startswith("line ") else None
        assert logs_tab_line(summary, no) == expected, event[:40]
    assert len(got.logs_tab_map) == 2


@pytest.mark.parametrize(
    "summary", [None, {}, {"logs_tab_map": "x"}, {"logs_tab_map": [[1, 2]]}, {"logs_tab_map": [["1", 0, 3]]}]
)
def test_evidence_without_a_usable_logs_tab_map_has_no_tab_numbers(summary):
    assert logs_tab_line(summary, 1) is None


def test_spoofed_and_foreign_records_are_reported_not_used(tmp_path):
    messages = [
        Msg(_record(), logger="task.stdout"),
        Msg(_record(try_number=2), logger=CAPTURE_LOGGER),
        Msg('PIPELINE_DEBUGGER_CAPTURE_V1 {"v": 1,', logger=CAPTURE_LOGGER),
    ]
    got = spool_log(messages, KEY, tmp_path)
    assert got.capture is None and len(got.problems) == 3 and got.messages == 0


def test_hostile_bytes_in_events_survive_as_json(tmp_path):
    got = spool_log([Msg("\x00\udcff<script>alert(1)</script>\u202e", logger="task")], KEY, tmp_path)
    (line,) = got.path.read_text().splitlines()
    assert "script" in json.loads(line)["event"]


def _reader(monkeypatch, batches):
    calls = []

    class Reader:
        def read_log_chunks(self, ti, try_number, metadata):
            calls.append(try_number)
            batch = batches[min(len(calls) - 1, len(batches) - 1)]
            if isinstance(batch, Exception):
                raise batch
            return iter(batch), {"end_of_log": True}

    import airflow.utils.log.log_reader as log_reader

    monkeypatch.setattr(log_reader, "TaskLogReader", Reader)
    return calls


def test_rereads_at_growing_intervals_until_the_record_arrives(monkeypatch, tmp_path):
    quiet = [Msg("x", logger="task")]
    calls = _reader(monkeypatch, [quiet, quiet, [*quiet, Msg(_record(), logger=CAPTURE_LOGGER)]])
    now = datetime(2026, 1, 1, 12, 0, 5, tzinfo=UTC)
    slept = []
    ti = SimpleNamespace(end_date=now - timedelta(seconds=2))
    got = read_task_log(ti, KEY, tmp_path, settle_s=10, now=lambda: now, sleep=slept.append)
    assert got.capture is not None and calls == [1, 1, 1]
    assert slept == [handoff.FIRST_POLL_S, 2 * handoff.FIRST_POLL_S]
    assert len(list(tmp_path.iterdir())) == 1  # the earlier copies were cleaned up


def test_waiting_stops_when_the_settle_time_is_over(monkeypatch, tmp_path):
    """No record and no end in the log: pauses grow to the cap, the last one ends at the deadline."""
    calls = _reader(monkeypatch, [[Msg("x", logger="task")]])
    clock = [datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += timedelta(seconds=seconds)

    ti = SimpleNamespace(end_date=clock[0] - timedelta(seconds=1))
    got = read_task_log(ti, KEY, tmp_path, settle_s=10, now=lambda: clock[0], sleep=sleep)
    assert got.capture is None and not got.finished
    assert sum(slept) == pytest.approx(9.0) and max(slept) == handoff.MAX_POLL_S
    assert slept[:3] == [0.25, 0.5, 1.0] and len(calls) == len(slept) + 1


POST_EXECUTE_CLOSED = [
    Msg("Task failed with exception", logger="task", level="error"),
    Msg("::group::Post Execute", logger="task"),
    Msg("::endgroup::", logger="task"),
]
PROCESS_KILLED = [
    Msg("::endgroup::", logger="task"),  # closes Pre Execute: not the end of the task
    Msg(
        "Process terminated by signal. Likely out of memory error (OOM). For more information, see "
        "https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html",
        logger="task",
        level="critical",
        signal=-9,
    ),
]


@pytest.mark.parametrize("messages", [POST_EXECUTE_CLOSED, PROCESS_KILLED], ids=["finalized", "killed"])
def test_a_log_that_shows_the_end_of_the_task_is_not_waited_for(monkeypatch, tmp_path, messages):
    """finalize() closed its group (the record would be above) or the process died: no record will come."""
    calls = _reader(monkeypatch, [messages])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    got = read_task_log(
        SimpleNamespace(end_date=now), KEY, tmp_path, settle_s=10, now=lambda: now, sleep=pytest.fail
    )
    assert got.finished and got.capture is None and calls == [1]


def test_an_end_group_outside_post_execute_is_not_the_end(tmp_path):
    got = spool_log([Msg("::endgroup::", logger="task"), Msg("still running", logger="task")], KEY, tmp_path)
    assert not got.finished


def test_no_wait_for_an_old_failure(monkeypatch, tmp_path):
    calls = _reader(monkeypatch, [[Msg("x", logger="task")]])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    got = read_task_log(
        SimpleNamespace(end_date=now - timedelta(hours=1)),
        KEY,
        tmp_path,
        settle_s=10,
        now=lambda: now,
        sleep=pytest.fail,
    )
    assert got.capture is None and calls == [1] and got.messages == 1


def test_unreadable_log_is_an_error_not_an_exception(monkeypatch, tmp_path):
    _reader(monkeypatch, [ConnectionError("log server down")])
    got = read_task_log(SimpleNamespace(end_date=None), KEY, tmp_path, settle_s=10)
    assert got.path is None and "log server down" in got.error


def test_cancelled_investigation_does_not_wait(monkeypatch, tmp_path):
    _reader(monkeypatch, [[Msg("x", logger="task")]])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    got = read_task_log(
        SimpleNamespace(end_date=now),
        KEY,
        tmp_path,
        settle_s=10,
        now=lambda: now,
        sleep=pytest.fail,
        cancelled=lambda: True,
    )
    assert got.capture is None


def test_spool_of_a_huge_log_keeps_head_and_tail_within_the_cap(tmp_path):
    """Past ``max_bytes`` the copy keeps its head, a line saying what was left out, and its tail."""
    messages = (Msg(f"line {i:06d} " + "x" * 80, logger="task") for i in range(10_000))
    got = spool_log(messages, KEY, tmp_path, max_bytes=40_000)
    lines = got.path.read_text().splitlines()
    assert got.path.stat().st_size <= 40_000 + 500
    assert got.messages == 10_000 and got.omitted_bytes > 0
    events = [json.loads(line)["event"] for line in lines]
    assert events[0].startswith("line 000000") and events[-1].startswith("line 009999")
    (notice,) = [e for e in events if "left out here" in e]
    assert "log_scan_max_bytes" in notice


def test_spool_drops_foreign_capture_markers_without_keeping_them(tmp_path):
    """A task printing the marker 10 000 times: bounded problems, and the real record still wins."""
    spam = (Msg(_record(), logger="task.stdout") for _ in range(10_000))
    got = spool_log([*spam, Msg(_record(), logger=CAPTURE_LOGGER)], KEY, tmp_path)
    assert got.capture is not None
    assert len(got.problems) <= 25
    assert any("9980 more capture marker(s)" in p for p in got.problems)


def test_a_record_without_a_logger_name_is_not_trusted(tmp_path):
    """A plain-text line carrying a well-formed record for this try cannot prove its origin: ignored."""
    got = spool_log(["start", _record(), Msg(_record(), logger=None)], KEY, tmp_path)
    assert got.capture is None
    assert got.problems == ["ignored a capture marker with no logger name: its origin cannot be checked"] * 2
