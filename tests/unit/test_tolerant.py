"""The tolerant readers: a wrong type, a broken JSON line or an oversized text is "unknown" or cut."""

from __future__ import annotations

import math

import pytest

from airflow_pipeline_debugger.tolerant import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_number,
    as_str,
    cap_utf8,
    clip,
    json_line,
    json_object,
    plain_line,
    without_shipper_prefix,
)


@pytest.mark.parametrize(
    ("value", "text", "flag", "integer", "real", "number"),
    [
        ("x", "x", None, None, None, None),
        ("12.5", "12.5", None, None, None, 12.5),
        (True, "", True, None, None, None),
        (3, "", None, 3, 3.0, 3.0),
        (3.0, "", None, 3, 3.0, 3.0),
        (3.5, "", None, None, 3.5, 3.5),
        (math.inf, "", None, None, None, None),
        ("nan", "nan", None, None, None, None),
        (None, "", None, None, None, None),
        ([1], "", None, None, None, None),
    ],
)
def test_scalars(value, text, flag, integer, real, number) -> None:
    assert (as_str(value), as_bool(value), as_int(value), as_float(value), as_number(value)) == (
        text,
        flag,
        integer,
        real,
        number,
    )


def test_containers() -> None:
    assert as_dict({"a": 1}) == {"a": 1} and as_dict([("a", 1)]) == {} and as_dict(None) == {}
    assert as_list([1]) == [1] and as_list((1,)) == [] and as_list("ab") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"event": "x"}', {"event": "x"}),
        ("[1, 2]", None),
        ('{"event": "x"', None),  # truncated
        ('{"event": "Binder\tError"}', {"event": "Binder\tError"}),  # a raw tab an editor put in
        ("\x00\xff binary", None),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, None),  # nested past the parser's recursion limit
        ("", None),
    ],
)
def test_json_object(text: str, expected) -> None:
    assert json_object(text) == expected


@pytest.mark.parametrize("limit", [0, 1, 5, 30, 100])
def test_clip_never_exceeds_the_limit(limit: int) -> None:
    text = "x" * 1_000
    out = clip(text, limit)
    assert len(out) <= limit
    if limit >= 30:
        assert out.endswith("… [cut from 1000 characters]")
    assert clip("short", limit + 5) == "short"


def test_cap_utf8_cuts_on_a_character_boundary() -> None:
    assert cap_utf8("héllo", 100) == ("héllo", False)
    text, cut = cap_utf8("é" * 10, 5)  # two bytes each: the half character is dropped
    assert (text, cut) == ("éé", True)
    assert cap_utf8("abc", 0) == ("", True)


@pytest.mark.parametrize(
    ("text", "unprefixed", "json"),
    [
        # kubectl logs --timestamps (RFC 3339 with nanoseconds) before a JSON record and a traceback line.
        ('2026-12-06T13:19:44.123456789Z {"level":"ERROR"}', '{"level":"ERROR"}', '{"level":"ERROR"}'),
        ("2026-12-06T13:19:44.1Z py4j.protocol.Py4JJavaError: x", "py4j.protocol.Py4JJavaError: x", None),
        # kubectl logs --prefix --timestamps; docker logs -t with an offset.
        ('[pod/driver-abc/spark] 2026-12-06T13:19:44Z {"a": 1}', '{"a": 1}', '{"a": 1}'),
        ("2026-12-06T13:19:44+00:00 ERROR x", "ERROR x", None),
        # Distractors: log4j's and Airflow 2's own times, and a time inside the line, stay.
        ("26/12/06 13:19:44 ERROR Executor: x", "26/12/06 13:19:44 ERROR Executor: x", None),
        ("[2026-12-06, 13:19:46 UTC] {taskinstance.py:2905} ERROR - x", None, None),
        ("2026-12-06 13:19:44,123 ERROR x", None, None),
        ("ERROR at 2026-12-06T13:19:44Z: x", None, None),
        ('{"ts": "2026-12-06T13:19:44Z"}', None, '{"ts": "2026-12-06T13:19:44Z"}'),
    ],
)
def test_shipper_prefix(text: str, unprefixed: str | None, json: str | None) -> None:
    assert without_shipper_prefix(text) == (text if unprefixed is None else unprefixed)
    assert json_line(text) == (text if json is None else json)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("\x1b[91mPy4JJavaError\x1b[39m: An error occurred", "Py4JJavaError: An error occurred"),
        (
            "\x1b[0m13:22:33  \x1b[31mFailure in model fct_orders\x1b[0m",
            "13:22:33  Failure in model fct_orders",
        ),
        ("\x1b[38;5;204mfrom\x1b[39m py4j", "from py4j"),
        ("\x1b]8;;https://example.com\x1b\\docs\x1b]8;;\x1b\\ here", "docs here"),  # OSC 8 hyperlink
        ("2026-12-06T13:19:44Z \x1b[91mKeyError\x1b[39m: 'id'", "KeyError: 'id'"),
        # Distractors: brackets that are text, not control sequences, stay.
        ("[91m] is not a colour without ESC", "[91m] is not a colour without ESC"),
        ("ValueError: bad row [0;31m", "ValueError: bad row [0;31m"),
    ],
)
def test_plain_line(text: str, plain: str) -> None:
    assert plain_line(text) == plain
