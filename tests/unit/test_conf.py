"""The configuration module and the provider-info declaration describe the same options."""

from __future__ import annotations

import inspect
import json
from importlib.resources import files
from typing import Any, get_type_hints

import jsonschema
import pytest

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.provider_info import OPTIONS, SECTION, get_provider_info

#: provider-info type -> the Python types its accessor may return
ACCEPTED_RETURNS: dict[str, tuple[object, ...]] = {
    "boolean": (bool,),
    "integer": (int,),
    "float": (float,),
    "string": (str, tuple[str, ...], dict[str, dict[str, Any]]),
}


def _accessors() -> dict[str, object]:
    """Public functions whose docstring claims to read one option."""
    found = {}
    for name, fn in inspect.getmembers(conf, inspect.isfunction):
        if fn.__module__ == conf.__name__ and (fn.__doc__ or "").startswith(f"[{SECTION}] "):
            found[name] = fn
    return found


def _env(option: str) -> str:
    return f"AIRFLOW__{SECTION.upper()}__{option.upper()}"


@pytest.fixture(autouse=True)
def _no_option_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for option in OPTIONS:
        monkeypatch.delenv(_env(option), raising=False)


def test_every_option_has_an_accessor_and_every_accessor_an_option() -> None:
    accessors = _accessors()
    assert sorted(set(OPTIONS) - set(accessors)) == [], "declared options without accessor"
    assert sorted(set(accessors) - set(OPTIONS)) == [], "accessors without declared option"


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_accessor_docstring_and_return_type_match_declaration(option: str) -> None:
    fn = getattr(conf, option)
    assert fn.__doc__ == f"[{SECTION}] {option}."
    returns = get_type_hints(fn, globalns=vars(conf))["return"]
    kind = OPTIONS[option]["type"]
    assert returns in ACCEPTED_RETURNS[kind], f"{option}: {kind} option returns {returns}"


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_default_parses_and_is_a_string(option: str) -> None:
    declared = OPTIONS[option]
    assert isinstance(declared["default"], str)
    assert declared["description"].strip()
    assert declared["version_added"] == "0.1.0"
    value = getattr(conf, option)()
    if declared["type"] == "boolean":
        assert value is (declared["default"] == "True")
    elif declared["type"] in ("integer", "float"):
        assert value == float(declared["default"])


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_example_is_a_valid_value(option: str, monkeypatch: pytest.MonkeyPatch) -> None:
    example = OPTIONS[option]["example"]
    assert example is not None, f"{option} has no example"
    monkeypatch.setenv(_env(option), example)
    getattr(conf, option)()


def test_environment_is_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    assert conf.runner_concurrency() == 2
    monkeypatch.setenv(_env("runner_concurrency"), "7")
    assert conf.runner_concurrency() == 7
    monkeypatch.setenv(_env("enabled"), "false")
    assert conf.enabled() is False


def test_comma_lists_drop_blanks_and_whitespace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_env("log_roots"), " /a , ,/b/c,")
    assert conf.log_roots() == ("/a", "/b/c")
    assert conf.dbt_artifact_roots() == ()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("enabled", "maybe", "[pipeline_debugger] enabled: 'maybe' is not a boolean"),
        ("runner_concurrency", "two", "[pipeline_debugger] runner_concurrency: 'two' is not an integer"),
        ("runner_concurrency", "0", "runner_concurrency: 0 is below the minimum 1"),
        ("llm_timeout_seconds", "nan", "llm_timeout_seconds: nan is below the minimum"),
        ("handoff_settle_seconds", "soon", "handoff_settle_seconds: 'soon' is not a number"),
        ("heuristic_params", "{not json", "heuristic_params: invalid JSON at line 1 column 2"),
        ("heuristic_params", "[1, 2]", "heuristic_params: expected a JSON object, got list"),
        ("heuristic_params", '{"a": ' + "[" * 100_000, "heuristic_params: invalid JSON: nested too deeply"),
        ("heuristic_params", "\x01\x02binary", "heuristic_params: invalid JSON at line 1 column 1"),
        ("heuristic_params", '{"spark.spill": 3}', "the value for 'spark.spill' must be a JSON object"),
        ("log_roots", "/a\n/b", "log_roots: separate items with commas"),
    ],
)
def test_bad_values_name_the_option(
    option: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_env(option), value)
    with pytest.raises(conf.ConfigError) as err:
        getattr(conf, option)()
    assert message in str(err.value)
    assert err.value.option == option


def test_heuristic_params_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    assert conf.heuristic_params() == {}
    monkeypatch.setenv(_env("heuristic_params"), '{"spark.gc_pressure": {"gc_fraction": "0.1,0.2,0.3,0.4"}}')
    assert conf.heuristic_params() == {"spark.gc_pressure": {"gc_fraction": "0.1,0.2,0.3,0.4"}}


def test_provider_info_validates_against_airflow_schema() -> None:
    schema = json.loads(files("airflow").joinpath("provider_info.schema.json").read_text())
    info = get_provider_info()
    jsonschema.validate(info, schema)
    assert info["package-name"] == "airflow-pipeline-debugger"
    assert info["db-managers"] == ["airflow_pipeline_debugger.store.db_manager.PipelineDebuggerDBManager"]
    assert info["notifications"] == ["airflow_pipeline_debugger.notify.notifier.InvestigationSlackNotifier"]
    assert set(info["config"][SECTION]["options"]) == set(OPTIONS)


def test_option_schema_rejects_a_bad_type() -> None:
    """The schema check above can fail: a wrong option type is refused."""
    schema = json.loads(files("airflow").joinpath("provider_info.schema.json").read_text())
    info = get_provider_info()
    info["config"][SECTION]["options"]["enabled"]["type"] = "bool"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(info, schema)


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_default_survives_airflow_default_formatting(option: str) -> None:
    """Airflow runs ``default.format(**vars)`` on provider defaults; a brace breaks every component."""
    default = OPTIONS[option]["default"]
    assert default.format() == default


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected"),
        ('{"m": {"input": -1, "output": 2}}', "non-negative numbers"),
        ('{"m": {"input": "3"}}', "non-negative numbers"),
        ('{"m": 3}', "non-negative numbers"),
    ],
)
def test_a_bad_price_table_is_a_clear_error(value: str, message: str) -> None:
    with pytest.raises(conf.ConfigError, match=message):
        conf.parse_prices("llm_prices", value)


def test_the_price_table_reads_usd_per_million_tokens() -> None:
    assert conf.parse_prices("llm_prices", "") == {}
    assert conf.parse_prices("llm_prices", '{"claude-x": {"input": 3, "output": 15.5}}') == {
        "claude-x": (3.0, 15.5)
    }
