"""Server-side evidence from the Airflow metadata DB: task config, run history, changes, upstream.

Runs in the runner (api-server or a runner process), never on a worker: it reads the metadata DB
through the caller's session. It adds to a bundle that :func:`~.collect.collect_evidence` already
filled from the logs, because two of its answers depend on what the logs said (whether this error
signature was seen before is a comparison of signal codes).

What it leaves (each part isolated: a failing query becomes a ``collection_error`` and the rest
goes on):

- ``facts["task_config"]`` + CONFIG evidence — operator, retries, timeouts, pool/queue/executor,
  params and rendered template fields of the failed try (redacted);
- ``facts["history"]`` + RUN_HISTORY evidence — the task's last N runs and tries (state, duration,
  try number, DAG version), previous successful durations, whether this signature was seen before
  and whether a retry fixed it then (from our own earlier investigations);
- ``facts["changes"]`` + DIFF evidence — what changed since the task's last success: DAG version,
  bundle version, for git bundles the commits and the diff of the files the task touches
  (:mod:`.git_bundle`), for unversioned bundles the DAG source (compared through our own snapshots,
  because ``dag_code`` is overwritten in place when only a function body changes), and the task's
  serialized config, arguments, templates and dependencies;
- ``facts["upstream"]`` + UPSTREAM evidence — states of the task's direct upstream tasks in the run,
  and the answers of our own investigations of those that failed;
- UPSTREAM_LOG evidence — the last lines of the upstream tasks' logs (:mod:`.upstream_logs`);
- ``facts["volume"]`` + RUN_HISTORY evidence — the counts the failed try printed against the
  task's earlier successful runs (:mod:`.volume`), and the sizes of the upstream tasks' XComs in
  this run against their earlier runs (:mod:`.xcom_sizes`); a Spark task's input bytes and records
  per input against its earlier successes' event logs;
- ``facts["environment"]`` + DIFF evidence — versions of the failing traceback's packages against
  the last successful try's (:mod:`.environment`).

The runner calls :func:`collect_airflow_evidence` after ``collect_evidence``; the key names match
``engine/facts.py``.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from airflow_pipeline_debugger.adapters.airflow import git_bundle
from airflow_pipeline_debugger.adapters.airflow.environment import collect_environment
from airflow_pipeline_debugger.adapters.airflow.upstream_logs import collect_upstream_logs, upstream_order
from airflow_pipeline_debugger.adapters.airflow.volume import collect_volume
from airflow_pipeline_debugger.adapters.airflow.xcom_sizes import collect_xcom_sizes
from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, JSONDict
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.git import GitError
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.task_instances import failed_try, rendered_fields
from airflow_pipeline_debugger.tolerant import clip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

DEFAULT_HISTORY_RUNS = 20
#: Snapshots of one DAG read when looking for the copy closest after the last success.
SNAPSHOTS_LOOKED_AT = 50
#: Lines of unified diff kept in the DIFF evidence.
MAX_DIFF_LINES = 400
#: Characters of one rendered field / param value kept.
MAX_VALUE_CHARS = 2000
#: Serialized operator fields worth showing (the rest is noise or code).
CONFIG_FIELDS = (
    "task_type",
    "_task_type",
    "python_callable_name",
    "_task_module",
    "retries",
    "retry_delay",
    "retry_exponential_backoff",
    "max_retry_delay",
    "execution_timeout",
    "timeout",
    "poke_interval",
    "mode",
    "soft_fail",
    "pool",
    "pool_slots",
    "queue",
    "trigger_rule",
    "depends_on_past",
    "max_active_tis_per_dag",
    "priority_weight",
    "executor",
    "params",
    "template_fields",
)
#: Fields whose value is a duration (serialized as seconds).
DURATION_FIELDS = ("execution_timeout", "timeout", "poke_interval", "retry_delay", "max_retry_delay")
#: Serialized keys that differ between versions without meaning a config change.
VOLATILE_FIELDS = frozenset(
    {"_task_module", "template_fields", "downstream_task_ids", "ui_color", "ui_fgcolor"}
)
SUCCESS = "success"
_FRAME_FILE_RE = re.compile(r'File "([^"\n]{1,500})", line \d+')
FAILED_STATES = frozenset({"failed", "upstream_failed"})


@dataclass(frozen=True)
class Try:
    """One try of the task, from ``task_instance`` or ``task_instance_history``."""

    run_id: str
    try_number: int
    state: str
    start_date: datetime | None
    end_date: datetime | None
    duration: float | None
    dag_version_id: str

    def to_json(self) -> JSONDict:
        """Compact JSON for facts and evidence."""
        return {
            "run_id": self.run_id,
            "try_number": self.try_number,
            "state": self.state,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "duration_s": round(self.duration, 3) if self.duration is not None else None,
            "dag_version_id": self.dag_version_id,
        }


def collect_airflow_evidence(
    session: Session,
    bundle: EvidenceBundle,
    *,
    history_runs: int = DEFAULT_HISTORY_RUNS,
    record_snapshot: bool = True,
    files: FileAccess | None = None,
) -> None:
    """Add config, history, changes, upstream and volume evidence for ``bundle.context`` from the metadata DB.

    :param session: a session on the metadata DB (the caller commits: snapshots are written).
    :param bundle: the bundle ``collect_evidence`` produced for the failed try.
    :param history_runs: how many of the task's runs to look back over.
    :param record_snapshot: keep a copy of the DAG source the failed try ran (for later diffs).
    :param files: the allow-listed reader, for the Spark event logs of earlier successes (volume).
    Never raises: each part that fails becomes a ``collection_error`` piece of evidence.
    """
    ctx = bundle.context
    state = _State(session, bundle)
    ti = _guard(
        bundle,
        "task instance",
        lambda: failed_try(session, ctx.key),
    )
    if ti is None:
        _error(bundle, "task instance", "the failed try is not in the metadata DB (task_instance or history)")
        return
    state.ti = ti
    state.version_id = str(getattr(ti, "dag_version_id", "") or "")
    _guard(bundle, "task config", lambda: _task_config(state))
    tries = _guard(bundle, "run history", lambda: _history(state, history_runs)) or []
    _guard(bundle, "changes since last success", lambda: _changes(state, tries, record_snapshot))
    _guard(bundle, "DAG source", lambda: _dag_source(state))
    _guard(bundle, "upstream tasks", lambda: _upstream(state))
    upstream: list[str] = _guard(bundle, "upstream logs", lambda: _upstream_logs(state)) or []
    successes = [(t.run_id, t.try_number) for t in tries if t.state == SUCCESS and t.run_id != ctx.key.run_id]
    _guard(bundle, "input volume", lambda: collect_volume(session, bundle, successes, files))
    _guard(bundle, "upstream XCom sizes", lambda: collect_xcom_sizes(session, bundle, upstream))
    _guard(
        bundle, "package versions", lambda: collect_environment(session, bundle, next(iter(successes), None))
    )


class _State:
    """What the parts share: the session, the bundle, the failed try and its serialized DAG."""

    def __init__(self, session: Session, bundle: EvidenceBundle) -> None:
        self.session = session
        self.bundle = bundle
        self.ti: Any = None
        self.version_id = ""
        self._dag_data: dict[str, JSONDict | None] = {}
        self._code: dict[str, tuple[str, str] | None] = {}

    def failing_code(self) -> tuple[str, str] | None:
        """(fileloc, source) of the DAG code the failed try ran (memoised: two parts read it)."""
        if self.version_id not in self._code:
            self._code[self.version_id] = _dag_code(
                self.session, self.bundle.context.key.dag_id, self.version_id
            )
        return self._code[self.version_id]

    def dag_data(self, version_id: str) -> JSONDict | None:
        """The serialized DAG of a DAG version (memoised)."""
        if version_id not in self._dag_data:
            self._dag_data[version_id] = _serialized_dag(
                self.session, self.bundle.context.key.dag_id, version_id
            )
        return self._dag_data[version_id]

    def task_data(self, version_id: str) -> JSONDict | None:
        """The serialized operator of this task in a DAG version."""
        return _task_entry(self.dag_data(version_id), self.bundle.context.key.task_id)


# --------------------------------------------------------------------------- queries


def _serialized_dag(session: Session, dag_id: str, version_id: str) -> JSONDict | None:
    from airflow.models.serialized_dag import SerializedDagModel

    query = select(SerializedDagModel).where(SerializedDagModel.dag_id == dag_id)
    if version_id:
        query = query.where(SerializedDagModel.dag_version_id == _uuid(version_id))
    row = session.scalars(query.order_by(SerializedDagModel.created_at.desc()).limit(1)).first()
    data = row.data if row is not None else None
    return data if isinstance(data, dict) else None


def _task_entries(data: JSONDict | None) -> list[JSONDict]:
    """The ``__var`` dicts of the tasks in a serialized DAG (``{"dag": {"tasks": [...]}}``)."""
    tasks = ((data or {}).get("dag") or {}).get("tasks") or []
    entries = (entry.get("__var", entry) for entry in tasks if isinstance(entry, dict))
    return [var for var in entries if isinstance(var, dict)]


def _task_entry(data: JSONDict | None, task_id: str) -> JSONDict | None:
    """The ``__var`` dict of a task in a serialized DAG."""
    return next((var for var in _task_entries(data) if var.get("task_id") == task_id), None)


def _tries(session: Session, dag_id: str, task_id: str, map_index: int, runs: int) -> list[Try]:
    """Every try of the task over its last ``runs`` runs, newest first."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.taskinstancehistory import TaskInstanceHistory

    rows: list[Try] = []
    for model in (TaskInstance, TaskInstanceHistory):
        query = (
            select(
                model.run_id,
                model.try_number,
                model.state,
                model.start_date,
                model.end_date,
                model.duration,
                model.dag_version_id,
            )
            .where(model.dag_id == dag_id, model.task_id == task_id, model.map_index == map_index)
            .order_by(model.start_date.desc())
            .limit(max(runs, 1) * 4)
        )
        for run_id, try_number, st, start, end, duration, version in session.execute(query):
            rows.append(
                Try(
                    str(run_id),
                    int(try_number or 0),
                    str(st or ""),
                    start,
                    end,
                    float(duration) if duration is not None else None,
                    str(version or ""),
                )
            )
    rows.sort(key=lambda t: (t.start_date or datetime.min.replace(tzinfo=None), t.try_number), reverse=True)
    kept_runs: list[str] = []
    kept: list[Try] = []
    for row in rows:
        if row.run_id not in kept_runs:
            if len(kept_runs) >= runs:
                continue
            kept_runs.append(row.run_id)
        kept.append(row)
    return kept


# --------------------------------------------------------------------------- parts


def _task_config(state: _State) -> None:
    """Operator, retries, timeouts, pool/queue/executor, params and rendered fields."""
    ti = state.ti
    config: JSONDict = {
        "operator": str(getattr(ti, "custom_operator_name", None) or getattr(ti, "operator", None) or ""),
        "pool": getattr(ti, "pool", None),
        "pool_slots": getattr(ti, "pool_slots", None),
        "queue": getattr(ti, "queue", None),
        "executor": getattr(ti, "executor", None),
        "max_tries": getattr(ti, "max_tries", None),
        "hostname": getattr(ti, "hostname", None),
        "dag_version_id": state.version_id or None,
    }
    task = state.task_data(state.version_id)
    if task is not None:
        config.update(_config_fields(task))
    rendered = _rendered_fields(state)
    if rendered:
        config["rendered_fields"] = rendered
    config = {k: v for k, v in config.items() if v not in (None, "", {})}
    config = redact_value(config)
    state.bundle.facts["task_config"] = config
    _add(
        state.bundle, EvidenceKind.CONFIG, "task config", "metadata DB: task_instance, serialized_dag", config
    )


def _config_fields(task: JSONDict) -> JSONDict:
    out: JSONDict = {}
    for key in CONFIG_FIELDS:
        if key not in task:
            continue
        value = task[key]
        if key in DURATION_FIELDS:
            seconds = _seconds(value)
            if seconds is not None:
                out[f"{key}_s"] = seconds
            continue
        out[key.lstrip("_")] = _plain(value)
    if "task_type" in out:  # Airflow 3 writes ``task_type``; ``_task_type`` is the older name
        out["operator_class"] = out.pop("task_type")
    return out


def _rendered_fields(state: _State) -> JSONDict:
    fields = rendered_fields(state.session, state.bundle.context.key)
    return {str(k): _clip(v) for k, v in fields.items()}


def _history(state: _State, runs: int) -> list[Try]:
    """Earlier runs and tries, previous durations, and whether this signature was seen before."""
    ctx = state.bundle.context
    tries = _tries(state.session, ctx.key.dag_id, ctx.key.task_id, ctx.key.map_index, runs + 1)
    earlier = [t for t in tries if t.run_id != ctx.key.run_id]
    this_run = [t for t in tries if t.run_id == ctx.key.run_id]
    final_by_run: dict[str, Try] = {}
    for t in earlier:
        best = final_by_run.get(t.run_id)
        if best is None or t.try_number > best.try_number:
            final_by_run[t.run_id] = t
    finals = sorted(final_by_run.values(), key=lambda t: t.start_date or datetime.min, reverse=True)
    successes = [t for t in earlier if t.state == SUCCESS]
    history: JSONDict = {
        "recent_runs": len(finals),
        "recent_failures": sum(1 for t in finals if t.state in FAILED_STATES),
        "last_outcome": ("success" if finals[0].state == SUCCESS else finals[0].state) if finals else "",
        "last_success": successes[0].run_id if successes else "",
        "success_durations_s": [round(t.duration, 3) for t in successes if t.duration is not None],
        "tries_this_run": [t.to_json() for t in sorted(this_run, key=lambda t: t.try_number)],
        "runs": [t.to_json() for t in finals],
    }
    history.update(_seen_before(state))
    state.bundle.facts["history"] = history
    _add(
        state.bundle,
        EvidenceKind.RUN_HISTORY,
        "run history",
        "metadata DB: task_instance, task_instance_history; pipeline_debugger_investigation",
        history,
    )
    return tries


def _signature(codes: Iterable[str]) -> frozenset[str]:
    """The error signature compared across investigations: the set of signal codes."""
    return frozenset(c for c in codes if c)


def _seen_before(state: _State) -> JSONDict:
    """Compare this bundle's signal codes with our earlier investigations of the same task."""
    ctx = state.bundle.context
    mine = _signature(s.code for s in state.bundle.signals)
    if not mine:
        return {}
    earlier = [
        inv
        for inv in repository.task_history(state.session, ctx.key.dag_id, ctx.key.task_id, limit=50)
        if not (inv.run_id == ctx.key.run_id and inv.try_number == ctx.key.try_number)
        and isinstance(inv.result, dict)
    ]
    matches = [
        inv
        for inv in earlier
        if _signature(str(s.get("code", "")) for s in inv.result.get("signals", []) if isinstance(s, dict))  # type: ignore[union-attr]
        == mine
    ]
    if not matches:
        return {"seen_before": False} if earlier else {}
    last = matches[0]
    return {
        "seen_before": True,
        "seen_count": len(matches),
        "last_seen_run": last.run_id,
        "resolved_on_retry": _later_try_succeeded(state.session, last),
    }


def _later_try_succeeded(session: Session, investigation: Any) -> bool:
    """Whether the run of an earlier investigation ended in success on a later try."""
    from airflow.models.taskinstance import TaskInstance

    row = session.execute(
        select(TaskInstance.state, TaskInstance.try_number).where(
            TaskInstance.dag_id == investigation.dag_id,
            TaskInstance.run_id == investigation.run_id,
            TaskInstance.task_id == investigation.task_id,
            TaskInstance.map_index == investigation.map_index,
        )
    ).first()
    return bool(row is not None and row[0] == SUCCESS and int(row[1] or 0) > investigation.try_number)


def _changes(state: _State, tries: Sequence[Try], record_snapshot: bool) -> None:
    """What changed since the last success: bundle commits and files, serialized task, DAG source.

    A versioned bundle (``dag_run.bundle_version`` set on both runs) answers from git: the commits
    between the two versions and the diff of the files the task touches (:mod:`.git_bundle`). An
    unversioned bundle falls back to our own snapshots of the DAG source. Both compare the task's
    serialized arguments, templates and dependencies between the two DAG versions.
    """
    ctx = state.bundle.context
    failing_code = state.failing_code()
    bundle_now = _bundle_version(state, ctx.key.run_id)
    if record_snapshot and failing_code is not None:
        _record(state.session, ctx.key.dag_id, failing_code, state.version_id, bundle_now)
    success = next((t for t in tries if t.state == SUCCESS and t.run_id != ctx.key.run_id), None)
    if success is None:
        state.bundle.facts["changes"] = {
            "since": "",
            "code_changed": None,
            "config_changed": None,
            "changed": [],
            "note": "the task has no successful run in the history looked at",
        }
        return
    changed: list[str] = []
    facts: JSONDict = {"since": success.run_id, "last_success_dag_version_id": success.dag_version_id}
    if success.duration is not None:
        facts["last_success_duration_s"] = round(success.duration, 3)
    if success.dag_version_id and state.version_id and success.dag_version_id != state.version_id:
        changed.append("DAG version")
    bundle_then = _bundle_version(state, success.run_id)
    if bundle_then != bundle_now:
        changed.append(f"bundle version {bundle_then or '?'} -> {bundle_now or '?'}")
    task_changed = _task_change(state, success, changed, facts)
    diff_lines: list[str] = []
    if bundle_then and bundle_now:
        code_changed = _git_change(
            state,
            success,
            versions=(bundle_then, bundle_now),
            failing_code=failing_code,
            changed=changed,
            facts=facts,
        )
    else:
        code_changed, diff_lines = _source_change(
            state, success, failing_code[1] if failing_code else None, facts
        )
        if code_changed:
            changed.append("DAG source")
    if task_changed and not code_changed:
        code_changed = True
    config_changed = _config_change(state, success, changed, facts)
    facts.update({"code_changed": code_changed, "config_changed": config_changed, "changed": changed})
    state.bundle.facts["changes"] = redact_value(facts)
    if diff_lines:
        _add_diff(
            state.bundle,
            "DAG source diff since last success",
            "metadata DB: dag_code; pipeline_debugger_dag_snapshot",
            diff_lines,
            {"changed": changed, "since": success.run_id},
        )
    elif changed and "git" not in facts:
        _add(state.bundle, EvidenceKind.DIFF, "changes since last success", "metadata DB", facts)


def _add_diff(bundle: EvidenceBundle, name: str, source: str, lines: list[str], summary: JSONDict) -> None:
    """DIFF evidence of at most ``MAX_DIFF_LINES`` lines, redacted."""
    text = "\n".join(lines[:MAX_DIFF_LINES])
    if len(lines) > MAX_DIFF_LINES:
        text += f"\n… {len(lines) - MAX_DIFF_LINES} more diff lines"
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.DIFF,
            name=name,
            source=source,
            content=redact(text),
            size_bytes=len(text.encode()),
            summary=summary,
        )
    )


def _git_change(
    state: _State,
    success: Try,
    *,
    versions: tuple[str, str],
    failing_code: tuple[str, str] | None,
    changed: list[str],
    facts: JSONDict,
) -> bool | None:
    """Commits and task-file diff between two bundle versions; whether the task's files changed.

    ``None`` when git cannot tell (no bare clone on this machine, a commit missing from it, git
    failing): the reason is a collection gap and in ``facts["note"]``.
    """
    then, now = versions
    if then == now:
        return False
    from airflow.models.dag import DagModel

    ctx = state.bundle.context
    row = state.session.execute(
        select(DagModel.bundle_name, DagModel.relative_fileloc).where(DagModel.dag_id == ctx.key.dag_id)
    ).first()
    name, dag_file = (str(row[0] or ""), str(row[1] or "")) if row is not None else ("", "")
    repo = git_bundle.bare_clone(name) if name else None
    if repo is None:
        facts["note"] = (
            f"bundle {name or '?'} is versioned but no local git clone of it is on this machine; "
            "the commits between the two versions could not be read"
        )
        _error(state.bundle, "bundle commits", facts["note"])
        return None
    touches = git_bundle.task_files(dag_file, failing_code[1] if failing_code else "", _named_strings(state))
    try:
        found = git_bundle.compare(repo, then, now, touches)
    except GitError as exc:
        facts["note"] = f"git bundle {name}: {exc}"
        _error(state.bundle, "bundle commits", str(exc))
        return None
    touched_commits = [c for c in found.commits if c.files]
    facts["git"] = {
        "bundle": name,
        "from": then,
        "to": now,
        "dag_file": dag_file,
        "commits": [c.to_json() for c in found.commits],
        "files": found.touched_files,
        "other_files": len(found.changed_files) - len(found.touched_files),
        "lines": [
            {"sha": ln.sha[:10], "file": ln.path, "line": ln.line, "sign": ln.sign, "text": ln.text}
            for ln in found.lines
        ],
        "truncated": found.truncated,
    }
    if found.commits:
        changed.append(
            f"{len(found.commits)} commit(s) in bundle {name}"
            + (f", touching {', '.join(found.touched_files[:5])}" if found.touched_files else "")
        )
    header = [
        f"bundle {name}: {then[:10]} (last success {success.run_id}) -> "
        f"{now[:10]} (failed run {ctx.key.run_id})",
        *(f"commit {c.sha[:10]} {c.date} {c.author}: {c.message}" for c in found.commits),
        f"files changed: {len(found.changed_files)}; touched by this task: "
        + (", ".join(found.touched_files) or "none"),
        "",
    ]
    _add_diff(
        state.bundle,
        "git commits and diff since last success",
        f"git bundle {name}: commits {then[:10]}..{now[:10]} of its local bare clone; "
        "metadata DB: dag_run.bundle_version",
        header + found.patch.splitlines(),
        {
            "changed": changed,
            "since": success.run_id,
            "commits": [c.sha[:10] for c in touched_commits or found.commits],
        },
    )
    if found.touched_files:
        return True
    return False if not found.changed_files else None


def _named_strings(state: _State) -> list[str]:
    """The strings a task names files in: its command, arguments, rendered templates, traceback files."""
    ctx = state.bundle.context
    texts = [ctx.command]
    task = state.task_data(state.version_id) or {}
    texts += _strings(task)
    texts += _strings(_rendered_fields(state))
    for evidence in state.bundle.evidence:
        texts += _FRAME_FILE_RE.findall(evidence.content or "")
        for detail in evidence.summary.get("error_detail") or []:
            for exc in detail.get("exceptions") or [] if isinstance(detail, dict) else []:
                texts += [str(f.get("filename")) for f in exc.get("frames") or [] if isinstance(f, dict)]
    return [t for t in texts if t]


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Every string inside a JSON value (bounded depth), keys excluded."""
    if isinstance(value, str):
        return [value]
    if depth > 8:
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, depth + 1)]
    return []


def _task_change(state: _State, success: Try, changed: list[str], facts: JSONDict) -> bool | None:
    """Whether the task's serialized definition changed between the two DAG versions (and how)."""
    if not success.dag_version_id or success.dag_version_id == state.version_id:
        return False if success.dag_version_id else None
    diff = task_diff(
        state.dag_data(success.dag_version_id),
        state.dag_data(state.version_id),
        state.bundle.context.key.task_id,
    )
    if diff is None:
        return None
    if diff:
        diff = redact_value(diff)
        changed.append("task definition: " + ", ".join(diff))
        facts["task_diff"] = diff
        _add(
            state.bundle,
            EvidenceKind.DIFF,
            "task definition diff since last success",
            f"metadata DB: serialized_dag of DAG versions {success.dag_version_id} and {state.version_id}",
            diff,
        )
    return bool(diff)


def task_diff(then_dag: JSONDict | None, now_dag: JSONDict | None, task_id: str) -> JSONDict | None:
    """The task's arguments, templates and dependencies that differ between two serialized DAGs.

    The settings ``_config_change`` compares are left to it; what remains is what the task runs
    (callable, command, SQL, template values, op_args/op_kwargs) and which tasks it depends on:
    ``{key: {"before", "after"}, "upstream_tasks": {"added", "removed"}, …}``. ``None`` when the
    task is missing from either.
    """
    then_task, now_task = _task_entry(then_dag, task_id), _task_entry(now_dag, task_id)
    if then_task is None or now_task is None:
        return None
    skip = VOLATILE_FIELDS | set(CONFIG_FIELDS) | {"task_id"}
    keys = sorted(
        k for k in set(then_task) | set(now_task) if k not in skip and then_task.get(k) != now_task.get(k)
    )
    diff: JSONDict = {k: {"before": _plain(then_task.get(k)), "after": _plain(now_task.get(k))} for k in keys}
    for side, then_ids, now_ids in (
        ("upstream", _upstream_ids(then_dag, task_id), _upstream_ids(now_dag, task_id)),
        (
            "downstream",
            set(then_task.get("downstream_task_ids") or []),
            set(now_task.get("downstream_task_ids") or []),
        ),
    ):
        if then_ids != now_ids:
            diff[f"{side}_tasks"] = {
                "added": sorted(now_ids - then_ids),
                "removed": sorted(then_ids - now_ids),
            }
    return diff


def _upstream_ids(data: JSONDict | None, task_id: str) -> set[str]:
    return {
        str(v.get("task_id")) for v in _task_entries(data) if task_id in (v.get("downstream_task_ids") or [])
    }


def _source_change(
    state: _State, success: Try, now_source: str | None, facts: JSONDict
) -> tuple[bool | None, list[str]]:
    """(code changed?, unified diff) between the source the last success ran and the failed try's."""
    ctx = state.bundle.context
    then_source, exact = _source_at(state, success)
    if then_source is None or now_source is None:
        facts["note"] = (
            "no copy of the DAG source the last success ran (snapshots start when the provider is installed)"
        )
        then_dag = (
            (state.dag_data(success.dag_version_id) or {}).get("dag") if success.dag_version_id else None
        )
        now_dag = (state.dag_data(state.version_id) or {}).get("dag")
        # Without a source copy, a different serialized DAG still says the code changed structurally.
        return (True if then_dag is not None and now_dag is not None and then_dag != now_dag else None), []
    if repository.source_hash(then_source) == repository.source_hash(now_source):
        if not exact:
            facts["note"] = "the oldest DAG source copy was taken after the last success; it matches"
            return None, []
        return False, []
    diff = difflib.unified_diff(
        then_source.splitlines(),
        now_source.splitlines(),
        fromfile=f"{ctx.key.dag_id} @ last success ({success.run_id})",
        tofile=f"{ctx.key.dag_id} @ failed run ({ctx.key.run_id})",
        lineterm="",
    )
    return True, list(diff)


def _config_change(state: _State, success: Try, changed: list[str], facts: JSONDict) -> bool | None:
    """Whether the task's serialized settings differ between the two DAG versions (and which)."""
    then_task = state.task_data(success.dag_version_id) if success.dag_version_id else None
    now_task = state.task_data(state.version_id)
    if then_task is None or now_task is None:
        return None
    before, after = _config_fields(then_task), _config_fields(now_task)
    keys = sorted(
        k for k in set(before) | set(after) if k not in VOLATILE_FIELDS and before.get(k) != after.get(k)
    )
    if keys:
        changed.append("task config: " + ", ".join(keys))
        facts["config_diff"] = redact_value(
            {k: {"before": before.get(k), "after": after.get(k)} for k in keys}
        )
    return bool(keys)


def _record(
    session: Session, dag_id: str, code: tuple[str, str], version_id: str, bundle_version: str | None
) -> bool:
    _, created = repository.record_dag_snapshot(
        session,
        dag_id=dag_id,
        source_code=code[1],
        fileloc=code[0],
        dag_version_id=version_id or None,
        bundle_version=bundle_version,
    )
    return created


def _dag_source(state: _State) -> None:
    """The DAG file's code the failed try ran, as ``source`` evidence (what a failing line read).

    Anyone who may read this investigation may read the DAG's code in Airflow's own Code view.
    """
    code = state.failing_code()
    if code is None or len(code[1].encode()) > MAX_SOURCE_BYTES:
        return
    fileloc, text = code
    state.bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.SOURCE,
            name=fileloc.rsplit("/", 1)[-1],
            source=f"metadata DB: dag_code ({fileloc})",
            content=redact(text),
            size_bytes=len(text.encode()),
            summary={"path": fileloc},
        )
    )


def _dag_code(session: Session, dag_id: str, version_id: str) -> tuple[str, str] | None:
    """(fileloc, source) of the DAG code stored for a version (latest row when unversioned)."""
    from airflow.models.dagcode import DagCode

    query = select(DagCode.fileloc, DagCode.source_code).where(DagCode.dag_id == dag_id)
    if version_id:
        query = query.where(DagCode.dag_version_id == _uuid(version_id))
    row = session.execute(query.order_by(DagCode.last_updated.desc()).limit(1)).first()
    return (str(row[0]), str(row[1])) if row is not None else None


def _source_at(state: _State, success: Try) -> tuple[str | None, bool]:
    """The DAG source the last success ran, and whether that copy is exact.

    Exact: our snapshot current when the success ended, or the dag_code of the success's own (older)
    DAG version. Otherwise the oldest snapshot taken after the success: if it differs from the
    failed try's source, the code certainly changed since the success; if it is equal, a change
    before that snapshot cannot be ruled out.
    """
    dag_id = state.bundle.context.key.dag_id
    when = success.end_date or success.start_date
    if when is not None:
        snaps = repository.dag_snapshots(state.session, dag_id, seen_before=when, limit=1)
        if snaps:
            return snaps[0].source_code, True
    if success.dag_version_id and success.dag_version_id != state.version_id:
        code = _dag_code(state.session, dag_id, success.dag_version_id)
        if code:
            return code[1], True
    later = repository.dag_snapshots(state.session, dag_id, limit=SNAPSHOTS_LOOKED_AT)
    if later:
        return later[-1].source_code, False
    return None, False


def _bundle_version(state: _State, run_id: str) -> str | None:
    from airflow.models.dagrun import DagRun

    dag_id = state.bundle.context.key.dag_id
    value = state.session.scalar(
        select(DagRun.bundle_version).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id)
    )
    return str(value) if value else None


def _upstream(state: _State) -> None:
    """States of the direct upstream tasks in this run."""
    from airflow.models.taskinstance import TaskInstance

    ctx = state.bundle.context
    upstream = sorted(
        str(var.get("task_id"))
        for var in _task_entries(state.dag_data(state.version_id))
        if ctx.key.task_id in (var.get("downstream_task_ids") or [])
    )
    if not upstream:
        return
    states = {
        str(task_id): str(st or "none")
        for task_id, st in state.session.execute(
            select(TaskInstance.task_id, TaskInstance.state).where(
                TaskInstance.dag_id == ctx.key.dag_id,
                TaskInstance.run_id == ctx.key.run_id,
                TaskInstance.task_id.in_(upstream),
            )
        )
    }
    failed = [t for t in upstream if states.get(t) in FAILED_STATES]
    answers = repository.run_answers(state.session, ctx.key.dag_id, ctx.key.run_id, failed)
    facts = {
        "tasks": {t: states.get(t, "none") for t in upstream},
        "failed": failed,
        # The failed upstream tasks' own investigations in this run: what broke first, and why.
        "investigations": {
            task_id: {
                "id": row.id,
                "category": row.category,
                "root_cause_title": redact(row.root_cause_title or ""),
                "confidence": row.confidence,
            }
            for task_id, row in answers.items()
        },
    }
    state.bundle.facts["upstream"] = facts
    _add(state.bundle, EvidenceKind.UPSTREAM, "upstream tasks", "metadata DB: task_instance", facts)


def _upstream_logs(state: _State) -> list[str]:
    """The last lines of the upstream tasks' logs in this run; the upstream tasks, nearest first."""
    order = upstream_order(_task_entries(state.dag_data(state.version_id)), state.bundle.context.key.task_id)
    if order:
        collect_upstream_logs(state.session, state.bundle, order)
    return order


# --------------------------------------------------------------------------- snapshots


_snapshot_watermark: datetime | None = None


def snapshot_dag_sources(session: Session) -> int:
    """Keep a copy of every DAG source stored since the last call; returns how many were new.

    Called periodically by the reconciliation sweep: ``dag_code`` rows are overwritten in place
    when only a function body changes, so a copy taken soon after each change is what lets a later
    investigation diff the code of the last success against the code that failed. Only rows updated
    since the previous call (per process) are read.
    """
    global _snapshot_watermark  # noqa: PLW0603 - one watermark per process, like the sweep itself
    from airflow.models.dag_version import DagVersion
    from airflow.models.dagcode import DagCode

    query = select(
        DagCode.dag_id,
        DagCode.fileloc,
        DagCode.source_code,
        DagCode.dag_version_id,
        DagCode.last_updated,
        DagVersion.bundle_version,
    ).join(DagVersion, DagVersion.id == DagCode.dag_version_id, isouter=True)
    if _snapshot_watermark is not None:
        query = query.where(DagCode.last_updated > _snapshot_watermark)
    created = 0
    newest = _snapshot_watermark
    for dag_id, fileloc, source, version_id, updated, bundle_version in session.execute(query):
        if _record(session, str(dag_id), (str(fileloc), str(source)), str(version_id or ""), bundle_version):
            created += 1
        if updated is not None and (newest is None or updated > newest):
            newest = updated
    _snapshot_watermark = newest
    return created


# --------------------------------------------------------------------------- helpers


def _guard(bundle: EvidenceBundle, part: str, work: Callable[[], Any]) -> Any:
    """Run one part; a failure becomes a collection error naming the part."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - one broken query must not hide the other evidence
        log.warning(
            "pipeline-debugger: collecting %s failed: %s", part, redact(f"{type(exc).__name__}: {exc}")
        )
        _error(bundle, part, f"{type(exc).__name__}: {exc}")
        return None


def _error(bundle: EvidenceBundle, part: str, message: str) -> None:
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name=part,
            source="metadata DB",
            content=redact(message),
        )
    )


def _add(bundle: EvidenceBundle, kind: EvidenceKind, name: str, source: str, payload: JSONDict) -> None:
    text = json.dumps(payload, indent=1, sort_keys=True, default=str)
    bundle.add_evidence(
        Evidence(
            id="", kind=kind, name=name, source=source, content=redact(text), size_bytes=len(text.encode())
        )
    )


def _uuid(value: str) -> uuid.UUID | str:
    """A DAG version id as the UUID the ``Uuid`` columns compare with (unchanged if not a UUID)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return value


def _seconds(value: Any) -> float | None:
    """Seconds of a serialized duration: a number, or ``{"__type": "timedelta", "__var": 5.0}``."""
    if isinstance(value, dict):
        value = value.get("__var")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _plain(value: Any) -> Any:
    """A serialized value without the ``__type``/``__var`` wrapping, clipped."""
    if isinstance(value, dict) and "__var" in value and "__type" in value:
        value = value["__var"]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        return [_plain(v) for v in value[:50]]
    return _clip(value)


def _clip(value: Any) -> Any:
    """A value small enough to store: a long string is clipped, a large dict or list becomes clipped JSON."""
    if isinstance(value, str):
        return clip(value, MAX_VALUE_CHARS)
    if isinstance(value, dict | list):
        text = json.dumps(value, default=str)
        if len(text) > MAX_VALUE_CHARS:
            return clip(text, MAX_VALUE_CHARS)
    return value
