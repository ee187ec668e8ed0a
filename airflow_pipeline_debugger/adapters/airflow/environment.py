"""Package versions: the packages the failed try's traceback runs through, against its last success.

The worker's capture record carries the versions of the packages in the failing traceback (stored
on the investigation row); every successful try writes the versions of the packages it loaded to
its own log (``evidence/environment.py``). This reads the last successful try's record back through
Airflow's log reader and leaves ``facts["environment"]`` — which of the traceback's packages
changed version since that success — for the rule ``generic.package_changed``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from airflow_pipeline_debugger.adapters.airflow.try_logs import read_events
from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, JSONDict, TaskKey
from airflow_pipeline_debugger.evidence.environment import RECORD_LOGGER, parse_environment, versions
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.tolerant import as_dict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Bytes of the last success's log read for its record (written at the end of the try).
MAX_LOG_BYTES = 32 * 1024 * 1024
SOURCE = (
    "worker capture record of this try (traceback packages); environment record in the last "
    "successful try's log, read through Airflow's log reader"
)


def collect_environment(
    session: Session, bundle: EvidenceBundle, last_success: tuple[str, int] | None
) -> None:
    """Compare the traceback's package versions with the last success's; nothing without a capture."""
    key = bundle.context.key
    row = repository.get_by_try(
        session,
        dag_id=key.dag_id,
        run_id=key.run_id,
        task_id=key.task_id,
        map_index=key.map_index,
        try_number=key.try_number,
    )
    capture = as_dict(row.capture) if row is not None else {}
    environment = as_dict(capture.get("environment"))
    now = versions(environment.get("packages"))
    traceback = [n for n in environment.get("traceback") or [] if isinstance(n, str) and n in now]
    if not now or last_success is None:
        return
    then_key = replace(key, run_id=last_success[0], try_number=last_success[1])
    then = _recorded(session, then_key)
    facts: JSONDict = {"since": then_key.run_id, "packages": now, "traceback": traceback, "source": SOURCE}
    if then is None:
        facts["note"] = "the last successful try's log has no environment record (or could not be read)"
        bundle.facts["environment"] = facts
        return
    changed = [
        {"package": name, "now": version, "then": then[name], "in_traceback": name in traceback}
        for name, version in now.items()
        if then.get(name) and then[name] != version
    ]
    facts["changed"] = changed
    facts = redact_value(facts)
    bundle.facts["environment"] = facts
    lines = [
        f"{c['package']}: {c['then']} at the last success ({then_key.run_id}) -> {c['now']} now"
        + (" (in the failing traceback)" if c["in_traceback"] else "")
        for c in changed
    ] or [f"no version changed among {', '.join(sorted(now))} since the last success ({then_key.run_id})"]
    text = "\n".join(lines)
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.DIFF,
            name="package versions since last success",
            source=SOURCE,
            content=redact(text),
            size_bytes=len(text.encode()),
            summary={"changed": changed, "since": then_key.run_id},
        )
    )


def _recorded(session: Session, key: TaskKey) -> dict[str, str] | None:
    """The versions in a try's environment record (the last one written by the capture logger).

    A line with another logger or none (the task's own output, a plain-text log) cannot be told
    from a forged record, so it does not count.
    """
    found = None
    for event, logger in read_events(session, key, MAX_LOG_BYTES) or []:
        if logger == RECORD_LOGGER:
            found = parse_environment(event, key) or found
    return found
