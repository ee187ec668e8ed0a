"""What belongs to the failed try, and how a read that does not belong to it is refused.

Allow-listed roots say where an adapter may read; they do not say whose files those are. A Spark
history folder or a dbt ``target/`` is shared by every task that writes there, and a task log can
name any other job's id. So a runner request carries the try's :class:`TryScope` — when the try ran
and the ids its worker recorded — and an adapter keeps only artifacts it can tie to that try (its
own announcements in the log, the artifact's own start time and ids). Whatever it cannot tie is
refused with :func:`refuse`: a ``collection_error`` piece of evidence that says why, which the
engine lists among the evidence gaps, so a refusal is never silent and never used as fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind
from airflow_pipeline_debugger.evidence.redact import redact

#: Clock difference tolerated between the host that wrote an artifact and Airflow's metadata DB.
CLOCK_SLACK = timedelta(seconds=60)
#: Refusals recorded per investigation; past this they are counted in the last one.
MAX_REFUSALS = 5
#: Prefix of a refusal's text: the evidence-gap line starts with it.
REFUSED = "not used as this try's evidence"


@dataclass(frozen=True)
class TryScope:
    """The failed try as the runner knows it from the metadata DB and the worker's capture.

    :param start: when the try started (``start_date``); ``None`` when the DB has none.
    :param end: when it ended (``end_date``); ``None`` while the row has none.
    :param app_ids: Spark application ids the worker's capture recorded for this try.
    :param chosen: files users added to this investigation: read as given, they chose them.
    """

    start: datetime | None = None
    end: datetime | None = None
    app_ids: tuple[str, ...] = ()
    chosen: tuple[Path, ...] = ()

    def within(self, moment: datetime) -> bool:
        """Whether ``moment`` lies in the try's window (with :data:`CLOCK_SLACK` either side).

        An open end (a try still recorded as running) is open: only the start bounds it.
        """
        moment = _aware(moment)
        if self.start is not None and moment < _aware(self.start) - CLOCK_SLACK:
            return False
        return self.end is None or moment <= _aware(self.end) + CLOCK_SLACK

    def describe(self) -> str:
        """``2026-12-06 07:01:02 to 2026-12-06 07:03:40 UTC``: the window as refusals quote it."""
        start = f"{_aware(self.start):%Y-%m-%d %H:%M:%S}" if self.start else "an unknown start"
        end = f"{_aware(self.end):%Y-%m-%d %H:%M:%S}" if self.end else "still running"
        return f"{start} to {end} UTC"

    def is_chosen(self, path: Path) -> bool:
        """Whether ``path`` is (inside) a file users added to the investigation."""
        return any(path == c or path.is_relative_to(c) for c in self.chosen)


def _aware(moment: datetime) -> datetime:
    """Naive datetimes from the metadata DB are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def from_epoch_ms(value: float) -> datetime:
    """A Java/Spark millisecond timestamp as an aware datetime."""
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def refuse(bundle: EvidenceBundle, name: str, source: str, reason: str) -> None:
    """Record that ``name`` was not read because it is not the try's own, and why.

    At most :data:`MAX_REFUSALS` are kept as evidence: a log naming a hundred other jobs must not
    bury the investigation under its refusals.
    """
    refused = [
        e
        for e in bundle.evidence
        if e.kind is EvidenceKind.COLLECTION_ERROR and e.content.startswith(REFUSED.capitalize())
    ]
    if len(refused) >= MAX_REFUSALS:
        last = refused[-1]
        last.summary["more_refused"] = int(last.summary.get("more_refused", 0)) + 1
        return
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name=redact(name),
            source=redact(source),
            content=redact(f"{REFUSED.capitalize()}: {reason}"),
            summary={"refused": True},
        )
    )
