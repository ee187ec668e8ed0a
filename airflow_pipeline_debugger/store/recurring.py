"""Which causes recur: investigations grouped by fingerprint, failure-to-answer times, daily counts.

The fingerprint is the engine's task-scope incident key (DAG, task, root-cause rule, normalised
error), the same one that threads repeats in Slack. Pure functions over :class:`Occurrence` rows
(the repository reads them), for the recurring-causes API and page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

SUCCEEDED = "succeeded"


@dataclass(frozen=True)
class Occurrence:
    """One investigation of a failed try, as the overview needs it."""

    investigation_id: str
    fingerprint: str
    dag_id: str
    task_id: str
    category: str
    title: str
    status: str
    created_at: datetime
    finished_at: datetime | None = None


@dataclass
class Recurrence:
    """One cause seen one or more times: how often, since when, where, and how the last one ended."""

    fingerprint: str
    title: str
    category: str
    count: int
    first_seen: datetime
    last_seen: datetime
    dag_ids: list[str]
    last_status: str
    last_investigation_id: str
    owners: list[str] = field(default_factory=list)


def recurring(occurrences: Iterable[Occurrence]) -> list[Recurrence]:
    """Answered failures grouped by fingerprint; most frequent first, then most recent."""
    groups: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        if occurrence.fingerprint:
            groups.setdefault(occurrence.fingerprint, []).append(occurrence)
    out = []
    for fingerprint, members in groups.items():
        members.sort(key=lambda o: o.created_at)
        last = members[-1]
        out.append(
            Recurrence(
                fingerprint=fingerprint,
                title=last.title,
                category=last.category,
                count=len(members),
                first_seen=members[0].created_at,
                last_seen=last.created_at,
                dag_ids=sorted({o.dag_id for o in members}),
                last_status=last.status,
                last_investigation_id=last.investigation_id,
            )
        )
    out.sort(key=lambda r: (-r.count, -r.last_seen.timestamp(), r.fingerprint))
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q``-th percentile (0 < q ≤ 100) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def answer_seconds(occurrences: Iterable[Occurrence]) -> list[float]:
    """Seconds from the failure being picked up to the root cause, for every answered investigation."""
    return [
        (o.finished_at - o.created_at).total_seconds()
        for o in occurrences
        if o.status == SUCCEEDED and o.finished_at is not None and o.finished_at >= o.created_at
    ]


def uninvestigated_share(occurrences: Sequence[Occurrence]) -> float | None:
    """Share of failures with no root cause (yet): queued, running, failed or interrupted."""
    if not occurrences:
        return None
    return sum(1 for o in occurrences if o.status != SUCCEEDED) / len(occurrences)


def per_day(occurrences: Iterable[Occurrence]) -> list[tuple[str, dict[str, int]]]:
    """Failures per day (UTC date) and category, days in order (days without failures left out)."""
    days: dict[str, dict[str, int]] = {}
    for o in occurrences:
        counts = days.setdefault(o.created_at.date().isoformat(), {})
        category = o.category or "unknown"
        counts[category] = counts.get(category, 0) + 1
    return sorted(days.items())
