"""The Airflow adapter: what Airflow itself says about every failed task, whatever the task runs.

It applies to every task (a dbt or Spark task can still die of an execution timeout or a missing
connection). Its work is mostly declarative — the log patterns in :mod:`.patterns` — plus
``facts["airflow"]``: the operator and the few values rules quote (timeout, connection id,
module, killing signal), gathered from the signals the scanner produced, and real ``airflow``
commands to run next.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.adapters.airflow.patterns import PATTERNS
from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.domain import EvidenceBundle, JSONDict, PipelineType
from airflow_pipeline_debugger.evidence.request import CollectionRequest
from airflow_pipeline_debugger.tolerant import as_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BRIEFING = """\
Airflow 3 facts for reading this failure:
- A task process killed with SIGKILL (exit -9/137, "Likely out of memory error (OOM)") runs no Python
  cleanup and no task callback; the cause is outside the task code (the OOM killer, a pod limit, kill -9).
- A heartbeat timeout ("task instance without a heartbeat", a zombie) means the supervisor or worker
  died or was frozen; the scheduler failed the task.
- AirflowTaskTimeout is execution_timeout; AirflowSensorTimeout is the sensor's own timeout (the
  thing it waits for did not appear in time). Compare with previous durations before blaming code.
- "The conn_id `x` isn't defined" / VARIABLE_NOT_FOUND are deployment configuration, not code bugs.
- Jinja UndefinedError happens while rendering template fields, before execute() runs.
- upstream_failed tasks never ran: the root cause is in the upstream task."""


class AirflowAdapter(Adapter):
    """Airflow runtime patterns for every task; facts and ``airflow`` CLI commands from them."""

    name = "airflow"
    pipeline_type = PipelineType.AIRFLOW
    always_applies = True
    patterns = PATTERNS
    briefing = BRIEFING

    def collect_metadata(self, request: CollectionRequest, bundle: EvidenceBundle, session: Session) -> None:
        """Task config, run history, what changed since the last success and upstream states."""
        # The collector loads the store, and with it Airflow's core: an offline `analyze` never gets here.
        from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence  # noqa: PLC0415

        collect_airflow_evidence(session, bundle, history_runs=conf.history_runs(), files=request.files)

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        """Summarise the Airflow-level signals into ``facts["airflow"]`` for rules and the prompt."""
        ctx = request.context
        facts: JSONDict = {}
        if ctx.operator:
            facts["operator"] = ctx.operator
        found = sorted({s.code for s in bundle.signals if s.code.startswith("airflow.")})
        if found:
            facts["signals"] = found
        for code, key, attr in (
            (S.MISSING_CONNECTION, "conn_id", "conn_id"),
            (S.MISSING_VARIABLE, "variable", "key"),
            (S.IMPORT_ERROR, "module", "module"),
            (S.SENSOR_TIMEOUT, "sensor_timeout_s", "timeout"),
            (S.SENSOR_TIMEOUT, "sensor_waited_s", "duration"),
            (S.SIGNAL, "signal", "signal_name"),
            (S.BASH_EXIT, "exit_code", "exit_code"),
            (S.EXIT_CODE, "exit_code", "exit_code"),
            (S.POOL_STARVATION, "pool", "pool"),
        ):
            value = _first_attribute(bundle, code, attr)
            if value is not None and key not in facts:
                facts[key] = as_number(value) if key.endswith("_s") else value
        if bundle.has_signal(*S.KILLED_CODES):
            facts["killed_externally"] = True
        if facts:
            bundle.facts["airflow"] = facts

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        """Read-only ``airflow`` calls that confirm the cause (connection, variable, import, pool, states).

        Nothing that runs the task again: ``airflow tasks test`` would re-run the job for real.
        """
        ctx = bundle.context
        facts = bundle.facts.get("airflow") or {}
        dag = shlex.quote(ctx.key.dag_id or "<dag_id>")
        task = shlex.quote(ctx.key.task_id or "<task_id>")
        commands: list[str] = []
        if bundle.has_signal(S.MISSING_CONNECTION):
            conn_id = shlex.quote(str(facts.get("conn_id") or "<conn_id>"))
            commands.append(f"airflow connections get {conn_id} -o json")
            commands.append("airflow connections list -o table")
        if bundle.has_signal(S.MISSING_VARIABLE):
            commands.append(f"airflow variables get {shlex.quote(str(facts.get('variable') or '<key>'))}")
        if bundle.has_signal(S.IMPORT_ERROR):
            module = str(facts.get("module") or "<module>").split(".")[0]
            commands.append(f"python -c 'import {module}'  # in the worker image")
            commands.append("pip list 2>/dev/null | grep -i " + shlex.quote(module.replace("_", "-")))
        if bundle.has_signal(S.DAG_IMPORT_ERROR):
            commands.append("airflow dags list-import-errors")
        if bundle.has_signal(S.POOL_STARVATION):
            commands.append("airflow pools list")
        if bundle.has_signal(S.TEMPLATE_ERROR):
            run = shlex.quote(ctx.key.run_id) if ctx.key.run_id else "<logical_date>"
            commands.append(f"airflow tasks render {dag} {task} {run}")
        if bundle.has_signal(*S.KILLED_CODES):
            commands.append(
                "dmesg -T | grep -iE 'killed process|out of memory' | tail -20  # on the worker host"
            )
            commands.append(
                "kubectl get events --field-selector reason=OOMKilling,reason=Evicted  # on Kubernetes"
            )
        if ctx.key.dag_id and ctx.key.run_id:
            commands.append(f"airflow tasks states-for-dag-run {dag} {shlex.quote(ctx.key.run_id)}")
        return commands


def _first_attribute(bundle: EvidenceBundle, code: str, attr: str) -> Any:
    for signal in bundle.signals_with(code):
        value = signal.attributes.get(attr)
        if value not in (None, ""):
            return value
    return None
