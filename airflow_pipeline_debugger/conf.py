"""Typed access to ``[pipeline_debugger]``: one function per option declared in provider_info.

Values are read at call time (airflow.cfg or ``AIRFLOW__PIPELINE_DEBUGGER__<OPTION>``), never at
import, so a changed environment is seen without re-importing and importing this module costs
nothing. The declared default is the fallback, so the accessors work even before Airflow has
loaded provider configuration. A bad value raises :class:`ConfigError` naming the option.

Adding an option: declare it in :data:`airflow_pipeline_debugger.provider_info.OPTIONS` and add its
accessor here; ``tests/unit/test_conf.py`` fails until both exist and their types agree.
"""

from __future__ import annotations

import json
import os
import sys
from configparser import ConfigParser
from configparser import Error as ConfigParserError
from pathlib import Path
from typing import Any

from airflow_pipeline_debugger.provider_info import OPTIONS, SECTION

_TRUE = frozenset({"true", "t", "1", "yes", "y", "on"})
_FALSE = frozenset({"false", "f", "0", "no", "n", "off"})


class ConfigError(ValueError):
    """An option's value cannot be used; the message names ``[pipeline_debugger] <option>``."""

    def __init__(self, option: str, message: str) -> None:
        """Prefix ``message`` with the option's full name."""
        super().__init__(f"[{SECTION}] {option}: {message}")
        self.option = option


def raw(option: str) -> str:
    """The configured string of ``option`` (env var, airflow.cfg, else the declared default).

    Outside an Airflow process (the offline CLI, the eval) a plain env/airflow.cfg read gives the same
    value without importing Airflow (seconds of start-up); Airflow's own reader is used inside Airflow
    and whenever the value may need its features (``_cmd``/``_secret`` options, unit-test config).
    """
    default = str(OPTIONS[option]["default"])
    value = None if "airflow" in sys.modules else _plain_value(option)
    if value is None:
        from airflow.configuration import conf as airflow_conf

        value = airflow_conf.get(SECTION, option, fallback=default)
    return default if value is None else str(value).strip()


def _plain_value(option: str) -> str | None:
    """``option`` as Airflow would read it from the environment, airflow.cfg or the default.

    ``None`` (= ask Airflow) when Airflow may have another source for it: a ``_cmd``/``_secret``
    variant, the unit-test config, or an airflow.cfg this reader cannot parse. Values are expanded
    (``$VAR``, ``~``) as Airflow expands them.
    """
    env_name = f"AIRFLOW__{SECTION.upper()}__{option.upper()}"
    if os.environ.get("AIRFLOW__CORE__UNIT_TEST_MODE", "").strip().lower() in _TRUE:
        return None
    if env_name in os.environ:
        return _expand(os.environ[env_name])
    if f"{env_name}_CMD" in os.environ or f"{env_name}_SECRET" in os.environ:
        return None
    value = _cfg_file_value(option)
    return _expand(value) if value is not None else None


def _cfg_file_value(option: str) -> str | None:
    """``option`` from airflow.cfg, else its declared default; ``None`` when only Airflow can tell."""
    parser = ConfigParser()
    try:
        parser.read(_airflow_cfg_path(), encoding="utf-8")
        if parser.has_option(SECTION, f"{option}_cmd") or parser.has_option(SECTION, f"{option}_secret"):
            return None
        if parser.has_option(SECTION, option):
            return parser.get(SECTION, option)
    except (ConfigParserError, OSError, UnicodeDecodeError):
        return None
    return str(OPTIONS[option]["default"])


def _airflow_cfg_path() -> Path:
    """Where Airflow reads ``airflow.cfg``: ``$AIRFLOW_CONFIG``, else ``$AIRFLOW_HOME/airflow.cfg``."""
    explicit = os.environ.get("AIRFLOW_CONFIG")
    if explicit is not None:
        return Path(_expand(explicit))
    return Path(_expand(os.environ.get("AIRFLOW_HOME", "~/airflow"))) / "airflow.cfg"


def _expand(value: str) -> str:
    """Nested ``$VAR`` and ``~`` expansion, repeated until stable (as Airflow's ``expand_env_var``)."""
    while True:
        expanded = os.path.expanduser(os.path.expandvars(value))  # noqa: PTH111 - values are not all paths
        if expanded == value:
            return expanded
        value = expanded


def _bool(option: str) -> bool:
    value = raw(option).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(option, f"{value!r} is not a boolean (use True or False)")


def _int(option: str, minimum: int = 0) -> int:
    value = raw(option)
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(option, f"{value!r} is not an integer") from None
    if number < minimum:
        raise ConfigError(option, f"{number} is below the minimum {minimum}")
    return number


def _float(option: str, minimum: float = 0.0) -> float:
    value = raw(option)
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(option, f"{value!r} is not a number") from None
    if not number >= minimum:  # also rejects NaN
        raise ConfigError(option, f"{value} is below the minimum {minimum}")
    return number


def _str(option: str) -> str:
    return raw(option)


def parse_list(option: str, value: str) -> tuple[str, ...]:
    """A comma-separated value as a tuple of its non-empty, stripped items."""
    if "\n" in value or "\r" in value:
        raise ConfigError(option, "separate items with commas, not new lines")
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _list(option: str) -> tuple[str, ...]:
    return parse_list(option, raw(option))


def parse_json_object(option: str, value: str) -> dict[str, Any]:
    """A JSON object (empty string means ``{}``); anything else is a :class:`ConfigError`."""
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            option, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ConfigError(option, "invalid JSON: nested too deeply") from None
    if not isinstance(parsed, dict):
        raise ConfigError(option, f"expected a JSON object, got {type(parsed).__name__}")
    return parsed


# --------------------------------------------------------------------------- triggering


def enabled() -> bool:
    """[pipeline_debugger] enabled."""
    return _bool("enabled")


def investigate_retries() -> bool:
    """[pipeline_debugger] investigate_retries."""
    return _bool("investigate_retries")


def opt_out_tag() -> str:
    """[pipeline_debugger] opt_out_tag."""
    return _str("opt_out_tag")


def opt_out_param() -> str:
    """[pipeline_debugger] opt_out_param."""
    return _str("opt_out_param")


def sweep_interval_seconds() -> int:
    """[pipeline_debugger] sweep_interval_seconds."""
    return _int("sweep_interval_seconds", minimum=1)


def sweep_lookback_hours() -> int:
    """[pipeline_debugger] sweep_lookback_hours."""
    return _int("sweep_lookback_hours", minimum=1)


# --------------------------------------------------------------------------- runner


def runner_in_api_server() -> bool:
    """[pipeline_debugger] runner_in_api_server."""
    return _bool("runner_in_api_server")


def runner_concurrency() -> int:
    """[pipeline_debugger] runner_concurrency."""
    return _int("runner_concurrency", minimum=1)


def runner_poll_interval_seconds() -> float:
    """[pipeline_debugger] runner_poll_interval_seconds."""
    return _float("runner_poll_interval_seconds", minimum=0.01)


def runner_heartbeat_seconds() -> int:
    """[pipeline_debugger] runner_heartbeat_seconds."""
    return _int("runner_heartbeat_seconds", minimum=1)


def runner_stale_after_seconds() -> int:
    """[pipeline_debugger] runner_stale_after_seconds."""
    return _int("runner_stale_after_seconds", minimum=1)


def runner_start_retry_seconds() -> float:
    """[pipeline_debugger] runner_start_retry_seconds."""
    return _float("runner_start_retry_seconds", minimum=0.1)


def handoff_settle_seconds() -> float:
    """[pipeline_debugger] handoff_settle_seconds."""
    return _float("handoff_settle_seconds")


def investigation_timeout_seconds() -> int:
    """[pipeline_debugger] investigation_timeout_seconds."""
    return _int("investigation_timeout_seconds", minimum=1)


def runner_max_live_threads() -> int:
    """[pipeline_debugger] runner_max_live_threads."""
    return _int("runner_max_live_threads", minimum=1)


# --------------------------------------------------------------------------- evidence


def log_scan_max_bytes() -> int:
    """[pipeline_debugger] log_scan_max_bytes."""
    return _int("log_scan_max_bytes", minimum=1)


def evidence_max_bytes() -> int:
    """[pipeline_debugger] evidence_max_bytes."""
    return _int("evidence_max_bytes", minimum=1)


def upload_max_bytes() -> int:
    """[pipeline_debugger] upload_max_bytes."""
    return _int("upload_max_bytes", minimum=1)


def log_roots() -> tuple[str, ...]:
    """[pipeline_debugger] log_roots."""
    return _list("log_roots")


def dbt_artifact_roots() -> tuple[str, ...]:
    """[pipeline_debugger] dbt_artifact_roots."""
    return _list("dbt_artifact_roots")


def spark_event_log_roots() -> tuple[str, ...]:
    """[pipeline_debugger] spark_event_log_roots."""
    return _list("spark_event_log_roots")


def history_runs() -> int:
    """[pipeline_debugger] history_runs."""
    return _int("history_runs")


# --------------------------------------------------------------------------- engine


def heuristic_params() -> dict[str, dict[str, Any]]:
    """[pipeline_debugger] heuristic_params."""
    params = parse_json_object("heuristic_params", raw("heuristic_params"))
    for rule_id, overrides in params.items():
        if not isinstance(overrides, dict):
            raise ConfigError("heuristic_params", f"the value for {rule_id!r} must be a JSON object")
    return params


def extra_adapters() -> tuple[str, ...]:
    """[pipeline_debugger] extra_adapters."""
    return _list("extra_adapters")


def disabled_adapters() -> tuple[str, ...]:
    """[pipeline_debugger] disabled_adapters."""
    return _list("disabled_adapters")


def extra_heuristics() -> tuple[str, ...]:
    """[pipeline_debugger] extra_heuristics."""
    return _list("extra_heuristics")


def llm_enabled() -> bool:
    """[pipeline_debugger] llm_enabled."""
    return _bool("llm_enabled")


def llm_conn_id() -> str:
    """[pipeline_debugger] llm_conn_id."""
    return _str("llm_conn_id")


def llm_model() -> str:
    """[pipeline_debugger] llm_model."""
    return _str("llm_model")


def llm_timeout_seconds() -> float:
    """[pipeline_debugger] llm_timeout_seconds."""
    return _float("llm_timeout_seconds", minimum=0.1)


def llm_max_output_tokens() -> int:
    """[pipeline_debugger] llm_max_output_tokens."""
    return _int("llm_max_output_tokens", minimum=1)


def llm_max_input_chars() -> int:
    """[pipeline_debugger] llm_max_input_chars."""
    return _int("llm_max_input_chars", minimum=1)


def llm_max_retries() -> int:
    """[pipeline_debugger] llm_max_retries."""
    return _int("llm_max_retries")


def llm_first_prompt_chars() -> int:
    """[pipeline_debugger] llm_first_prompt_chars."""
    return _int("llm_first_prompt_chars", minimum=1)


def llm_max_tool_calls() -> int:
    """[pipeline_debugger] llm_max_tool_calls."""
    return _int("llm_max_tool_calls")


def llm_max_tokens() -> int:
    """[pipeline_debugger] llm_max_tokens."""
    return _int("llm_max_tokens", minimum=1)


def llm_max_cost_usd() -> float:
    """[pipeline_debugger] llm_max_cost_usd."""
    return _float("llm_max_cost_usd")


def llm_prices() -> str:
    """[pipeline_debugger] llm_prices."""
    return _str("llm_prices")


def parse_prices(option: str, value: str) -> dict[str, tuple[float, float]]:
    """``{"model": {"input": 3.0, "output": 15.0}, ...}`` (USD per million tokens) as a mapping."""
    if not value.strip():
        return {}
    try:
        data = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ConfigError(option, f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ConfigError(option, 'expected {"<model>": {"input": <usd/Mtok>, "output": <usd/Mtok>}}')
    prices: dict[str, tuple[float, float]] = {}
    for model, entry in data.items():
        pair = [entry.get(k) if isinstance(entry, dict) else None for k in ("input", "output")]
        if not all(isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in pair):
            raise ConfigError(option, f"{model}: input and output must be non-negative numbers")
        prices[str(model)] = (float(pair[0] or 0), float(pair[1] or 0))
    return prices


def fingerprint_cache_hours() -> int:
    """[pipeline_debugger] fingerprint_cache_hours."""
    return _int("fingerprint_cache_hours")


def topology_file() -> str:
    """[pipeline_debugger] topology_file."""
    return _str("topology_file")


# --------------------------------------------------------------------------- notification and UI


def slack_conn_id() -> str:
    """[pipeline_debugger] slack_conn_id."""
    return _str("slack_conn_id")


def slack_channel() -> str:
    """[pipeline_debugger] slack_channel."""
    return _str("slack_channel")


def slack_grouping_window_minutes() -> int:
    """[pipeline_debugger] slack_grouping_window_minutes."""
    return _int("slack_grouping_window_minutes")


def slack_investigating_message() -> bool:
    """[pipeline_debugger] slack_investigating_message."""
    return _bool("slack_investigating_message")


def ui_base_url() -> str:
    """[pipeline_debugger] ui_base_url."""
    return _str("ui_base_url")


def feedback_wrong_threshold() -> int:
    """[pipeline_debugger] feedback_wrong_threshold."""
    return _int("feedback_wrong_threshold")
