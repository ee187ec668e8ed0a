"""A model's own key column is missing from its table: an incremental table older than its SQL (CONFIG).

A column named after the failing model with a key suffix (``orders_unique_key`` in ``shop__orders``)
is one the model itself creates, not one an upstream provides. The warehouse not finding it means
the statement reads the *existing* table, which an older version of the model built without that
key: an incremental model (or snapshot) whose new version (typically a package upgrade) adds or
renames its unique key. Incremental runs do not add columns (unless ``on_schema_change`` says so),
so the fix is a ``--full-refresh`` of those models, not a change to the SQL or to the data. When the
manifest says the model is a view or a table (rebuilt every run), this reading does not apply.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, names, project_flags

#: Suffixes of a key a model derives itself (surrogate or merge key), not a business column.
_KEY_SUFFIX_RE = re.compile(r"_(?:unique_key|unique_id|surrogate_key|sk|key|hash|hash_key)$")
_PREFIX_RE = re.compile(r"^(?:stg|int|fct|dim|base|rpt|agg|mart)_")
#: This many models failing on their own key at once are one upgrade, not chance.
MANY_MODELS = 2


def _own_key(model: str, column: str) -> bool:
    """Whether ``column`` is named after ``model`` with a key suffix (the model's own key)."""
    col = column.strip("\"'`").lower().rsplit(".", 1)[-1]
    if not _KEY_SUFFIX_RE.search(col):
        return False
    stem = _PREFIX_RE.sub("", model.lower().rsplit("__", 1)[-1])
    return len(stem) >= 3 and (col.startswith(stem) or col.startswith(stem.rstrip("s")))


def _pairs(bundle: EvidenceBundle, hits: list[Signal]) -> list[tuple[str, str, Signal]]:
    """``(model, column, signal)`` for each missing column, its model from the error block above it."""
    errors = sorted(
        (s for s in bundle.signals_with("dbt.database_error") if s.lines and s.attributes.get("model")),
        key=lambda s: s.lines[0].line_no,
    )
    pairs: list[tuple[str, str, Signal]] = []
    for hit in hits:
        model = str(hit.attributes.get("model") or "")
        if not model and hit.lines:
            above = [e for e in errors if e.lines[0].line_no <= hit.lines[0].line_no]
            model = str(above[-1].attributes["model"]) if above else ""
        column = str(hit.attributes.get("column") or "")
        if model and column and (model, column) not in [(m, c) for m, c, _ in pairs]:
            pairs.append((model, column, hit))
    return pairs


#: Materializations whose table survives a run (a view or a table is rebuilt every time).
_KEEPS_ITS_TABLE = frozenset({"incremental", "snapshot"})


def _materializations(bundle: EvidenceBundle) -> dict[str, str]:
    """Each failing node's materialization, where the manifest said it (``{name: "incremental"}``)."""
    failures = (bundle.facts.get("dbt") or {}).get("failures") or []
    return {
        str(f["name"]): str(f["materialized"])
        for f in failures
        if isinstance(f, dict) and f.get("name") and f.get("materialized")
    }


class NeedsFullRefresh(DbtRule):
    """Models fail because their own key column is missing from their existing (incremental) table."""

    id = "dbt.needs_full_refresh"
    title = "Incremental table older than its model: needs --full-refresh"
    reads = ("dbt.missing_column",)
    supersedes = ("dbt.missing_column", "generic.missing_object")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the models and their key columns; none unless the column is a model's own key."""
        built = _materializations(bundle)
        own = [
            (m, c, s)
            for m, c, s in _pairs(bundle, hits)
            if _own_key(m, c) and built.get(m, "incremental") in _KEEPS_ITS_TABLE
        ]
        if not own:
            return None
        # The manifest saying these models keep their table makes the reading; a name alone less so.
        known = all(m in built for m, _, _ in own)
        models = [m for m, _, _ in own]
        keys = [f"{c} ({m})" for m, c, _ in own]
        many = len(own) >= MANY_MODELS
        selector = " ".join(models[:6])
        return self.finding(
            title=f"{names(models, 3)}: the table lacks the model's own key column; needs --full-refresh"[
                :160
            ],
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=(74 if many else 64) - (0 if known else 6),
            summary=(
                f"The warehouse does not find {names(keys, 3)}: a key column named after the model itself "
                "(the column its unique key names), not one an upstream provides. The statement reads the "
                "existing table, built by an older version of the model: an incremental model whose new "
                "version (typically a package upgrade) added this key, and incremental runs do not add "
                f"columns. {'Several models failing the same way point at one upgrade. ' if many else ''}"
                "A --full-refresh of these models rebuilds their tables with the new schema."
            ),
            signals=[s for _, _, s in own[:3]],
            details=[("models", names(models, 6)), ("missing key columns", names(keys, 6))],
            immediate_fix=(
                "Rebuild the tables from scratch (the release notes of an upgraded package usually ask for "
                "it), then clear the task:"
            ),
            immediate_fix_code=[
                CodeBlock(
                    f"dbt run --full-refresh --select {selector}{project_flags(bundle)}",
                    CodeLanguage.SHELL,
                    changes_state=True,
                )
            ],
            change=(
                "Set `on_schema_change: append_new_columns` (or sync_all_columns) on incremental models "
                "whose columns may grow, and read a package's release notes for required full refreshes."
            ),
            prevention=(
                "Run upgrades of dbt packages in a staging environment with `dbt build --full-refresh` first."
            ),
            monitoring="Alert on missing-column errors right after dbt package upgrades.",
        )
