"""The offline ``analyze`` of a plain log starts without Airflow, Spark or the model SDKs.

Importing Airflow alone costs seconds; the CLI must pay for it only when it needs it. Run in a fresh
interpreter (this test process has imported Airflow already), with the environment of a user's
shell: no unit-test switches, an empty ``AIRFLOW_HOME``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("airflow", "pyspark", "anthropic", "openai")

PROBE = """
import contextlib, io, json, sys
from airflow_pipeline_debugger import cli
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(),
                  "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _user_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIRFLOW", "_AIRFLOW")) and k not in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY")
    }
    return {**env, "AIRFLOW_HOME": str(tmp_path / "airflow_home"), **extra}


def _analyze(tmp_path: Path, *args: str, env: dict[str, str], noise_lines: int = 0) -> dict[str, object]:
    log = tmp_path / "task.log"
    log.write_text(
        "".join(f"INFO line {i} {'x' * 100}\n" for i in range(noise_lines))
        + "[2026-05-01, 10:00:00 UTC] {taskinstance.py:1} INFO - Starting attempt 1 of 1\n"
        "[2026-05-01, 10:00:02 UTC] {taskinstance.py:3} ERROR - Task failed with exception\n"
        "KeyError: 'region'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "analyze", "--log", str(log), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("args", [(), ("--no-llm", "--format", "json")])
def test_offline_analyze_imports_no_airflow_spark_or_model_sdk(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _analyze(tmp_path, *args, env=_user_env(tmp_path))
    assert result["code"] == 0
    assert "KeyError" in str(result["out"])
    loaded = set(result["loaded"])  # type: ignore[call-overload]
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_settings_from_airflow_cfg_are_read_without_airflow(tmp_path: Path) -> None:
    """The plain reader honours airflow.cfg: a small scan cap set there shows up as a truncated scan."""
    home = tmp_path / "airflow_home"
    home.mkdir()
    (home / "airflow.cfg").write_text("[pipeline_debugger]\nlog_scan_max_bytes = 200000\n")
    result = _analyze(tmp_path, "--no-llm", "--format", "json", env=_user_env(tmp_path), noise_lines=20_000)
    assert "scan cap" in str(result["out"])
    assert "airflow" not in set(result["loaded"])  # type: ignore[call-overload]


def test_a_cmd_option_is_left_to_airflow(tmp_path: Path) -> None:
    """A ``_cmd`` variant is a source only Airflow can evaluate: then Airflow is imported and asked."""
    env = _user_env(tmp_path, AIRFLOW__PIPELINE_DEBUGGER__LOG_SCAN_MAX_BYTES_CMD="echo 100")
    result = _analyze(tmp_path, "--no-llm", "--format", "json", env=env)
    assert "airflow" in set(result["loaded"])  # type: ignore[call-overload]
