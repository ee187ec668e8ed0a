"""The warehouse refused an action: the dbt role lacks a privilege (CONFIG)."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, hits_say, sentence
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, dbt_facts, project_flags

#: One message for two failures: Snowflake's ``Object 'X' does not exist or not authorized``, and
#: BigQuery's ``Permission bigquery.tables.get denied on table X (or it may not exist)`` and ``User does
#: not have permission to query table X, or perhaps it does not exist in location US``.
_MISSING_OR_DENIED_RE = re.compile(
    r"does not exist or not authori[sz]ed|\(or it may not exist\)|or perhaps it does not exist",
    re.IGNORECASE,
)


class PermissionDenied(DbtRule):
    """dbt's connection is not allowed to read or write what the run needs.

    Permission denied, insufficient privileges, access denied, or a database opened read-only: the
    role, grant or target configuration is wrong, not the code or the data, and a retry will not help.
    """

    id = "dbt.permission_denied"
    title = "Warehouse permission denied"
    reads = ("dbt.permission_denied",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the refused statement and the target used."""
        a = hits[0].attributes
        detail = str(a.get("detail") or hits[0].message)
        model = str(a.get("model") or "")
        target = str(dbt_facts(bundle).get("target") or "")
        flags = project_flags(bundle)
        on = f" on {model}" if model and model != "?" else ""
        # No grant (config), a source not loaded (data) or a misspelt name (code): one message.
        either = _MISSING_OR_DENIED_RE.search(detail) or hits_say(hits, _MISSING_OR_DENIED_RE)
        return self.finding(
            title=f"The warehouse refused dbt's statement{on}" + (f" (target '{target}')" if target else ""),
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=88,
            summary=(
                f"dbt's role is not allowed to do what the run needs{on}: {sentence(detail)} "
                "This is configuration of the connection (role, grants, read-only target), so a retry "
                "fails the same way."
            ),
            signals=hits[:2],
            details=[("refused", detail), ("target", target or "unknown")],
            immediate_fix=(
                f"Check which credentials the task uses (`dbt debug{flags}`); grant the missing privilege "
                f"(USAGE/"
                "CREATE on the schema, SELECT on the sources) or point the task at a writable target."
            ),
            change=(
                "Fix the profile/connection: the right role and schema in profiles.yml (or the Airflow "
                "connection "
                "Cosmos maps), and the grants for that role in the warehouse."
            ),
            prevention="Manage warehouse grants as code and run `dbt debug` against each target in CI.",
            monitoring=(
                "Alert on permission errors separately from data test failures: they need an admin, "
                "not a fix."
            ),
            max_confidence=AMBIGUOUS_CEILING if either else None,
        )
