from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from engine_builders import FixedRule, make_bundle

from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.fingerprint import (
    CachedInvestigation,
    error_signature,
    fingerprint,
    normalise,
    reusable_investigation,
)
from airflow_pipeline_debugger.engine.rules import run_rules

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Executor 12 lost at 2024-05-01T10:22:33Z", "Executor 7 lost at 2025-01-09T01:02:03.5+02:00"),
        ("File /opt/dags/a/x.py line 42", "File /home/u/dags/y.py line 7"),
        ("id 123e4567-e89b-12d3-a456-426614174000", "id 00000000-0000-0000-0000-000000000000"),
        ("ptr 0xdeadbeef hash a1b2c3d4e5f6", "ptr 0x1 hash 0f0f0f0f0f0f0f0f"),
        ("application_1700000000_0042 failed on 10.0.0.1:7077", "application_1_2 failed on 192.168.1.9:8080"),
        ("GET https://x.io/a?id=1 refused", "GET http://y.org/b refused"),
    ],
)
def test_run_specific_parts_are_normalised(a, b):
    assert normalise(a) == normalise(b)


def test_meaningful_words_survive():
    assert "amount_usd" in normalise('column "amount_usd" does not exist')
    assert normalise("KeyError: 'region'") != normalise("KeyError: 'country'")


def _result(bundle):
    return investigate(bundle, run_rules(bundle, [FixedRule()]))


def test_same_failure_on_another_run_has_the_same_fingerprint():
    a = make_bundle(error_type="Py4JJavaError", error_message="o123.save failed at 2024-01-01 10:00:00")
    b = make_bundle(error_type="Py4JJavaError", error_message="o987.save failed at 2025-02-02 11:11:11")
    assert fingerprint(a, _result(a)) == fingerprint(b, _result(b))
    c = make_bundle(error_type="Py4JJavaError", error_message="o1.write failed")
    assert fingerprint(a, _result(a)) != fingerprint(c, _result(c))


def test_signature_falls_back_to_first_error_line():
    assert "OutOfMemoryError" in error_signature(make_bundle())


class TestReuse:
    def lookup(self, store):
        def find(fp, since):
            hit = store.get(fp)
            return hit if hit and hit.created_at >= since else None

        return find

    def test_recent_hit_is_reused(self):
        bundle = make_bundle()
        result = _result(bundle)
        hit = CachedInvestigation("inv-1", NOW - timedelta(hours=2), result)
        got = reusable_investigation("fp", self.lookup({"fp": hit}), window_hours=24, now=NOW)
        assert got is hit

    def test_stale_or_missing_or_disabled_is_not_reused(self):
        result = _result(make_bundle())
        old = CachedInvestigation("inv-1", NOW - timedelta(hours=30), result)
        assert reusable_investigation("fp", self.lookup({"fp": old}), window_hours=24, now=NOW) is None
        assert reusable_investigation("fp", self.lookup({}), window_hours=24, now=NOW) is None
        assert reusable_investigation("fp", self.lookup({"fp": old}), window_hours=0, now=NOW) is None
        assert reusable_investigation("fp", None, window_hours=24, now=NOW) is None

    def test_lookup_returning_an_old_row_is_still_rejected(self):
        old = CachedInvestigation("inv-1", NOW - timedelta(days=3), _result(make_bundle()))
        assert reusable_investigation("fp", lambda fp, since: old, window_hours=24, now=NOW) is None
