"""``extra_adapters`` and ``disabled_adapters``: which adapters collection, the runner and ``analyze`` use."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from airflow_pipeline_debugger import cli
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.adapters.registry import BUILTIN_ADAPTERS, configured_adapters, load_adapters
from airflow_pipeline_debugger.conf import ConfigError
from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.offline import OfflineSettings
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.runner.process import EngineSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXTRA_ENV = "AIRFLOW__PIPELINE_DEBUGGER__EXTRA_ADAPTERS"
DISABLED_ENV = "AIRFLOW__PIPELINE_DEBUGGER__DISABLED_ADAPTERS"
BUILTIN_NAMES = ["generic", "airflow", "dbt", "spark"]
FLINK_MODULE = """
    from airflow_pipeline_debugger.adapters.base import Adapter, LogPattern

    class FlinkAdapter(Adapter):
        name = "flink"
        always_applies = True
        patterns = (LogPattern("flink.checkpoint_expired", r"Checkpoint \\d+ expired", "Checkpoint expired",
                               literal="expired"),)

    class NotAnAdapter:
        pass
"""


@pytest.fixture
def flink_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable third-party module with one adapter (and one class that is not one)."""
    package = tmp_path / "site"
    package.mkdir()
    name = f"pd_flink_{tmp_path.name.replace('-', '_')}"
    (package / f"{name}.py").write_text(textwrap.dedent(FLINK_MODULE))
    monkeypatch.syspath_prepend(str(package))
    return name


def _names(adapters: tuple[object, ...]) -> list[str]:
    return [a.name for a in adapters]  # type: ignore[attr-defined]


def test_default_is_every_builtin_in_order() -> None:
    assert len(BUILTIN_ADAPTERS) == len(BUILTIN_NAMES)
    assert _names(load_adapters())[: len(BUILTIN_NAMES)] == BUILTIN_NAMES


def test_disabled_names_are_left_out() -> None:
    names = _names(load_adapters(disabled=("spark", "generic")))
    assert "spark" not in names and "generic" not in names
    assert {"airflow", "dbt"} <= set(names)


def test_extra_adapter_is_loaded_after_the_builtins(flink_module: str) -> None:
    names = _names(load_adapters((f"{flink_module}:FlinkAdapter",)))
    assert names[-1] == "flink" and names[: len(BUILTIN_NAMES)] == BUILTIN_NAMES


def test_an_extra_adapter_can_be_disabled_too(flink_module: str) -> None:
    assert "flink" not in _names(load_adapters((f"{flink_module}:FlinkAdapter",), ("flink",)))


@pytest.mark.parametrize(
    ("extra", "disabled", "option", "message"),
    [
        ((), ("sprak",), "disabled_adapters", "no adapter named sprak (known: airflow, dbt, generic, spark)"),
        (("no_such_module_xyz:Thing",), (), "extra_adapters", "cannot load 'no_such_module_xyz:Thing'"),
        (("{module}:Missing",), (), "extra_adapters", "cannot load '{module}:Missing': AttributeError"),
        (("{module}:NotAnAdapter",), (), "extra_adapters", "'{module}:NotAnAdapter' is not an Adapter"),
    ],
)
def test_a_setting_that_cannot_take_effect_is_an_error_naming_it(
    flink_module: str, extra: tuple[str, ...], disabled: tuple[str, ...], option: str, message: str
) -> None:
    extra = tuple(e.format(module=flink_module) for e in extra)
    with pytest.raises(ConfigError) as raised:
        load_adapters(extra, disabled)
    assert raised.value.option == option
    assert message.format(module=flink_module) in str(raised.value)
    assert str(raised.value).startswith(f"[pipeline_debugger] {option}: ")


def test_configured_adapters_read_both_options(flink_module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(EXTRA_ENV, f"{flink_module}:FlinkAdapter")
    monkeypatch.setenv(DISABLED_ENV, "dbt, spark")
    assert _names(configured_adapters()) == ["generic", "airflow", "flink"]


def _collect_text(text: str) -> list[str]:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="d", task_id="t")),
        files=FileAccess({}),
        logs=[LogSource(name="task.log", source="test", text=text)],
    )
    return [s.code for s in collect_evidence(request).signals]


def test_collection_uses_the_configured_adapters(flink_module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Checkpoint 42 expired before completing.\nOSError: [Errno 28] No space left on device\n"
    assert "flink.checkpoint_expired" not in _collect_text(text)
    assert "generic.disk_full" in _collect_text(text)
    monkeypatch.setenv(EXTRA_ENV, f"{flink_module}:FlinkAdapter")
    monkeypatch.setenv(DISABLED_ENV, "generic")
    codes = _collect_text(text)
    assert "flink.checkpoint_expired" in codes
    assert not [c for c in codes if c.startswith("generic.")]


def test_offline_settings_load_the_configured_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLED_ENV, "spark")
    settings = OfflineSettings.load(use_model=False)
    assert settings.adapters is not None and "spark" not in _names(settings.adapters)


def _analyze(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["analyze", "--no-llm", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_honours_disabled_adapters(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = str(FIXTURES / "spark" / "driver_logs" / "udf_null.log")
    code, out, _ = _analyze(capsys, "--format", "json", "--log", log)
    assert code == 0
    spark = json.loads(out)
    assert (spark["pipeline_type"], spark["root_cause"]["rule_id"]) == ("spark", "spark.udf_error")
    monkeypatch.setenv(DISABLED_ENV, "spark")
    code, out, _ = _analyze(capsys, "--format", "json", "--log", log)
    assert code == 0
    plain = json.loads(out)
    assert plain["pipeline_type"] == "airflow"
    assert not plain["root_cause"]["rule_id"].startswith("spark.")


def test_analyze_honours_extra_adapters(
    flink_module: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "job.log"
    log.write_text("INFO starting job\nWARN Checkpoint 7 expired before completing.\nERROR job failed\n")
    code, out, _ = _analyze(capsys, "--format", "json", "--log", str(log))
    assert code == 0 and "flink.checkpoint_expired" not in out
    monkeypatch.setenv(EXTRA_ENV, f"{flink_module}:FlinkAdapter")
    code, out, _ = _analyze(capsys, "--format", "json", "--log", str(log))
    assert code == 0
    assert "flink.checkpoint_expired" in [s["code"] for s in json.loads(out)["signals"]]


@pytest.mark.parametrize(("env", "value"), [(DISABLED_ENV, "spark,nope"), (EXTRA_ENV, "nope_module:Nope")])
def test_analyze_refuses_a_bad_adapter_setting_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    log = tmp_path / "task.log"
    log.write_text("ERROR boom\n")
    monkeypatch.setenv(env, value)
    code, out, err = _analyze(capsys, "--log", str(log))
    assert code == 2 and out == ""
    assert "nope" in err and err.count("\n") == 1


def test_runner_engine_settings_load_the_configured_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "False")
    monkeypatch.setenv(DISABLED_ENV, "dbt")
    assert _names(EngineSettings.load().adapters) == ["generic", "airflow", "spark"]
