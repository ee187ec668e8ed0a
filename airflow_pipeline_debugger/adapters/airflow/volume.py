"""Input volume: what the failed try said it read, against what the task's successful runs read.

An on-call engineer's second question is "did the input look normal?". The counts come from the
row-count lines a task prints (``generic.row_count``: ``Extracted 0 rows from orders_export``). The
failed try's are the scanner's signals, plus the rows each dbt node wrote in its ``run_results.json``
(``adapter_response.rows_affected``, keyed like dbt's per-model log line); an earlier successful
try's are read once from its own log through Airflow's log reader (remote logging included) and kept
in ``pipeline_debugger_task_volume``, so the history survives log rotation and no log is read twice.
Only the task's own tries are read, each through the same reader the tab's log view uses.

A Spark task's tries also carry the bytes and records each input read (:mod:`..spark.volume`):
the failed try's from the event log the Spark adapter parsed, an earlier success's from the event
log its own log announced, read in the same pass as its row counts (why then and not at success is
in that module).

``facts["volume"]`` lists, per input, the failed try's count, the median over the successful runs
that printed one and the last success's count; the rule ``generic.abnormal_volume`` judges them.
The runner calls :func:`collect_volume` from the Airflow metadata collector, with its session.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.airflow.try_logs import read_events
from airflow_pipeline_debugger.adapters.spark.volume import failed_try_measures, success_measures
from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, JSONDict, TaskKey
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.logscan import LogScanner, ScanLimits
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.tolerant import amount_text, as_int, clip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Successful tries (newest first) the failed try is compared with.
HISTORY_SUCCESSES = 10
#: Logs of earlier successes read in one investigation; the rest wait for the next one (kept counts
#: are never read again, so the history fills up over a few investigations at most).
MAX_LOG_READS = 10
#: Bytes of an earlier success's log looked at (its head: a count is printed when the read is done,
#: and a successful task's log rarely grows past this).
MAX_HISTORY_LOG_BYTES = 8 * 1024 * 1024
#: Row-count lines kept per log (the last one per input wins).
MAX_COUNT_LINES = 200
#: Verbs of a count of rows written into the named relation (dbt's ``OK created … model x``).
WRITE_VERBS = frozenset({"created", "inserted", "merged", "snapshotted"})
#: How a label says where the rows came from or went (``out of x`` reads as ``from x``).
PREPOSITIONS = {"out of": "from", "of": "from", "to": "into"}
ROW_COUNT_PATTERNS = tuple(p for p in G.PATTERNS if p.code == G.ROW_COUNT)
SOURCE = (
    "task log row counts (and dbt run_results.json rows_affected, Spark event-log input bytes and "
    "records per input): this try, and earlier successful tries read through Airflow's log reader "
    "and the event logs they announced (kept in pipeline_debugger_task_volume)"
)


@dataclass(frozen=True)
class Measure:
    """One count a try printed: what was counted (``key``), how many, and the line that said so.

    ``input`` names what was read when the key is not that name (a Spark input's two measures);
    ``scale`` is ``size`` for a number of bytes shown as ``1.2 GB``; ``partial`` marks a lower
    bound (a Spark stage that did not finish reading).
    """

    key: str
    label: str
    value: int
    unit: str
    source: str
    input: str = ""
    scale: str = ""
    partial: bool = False

    def to_json(self) -> JSONDict:
        """The stored and factual shape (``measures[key]``)."""
        extra = {"input": self.input, "scale": self.scale, "partial": self.partial}
        return {
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            **{k: v for k, v in extra.items() if v},
        }

    @classmethod
    def of(cls, key: str, data: Mapping[str, Any]) -> Measure | None:
        """A measure from its stored shape; ``None`` when it has no integer value."""
        value = as_int(data.get("value"))
        if value is None:
            return None
        return cls(
            key=key,
            label=str(data.get("label") or key),
            value=value,
            unit=str(data.get("unit") or ""),
            source=str(data.get("source") or ""),
            input=str(data.get("input") or ""),
            scale=str(data.get("scale") or ""),
            partial=bool(data.get("partial")),
        )


def measure(attributes: Mapping[str, Any], where: str) -> Measure | None:
    """A :class:`Measure` from the attributes of a row-count hit; ``None`` when its count is unusable.

    The key is the input's name when the line gives one, else what was done (``rows loaded``), so
    the same line in two runs compares with itself.
    """
    digits = str(attributes.get("count") or "").replace(",", "")
    if not digits.isdigit():
        return None
    count = int(digits)
    verb = str(attributes.get("verb") or "").lower()
    unit = f"{str(attributes.get('unit') or 'row').lower()}s"
    name = clip(str(attributes.get("input") or "").rstrip(".,;:/").strip('"`'), 120)
    prep = str(attributes.get("prep") or "").lower()
    prep = PREPOSITIONS.get(prep, prep) or ("in" if verb in WRITE_VERBS else "from")
    label = f"{unit} {verb}" + (f" {prep} {name}" if name else "")
    return Measure(key=name or f"{unit} {verb}", label=label, value=count, unit=unit, source=where)


def measures_in(signals: Iterable[Any]) -> dict[str, Measure]:
    """The failed try's counts from its row-count signals, the last line per key winning."""
    found: dict[str, Measure] = {}
    for signal in sorted(
        (s for s in signals if s.code == G.ROW_COUNT), key=lambda s: s.lines[0].line_no if s.lines else 0
    ):
        where = f"task log {signal.lines[0].cite()}" if signal.lines else "task log"
        got = measure(signal.attributes, where)
        if got is not None:
            found[got.key] = got
    return found


def measures_in_results(dbt: Mapping[str, Any]) -> dict[str, Measure]:
    """The rows each dbt node of the failed try wrote, from its ``run_results.json`` (``adapter_response``).

    Keyed like dbt's ``OK created … model main.orders [SELECT n]`` line, so they compare with the counts
    earlier successes printed; ``facts["dbt"]["rows_affected"]`` is the dbt adapter's.
    """
    found: dict[str, Measure] = {}
    for node in dbt.get("rows_affected") or []:
        rows = as_int(node.get("rows")) if isinstance(node, dict) else None
        relation = clip(str(node.get("relation") or ""), 120) if isinstance(node, dict) else ""
        if rows is None or not relation:
            continue
        node_id = clip(str(node.get("unique_id") or relation), 200)
        found[relation] = Measure(
            key=relation,
            label=f"rows written to {relation}",
            value=rows,
            unit="rows",
            source=f"run_results.json adapter_response.rows_affected of {node_id}",
        )
    return found


def measures_in_text(text: str, where: str) -> dict[str, Measure]:
    """Counts printed in a log held in memory (an earlier try's), the last line per key winning."""
    limits = ScanLimits(max_hits_per_code=MAX_COUNT_LINES, max_bytes=MAX_HISTORY_LOG_BYTES)
    result = LogScanner(list(ROW_COUNT_PATTERNS), limits).scan_text(text)
    found: dict[str, Measure] = {}
    for hit in sorted(result.hits, key=lambda h: h.line_no):
        got = measure(hit.attributes, f"{where} line {hit.line_no}")
        if got is not None:
            found[got.key] = got
    return found


def compare(now: Mapping[str, Measure], history: Sequence[tuple[str, Mapping[str, Any]]]) -> list[JSONDict]:
    """Per measure of the failed try: the median and last value over the successes that printed it.

    :param history: ``(run_id, measures)`` of earlier successful tries, newest first, as stored.
    """
    out: list[JSONDict] = []
    for key, current in now.items():
        values: list[tuple[str, int]] = []
        for run_id, measures in history:
            entry = measures.get(key)
            value = as_int(entry.get("value")) if isinstance(entry, dict) else None
            if value is not None:
                values.append((run_id, value))
        row: JSONDict = {**current.to_json(), "input": current.input or key, "runs": len(values)}
        if values:
            median = statistics.median(v for _, v in values)
            row.update(
                {
                    "median": median,
                    "last_success": values[0][1],
                    "last_success_run": values[0][0],
                    "ratio": round(current.value / median, 4) if median else None,
                }
            )
        out.append(row)
    return out


def collect_volume(
    session: Session,
    bundle: EvidenceBundle,
    successes: Sequence[tuple[str, int]],
    files: FileAccess | None = None,
) -> None:
    """Compare the failed try's counts with the earlier successes' ones (read and kept when new).

    :param successes: ``(run_id, try_number)`` of the task's earlier successful tries, newest first.
    :param files: the allow-listed reader the successes' Spark event logs are read through (``None``:
        their logs' row counts only).
    Does nothing when the failed try printed no count (there is nothing to compare).
    """
    key = bundle.context.key
    dbt = bundle.facts.get("dbt")
    spark = bundle.facts.get("spark")
    spark_measures = failed_try_measures(spark) if isinstance(spark, dict) else {}
    now = {
        **measures_in(bundle.signals),
        **measures_in_results(dbt if isinstance(dbt, dict) else {}),
        **{k: m for k, data in spark_measures.items() if (m := Measure.of(k, data))},
    }
    if not now:
        return
    compared = list(successes[:HISTORY_SUCCESSES])
    kept = repository.task_volumes(
        session, key.dag_id, key.task_id, key.map_index, {run_id for run_id, _ in compared}
    )
    history: list[tuple[str, Mapping[str, Any]]] = []
    reads = 0
    for run_id, try_number in compared:
        measures = kept.get((run_id, try_number))
        if measures is None and reads < MAX_LOG_READS:
            reads += 1
            measures = _read_success(session, replace(key, run_id=run_id, try_number=try_number), files)
        if measures is not None:
            history.append((run_id, measures))
    rows = redact_value(compare(now, history))
    facts: JSONDict = {"measures": rows, "successes_compared": len(history), "source": SOURCE}
    bundle.facts["volume"] = facts
    text = "\n".join(describe(row) for row in rows)
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.RUN_HISTORY,
            name="input volume vs earlier successful runs",
            source=SOURCE,
            content=redact(text),
            size_bytes=len(text.encode()),
            summary={"measures": rows},
        )
    )


def describe(row: Mapping[str, Any], unseen: str = "no earlier successful run printed this count") -> str:
    """``rows extracted from orders_export: 0 (task log E1:L42); median 48,213 over 12 successful runs …``.

    :param unseen: what to say when no earlier run has the measure.
    """
    scale = str(row.get("scale") or "")
    partial = " (at least: a stage reading it did not finish)" if row.get("partial") else ""
    head = f"{row['label']}: {amount_text(row['value'], scale)}{partial} ({row['source']})"
    if not row.get("runs"):
        return f"{head}; {unseen}"
    return (
        f"{head}; median {amount_text(row['median'], scale)} over {row['runs']} successful run(s), "
        f"{amount_text(row['last_success'], scale)} at the last success ({row['last_success_run']})"
    )


def _read_success(session: Session, key: TaskKey, files: FileAccess | None) -> JSONDict | None:
    """Read one earlier successful try's log (and Spark event log) for its counts and keep them.

    ``None`` when its log is unreadable (it is tried again by the next investigation).
    """
    events = read_events(session, key, MAX_HISTORY_LOG_BYTES)
    if events is None:
        return None
    text = "\n".join(event for event, _ in events)
    where = f"task log of {key.run_id} try {key.try_number}"
    measures = {k: m.to_json() for k, m in measures_in_text(text, where).items()}
    if files is not None:
        measures.update(success_measures(text, files))
    repository.record_task_volume(session, key, measures)
    return measures
