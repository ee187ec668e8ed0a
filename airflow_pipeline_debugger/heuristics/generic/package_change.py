"""A package the failing traceback runs through changed version since the last success (CONFIG).

``facts["environment"]`` (``adapters/airflow/environment.py``) lists the packages whose version
differs between the failed try and the task's last successful try. When the failing traceback runs
through one of them, the upgrade (or downgrade) is the first suspect: the task's code and data may
be unchanged. By the category guide versions are set-up (``config``): the fix is to pin the version
that worked or to adapt the code to the new one. The finding is strongest when the exception was
raised inside that package — the change and the error point at the same name.
"""

from __future__ import annotations

from typing import Any

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import evidence_of, fact
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.generic.error_codes import decisive_code

#: A package of the traceback changed version since the last success.
CHANGED_LIKELIHOOD = 74
#: When the exception was raised inside that package (its frame is the innermost installed one).
RAISED_THERE_BONUS = 8


class PackageChanged(Heuristic):
    """A package the failing traceback runs through has another version than at the last success."""

    id = "generic.package_changed"
    title = "Package version changed since the last success"
    requires = frozenset({"environment"})
    supersedes = ("generic.python_exception", "generic.error_code")

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """A config finding naming the package and both versions, when the traceback runs through it."""
        facts = fact(bundle, "environment")
        changed = [c for c in facts.get("changed") or [] if isinstance(c, dict) and c.get("in_traceback")]
        if not changed:
            return None
        traceback = [str(n) for n in facts.get("traceback") or []]
        innermost = traceback[-1] if traceback else ""
        first: dict[str, Any] = next((c for c in changed if c.get("package") == innermost), changed[0])
        name, now, then = str(first.get("package")), str(first.get("now")), str(first.get("then"))
        raised_there = name == innermost
        found = decisive_code(bundle)
        others = [f"{c.get('package')} {c.get('then')} -> {c.get('now')}" for c in changed if c is not first]
        return self.finding(
            title=f"The traceback runs through {name} {now}, {then} at the last success",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=CHANGED_LIKELIHOOD + (RAISED_THERE_BONUS if raised_there else 0),
            summary=sentence(
                f"The failing traceback runs through {name} {now}; the task's last successful run "
                f"({facts.get('since')}) had {then}"
                + (f", and the exception was raised inside {name}" if raised_there else "")
                + (f". Also changed: {', '.join(others)}" if others else "")
            ),
            lines=[found.line] if found is not None and found.line is not None else [],
            evidence_ids=evidence_of(bundle, EvidenceKind.DIFF),
            details=[
                ("package", name),
                ("now", now),
                ("at the last success", then),
                ("raised inside it", "yes" if raised_there else "no"),
            ],
            immediate_fix=(
                f"Pin {name}=={then} (the version of the last success) in the worker's environment, "
                "then clear the task."
            ),
            change=f"Adapt the task's code to {name} {now}, or keep the pin until it is adapted.",
            prevention=(
                "Install the workers from a constraints or lock file, and test the DAGs against "
                "a package upgrade before it reaches production."
            ),
            monitoring=f"Record the {name} version per run and alert when it changes.",
            # Image rebuilds change many packages and most tracebacks pass through pandas or requests:
            # only an error raised inside the changed package, and not one whose documented meaning is
            # the data or a remote service (an HTTP 503, a parse error of the input) passing through it,
            # ties the failure to the upgrade.
            max_confidence=None if raised_there and not _meaning_elsewhere(found) else AMBIGUOUS_CEILING,
        )


def _meaning_elsewhere(found: Any) -> bool:
    """Whether the error's documented meaning is specific and puts the fix in the data or the platform."""
    if found is None:
        return False
    prior = found.match.prior
    return not prior.generic and prior.category in (Category.DATA, Category.INFRA)
