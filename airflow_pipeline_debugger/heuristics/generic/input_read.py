"""What the code read from its input was empty or shaped otherwise: the input broke it (DATA).

``TypeError: 'NoneType' object is not subscriptable`` at ``total = cur.fetchone()[0]``, ``IndexError:
list index out of range`` at ``latest = rows[0]``, ``ZeroDivisionError`` at ``avg = total / len(rows)``
and ``string indices must be integers`` at ``rec["order_id"]`` all read as the code's bugs. The job's
own source says whose: the value indexed or divided by came from the task's input (the rows a query
returned, the files it listed, the JSON a service answered, and it was
empty, ``None`` or another shape than the code was written for. By the category guide the code is
right for the input it is entitled to expect, and the fix goes to the data or its producer (or the
code learns to handle an empty day, if an empty day is legitimate).

Read only from the source of the frame that raised (:mod:`...evidence.provenance`), only for the
errors an empty or reshaped value raises there, and only when that value came straight from a read
of the input; a value the code built itself stays the code's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import Use
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import (
    cited_site,
    exception_type,
    signal_frames,
    sites,
    user_frames,
)
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import not_carried_on_from

#: Likelihood of the input's cause when the failing value came straight from it; the code's query or
#: call (a wrong filter, a new endpoint) is the rival, so it stays under the confident band.
INPUT_LIKELIHOOD = 60


@dataclass(frozen=True)
class _Reading:
    """One failure an empty or reshaped input value raises, and what it says of the input.

    ``types`` (any when empty) and ``words`` (any when ``None``) match the exception; ``roles`` are the
    value's roles in the failing statement; ``via`` the conversions it may have gone through (``""``:
    none, the read's result or a key or element of it; a field split out of a line is the code's
    parsing, not the input's shape); ``calls`` the functions it must be passed to (any when empty).
    """

    types: frozenset[str]
    words: re.Pattern[str] | None
    roles: tuple[str, ...]
    via: frozenset[str]
    says: str
    calls: frozenset[str] = frozenset()

    def attribute(self, exc_type: str, detail: str) -> str | None:
        """``None`` when the exception is not this reading's; else the attribute it names (or ``""``)."""
        if self.types and exc_type not in self.types:
            return None
        if self.words is None:
            return ""
        found = self.words.search(detail)
        return None if found is None else str(found.groupdict().get("attr") or "")


_AS_READ = frozenset({""})
_READINGS = (
    _Reading(
        frozenset(),
        re.compile(r"string indices must be integers|list indices must be integers or slices, not str"),
        ("container",),
        _AS_READ,
        "it has another shape than the code reads (an envelope around the records, an object where a "
        "list was)",
    ),
    _Reading(
        frozenset(),
        re.compile(r"'(?:str|list|int|float)' object has no attribute '(?P<attr>get|keys|items|values)'"),
        ("attribute",),
        _AS_READ,
        "it has another shape than the code reads (a list or a string where a mapping was)",
    ),
    _Reading(
        frozenset(),
        re.compile(r"'NoneType' object is not subscriptable"),
        ("container",),
        _AS_READ,
        "it was empty (None: no row, no value)",
    ),
    _Reading(
        frozenset(),
        re.compile(r"'NoneType' object has no attribute '(?P<attr>\w{1,100})'"),
        ("attribute",),
        _AS_READ,
        "it was empty (None: no row, no value)",
    ),
    # Not a tuple's index: a row has every column its query selected (``fetchone()`` returns None when
    # there is no row), so ``row[2]`` out of range is the code reading a column it never selected.
    _Reading(
        frozenset(),
        re.compile(
            r"\blist index out of range|single positional indexer is out-of-bounds|"
            r"index -?\d+ is out of bounds"
        ),
        ("container",),
        _AS_READ,
        "it was empty (no element at the index the code reads)",
    ),
    _Reading(
        frozenset(),
        re.compile(r"\bdivision by zero|\bdivided by zero|\bmodulo by zero"),
        ("divisor",),
        frozenset({"", "len", "count", "sum"}),
        "it was empty (a count or total of zero)",
    ),
    _Reading(
        frozenset({"JSONDecodeError"}),
        None,
        ("argument",),
        _AS_READ,
        "it is not valid JSON (empty, cut short or another format)",
        frozenset({"load", "loads"}),
    ),
    _Reading(
        frozenset({"ValueError", "ParserError", "DateParseError"}),
        re.compile(
            r"does not match format|unconverted data remains|Invalid isoformat string|"
            r"Unknown (?:datetime )?string format|day is out of range for month|"
            r"(?:month|hour|minute|second) must be in"
        ),
        ("argument",),
        _AS_READ,
        "a value of it is not a date in the form the code parses",
        frozenset({"strptime", "fromisoformat", "to_datetime", "parse", "Timestamp"}),
    ),
)


class InputRead(SignalRule):
    """The value the failing line indexed or divided by came straight from the task's input."""

    id = "generic.input_read"
    title = "What the code read from its input broke it"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION, "spark.python_exception")
    read_together = True
    #: Not ``generic.input_broke_code``: a line of the log showing the input empty says more, and wins.
    supersedes = ("generic.python_exception", "generic.error_code", "spark.driver_code_error")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the value and the read it came from."""
        live = not_carried_on_from(bundle, hits)
        if not live:
            return None
        last = max(live, key=lambda s: s.lines[0].line_no if s.lines else -1)
        detail = str(last.attributes.get("detail") or last.attributes.get("message") or last.message)
        exc_type = exception_type(last)
        reading, attribute = next(
            ((r, a) for r in _READINGS if (a := r.attribute(exc_type, detail)) is not None), (None, "")
        )
        if reading is None:
            return None
        frames = traceback_frames(bundle, last) or signal_frames(last)
        innermost = user_frames(frames)[:1]
        for frame, source, found in (site for site in sites(bundle, frames) if [site[0]] == innermost):
            use = next(
                (
                    u
                    for u in found.by_role(*reading.roles, origin="input")
                    if u.setting.via in reading.via
                    and (not reading.calls or u.call in reading.calls)
                    # ``'NoneType' object has no attribute 'upsert'``: the value whose ``.upsert`` failed
                    and (not attribute or u.call == attribute)
                ),
                None,
            )
            if use is None:
                continue
            file, line, _ = frame
            cited = cited_site(source, int(line), found, use)
            return self._finding(
                last, use, reading.says, cited, where=f"{file}:{line}", statement=found.statement
            )
        return None

    def _finding(
        self, last: Signal, use: Use, says: str, cited: list[LogLine], *, where: str, statement: str
    ) -> RuleFinding:
        """The data finding: the failing line and the read its value came from, both cited."""
        said = shorten_middle(str(last.attributes.get("detail") or last.message), 120)
        if (name := exception_type(last)) and name not in said:
            said = f"{name}: {said}"
        origin = use.setting.describe()
        read = f" (`{use.setting.statement}`)" if use.setting.statement else ""
        return self.finding(
            title=f"{origin[:1].upper()}{origin[1:]} broke the task: {says.split(' (', 1)[0]}",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=INPUT_LIKELIHOOD,
            summary=sentence(
                f"The task raised {said} at {where}, on `{statement}`. The value `{use.name}` it failed on "
                f"is {origin}{read}, and {says}. The code is right for the input it was written for; check "
                "what the input held this run (and whether an empty or new shape is now legitimate)"
            ),
            lines=cited,
            signals=[last],
            evidence_ids=[cited[0].evidence_id],
            details=[("value", use.name), ("read from", use.setting.statement or origin)],
            immediate_fix=(
                "Check what the input held for this run (the query's rows, the files, the service's answer); "
                "once the producer delivered it as agreed, clear the task."
            ),
            change=(
                "Check the input where it is read and fail with a message naming it (no rows for the date, "
                "an unexpected response shape), or handle an empty day if it is legitimate."
            ),
            prevention="Make the dependency on the producer explicit (a sensor, an asset); agree its shape.",
            monitoring="Alert on empty or reshaped inputs before the consumer runs.",
        )
