"""A table or view does not exist: a missing source (DATA) or an unbuilt parent model (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, project_flags, rebuild


class MissingRelation(DbtRule):
    """A model reads a relation that is not in the warehouse.

    A declared *source* that is missing means the upstream load did not happen or dropped/renamed the
    table (DATA). A missing *model* of this project means it was not built before its child: the
    selection or the task order skipped it (CONFIG). Without the manifest's word on what the relation
    is, the reading is a guess (DATA, under the confident band).
    """

    id = "dbt.missing_relation"
    title = "Relation does not exist"
    reads = ("dbt.missing_relation",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding whose category follows what the manifest says the relation is."""
        a = hits[0].attributes
        relation = str(a.get("relation") or "?")
        model = str(a.get("model") or "the model")
        kind = str(a.get("relation_kind") or "unknown")
        node = str(a.get("relation_node") or relation)
        flags = project_flags(bundle)
        details = [("relation", relation), ("read by", model), ("manifest says it is", kind)]
        if relation.rsplit(".", 1)[-1].strip('"`').lower() == model.lower():
            return self._reads_itself(hits, model, details)
        if kind in {"model", "seed", "snapshot"}:
            return self.finding(
                title=f"{node} was not built before {model}",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=82,
                summary=(
                    f"{model} reads {node}, a {kind} of this project that does not exist in the target "
                    f"schema: "
                    "the run selected the child without its parent, or the tasks ran out of order."
                ),
                signals=hits[:2],
                details=details,
                immediate_fix=f"Build {node} first, with {model} and everything between them:",
                immediate_fix_code=[rebuild(bundle, f"+{model}")],
                change=(
                    f"Include {node} in the selection (`--select +{model}`), or order the Airflow tasks so "
                    f"the "
                    f"task building {node} runs before the one building {model}."
                ),
                prevention=(
                    "Let one `dbt build` (or Cosmos' per-model tasks) own the DAG order instead of "
                    "hand-made selections."
                ),
                monitoring=f"Alert when {node} is missing or older than its children after a deployment.",
            )
        likelihood = 86 if kind == "source" else 70
        return self.finding(
            title=f"Upstream table {node} is missing",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=likelihood,
            summary=(
                f"{model} reads {node}{' (a declared source)' if kind == 'source' else ''}, which does not "
                f"exist "
                "in the warehouse: the upstream load did not run, failed, or dropped/renamed the table. "
                "The dbt "
                "code did not change the relation's name."
            ),
            signals=hits[:2],
            details=details,
            immediate_fix=(
                f"Check the job that loads {node} (did it run? did it rename the table?); once the table "
                f"is back, rebuild {model} and everything downstream:"
            ),
            immediate_fix_code=[rebuild(bundle, f"{model}+")],
            change=(
                f"If the table was renamed on purpose, update the source definition of {node} "
                f"(`identifier:` in "
                "its sources YAML) instead of the models."
            ),
            prevention=(
                f"Gate dbt on the upstream load (an Airflow sensor or asset on {node}) and declare "
                f"`freshness:` on "
                "the source so `dbt source freshness` fails fast."
            ),
            monitoring=f"Run `dbt source freshness{flags}` before builds and alert on its errors.",
            # Not in the manifest (or none read): an unbuilt parent model (config), a table the SQL
            # names by hand with a typo (code) and a source never loaded (data) read the same.
            max_confidence=None if kind == "source" else AMBIGUOUS_CEILING,
        )

    def _reads_itself(self, hits: list[Signal], model: str, details: list[tuple[str, str]]) -> RuleFinding:
        """The model reads its own table (``{{ this }}``) before it exists: a first or full-refresh run."""
        return self.finding(
            title=f"{model} reads its own table, which does not exist yet (no is_incremental() guard)",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=72,
            summary=(
                f"The missing table is {model} itself: its SQL reads {{{{ this }}}} (a max() of the last "
                "load, a lookup of earlier rows) outside an `{% if is_incremental() %}` block, so the "
                "first run (or a --full-refresh) fails before the table exists. The model's SQL is what to "
                "fix."
            ),
            signals=hits[:2],
            details=details,
            immediate_fix=(
                f"Wrap every read of {{{{ this }}}} in {model} in `{{% if is_incremental() %}} … "
                "{% endif %}`, then run it again."
            ),
            change=f"Guard the incremental part of {model} with is_incremental(); build it from empty in CI.",
            prevention="Build new incremental models with --full-refresh against an empty schema in CI.",
            monitoring=f"Alert on the first run of {model} in each environment.",
        )
