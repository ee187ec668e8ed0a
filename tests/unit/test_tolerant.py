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
    json_object,
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
