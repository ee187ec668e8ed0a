"""How often the answers were right, from what users said of them (👍 / 👎 and the real cause).

Pure functions over :class:`Answer` rows (the repository reads them): the accuracy API and panel
group them per category, per rule or model, per DAG and per week; the runner asks for one rule's
track record on one DAG to flag an answer whose rule users keep marking wrong there.

Shares are of the *rated* answers (``confirmed / rated``): an answer nobody rated says nothing about
accuracy, so how many were rated at all is reported beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

UP = "up"
DOWN = "down"
#: Rated answers of one rule on one DAG that its track record looks back over.
TRACK_RECORD_ANSWERS = 20
#: Real causes listed per group (the API's overall list has its own cap).
CAUSES_PER_GROUP = 5


def answer_source(rule_id: str, engine: str, model: str) -> str:
    """What produced a root cause: its rule id, else ``model <name>`` (or the engine's name)."""
    if rule_id:
        return rule_id
    if model:
        return f"model {model}"
    return engine or "unknown"


@dataclass(frozen=True)
class Answer:
    """One root cause given, and what its user said of it (``feedback`` None: not rated)."""

    investigation_id: str
    dag_id: str
    task_id: str
    category: str
    source: str
    title: str
    answered_at: datetime
    feedback: str | None = None
    comment: str = ""
    user: str = ""
    rated_at: datetime | None = None


@dataclass(frozen=True)
class RealCause:
    """A user's account of what was really wrong with an answer marked wrong."""

    investigation_id: str
    dag_id: str
    task_id: str
    source: str
    answered: str
    real_cause: str
    user: str
    at: datetime | None

    @classmethod
    def of(cls, answer: Answer) -> RealCause:
        """From an answer marked wrong."""
        return cls(
            investigation_id=answer.investigation_id,
            dag_id=answer.dag_id,
            task_id=answer.task_id,
            source=answer.source,
            answered=answer.title,
            real_cause=answer.comment,
            user=answer.user,
            at=answer.rated_at,
        )


@dataclass
class Tally:
    """Counts for one group (a category, a rule, a DAG, a week, or everything)."""

    key: str
    answers: int = 0
    confirmed: int = 0
    wrong: int = 0
    real_causes: list[RealCause] = field(default_factory=list)

    @property
    def rated(self) -> int:
        """Answers someone confirmed or marked wrong."""
        return self.confirmed + self.wrong

    @property
    def confirmed_share(self) -> float | None:
        """Confirmed of rated (None when nothing was rated)."""
        return self.confirmed / self.rated if self.rated else None

    @property
    def wrong_share(self) -> float | None:
        """Marked wrong of rated (None when nothing was rated)."""
        return self.wrong / self.rated if self.rated else None

    def add(self, answer: Answer, max_causes: int) -> None:
        """Count one answer; keep its real cause when it was marked wrong with one."""
        self.answers += 1
        if answer.feedback == UP:
            self.confirmed += 1
        elif answer.feedback == DOWN:
            self.wrong += 1
            if answer.comment and len(self.real_causes) < max_causes:
                self.real_causes.append(RealCause.of(answer))


@dataclass
class Accuracy:
    """Every answer in a window, grouped four ways; groups with the most answers first (weeks in order)."""

    totals: Tally
    by_category: list[Tally]
    by_source: list[Tally]
    by_dag: list[Tally]
    by_week: list[Tally]


def week_of(moment: datetime) -> str:
    """The ISO date of the Monday starting the week of ``moment``."""
    return (moment.date() - timedelta(days=moment.weekday())).isoformat()


def _group(
    answers: Sequence[Answer], key: Callable[[Answer], str], max_causes: int = CAUSES_PER_GROUP
) -> dict[str, Tally]:
    groups: dict[str, Tally] = {}
    for answer in answers:
        name = key(answer)
        groups.setdefault(name, Tally(name)).add(answer, max_causes)
    return groups


def _busiest(groups: dict[str, Tally]) -> list[Tally]:
    return sorted(groups.values(), key=lambda t: (-t.answers, -t.wrong, t.key))


def measure(answers: Iterable[Answer], *, max_causes: int = 50) -> Accuracy:
    """Group ``answers`` (real causes newest first, ``max_causes`` overall)."""
    ordered = sorted(answers, key=lambda a: a.rated_at or a.answered_at, reverse=True)
    totals = Tally("all")
    for answer in ordered:
        totals.add(answer, max_causes)
    weeks = _group(ordered, lambda a: week_of(a.answered_at))
    return Accuracy(
        totals=totals,
        by_category=_busiest(_group(ordered, lambda a: a.category or "unknown")),
        by_source=_busiest(_group(ordered, lambda a: a.source)),
        by_dag=_busiest(_group(ordered, lambda a: a.dag_id)),
        by_week=[weeks[k] for k in sorted(weeks)],
    )


def track_record(answers: Iterable[Answer], source: str, last: int = TRACK_RECORD_ANSWERS) -> Tally:
    """The last ``last`` rated answers from ``source`` among ``answers`` (those of one DAG)."""
    rated = [a for a in answers if a.source == source and a.feedback in (UP, DOWN)]
    rated.sort(key=lambda a: a.rated_at or a.answered_at, reverse=True)
    tally = Tally(source)
    for answer in rated[:last]:
        tally.add(answer, 0)
    return tally


def confidence_note(record: Tally, threshold: int) -> str:
    """The flag an answer carries when its source was marked wrong more than ``threshold`` times here."""
    if record.wrong <= threshold:
        return ""
    what = "this model" if record.key.startswith("model ") else "this rule"
    return (
        f"{what} ({record.key}) was marked wrong {record.wrong} of the last {record.rated} times "
        "it was rated on this DAG"
    )
