"""The Hyperscan prefilter and the multi-pass ``bytes.find`` fallback find the same things.

Both choose candidate lines before any regex runs; a line one of them missed would be a missed
signal. The same log (every built-in pattern's example shapes, noise, a JSON task-log line) is
scanned both ways and the results must agree line for line.
"""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.adapters.registry import all_adapters
from airflow_pipeline_debugger.evidence import logscan

LOG = "\n".join(
    [
        "26/03/01 02:00:01 INFO BlockManagerInfo: Added broadcast_7_piece0 in memory on 10.0.0.1:4040",
        "[2026-03-01T02:00:02+0000] {taskinstance.py:1} INFO - Processing batch 3 rows=10",
        "26/03/01 02:00:03 WARN TaskSetManager: Lost task 7.0 in stage 3.0 (TID 42) (10.0.0.9 executor 4): "
        "java.lang.OutOfMemoryError: Java heap space",
        "Traceback (most recent call last):",
        '  File "/opt/airflow/dags/etl.py", line 42, in transform',
        "KeyError: 'customer_id'",
        "airflow.sdk.exceptions.AirflowNotFoundException: The conn_id `warehouse_db` isn't defined",
        "OSError: [Errno 28] No space left on device",
        "urllib.error.HTTPError: HTTP Error 503: Service Unavailable",
        '{"timestamp":"2026-03-01T03:00:00Z","level":"critical","event":"Process terminated by signal. '
        'Likely out of memory error (OOM).","signal":-9,"signal_name":"SIGKILL","logger":"task"}',
        "Could not execute broadcast in 300 secs.",
        "INFO all done",
    ]
)


def scan(monkeypatch: pytest.MonkeyPatch, with_automaton: bool) -> logscan.ScanResult:
    if not with_automaton:
        monkeypatch.setattr(logscan, "_hyperscan", None)
    scanner = logscan.LogScanner([p for a in all_adapters() for p in a.patterns])
    assert (scanner._automaton is not None) is with_automaton
    return scanner.scan_text(LOG * 3)


def test_both_prefilters_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same hits, counts, first/last error and excerpt with and without the automaton."""
    pytest.importorskip("hyperscan")
    fast = scan(monkeypatch, with_automaton=True)
    slow = scan(monkeypatch, with_automaton=False)
    assert [(h.code, h.line_no) for h in fast.hits] == [(h.code, h.line_no) for h in slow.hits]
    assert fast.counts == slow.counts
    assert (fast.error_count, fast.warning_count) == (slow.error_count, slow.warning_count)
    assert fast.first_error == slow.first_error and fast.last_error == slow.last_error
    assert fast.excerpt == slow.excerpt
    assert {
        "airflow.sigkill",
        "airflow.missing_connection",
        "generic.disk_full",
        "spark.broadcast_timeout",
    } <= set(fast.counts)


def test_info_broadcast_lines_are_not_candidates() -> None:
    """A Spark "Added broadcast_N" INFO line carries no anchor (it used to match every such line)."""
    scanner = logscan.LogScanner([p for a in all_adapters() for p in a.patterns])
    line = b"26/03/01 02:00:01 INFO BlockManagerInfo: Added broadcast_7_piece0 in memory on 10.0.0.1:4040"
    assert not [a for a in scanner.anchors if a in line]
