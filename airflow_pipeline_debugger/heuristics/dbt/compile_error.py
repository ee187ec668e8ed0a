"""dbt stopped at parse/compile time: a Jinja, YAML or SQL-templating bug in the project (CODE)."""

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
from airflow_pipeline_debugger.heuristics.base import sentence
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, scratch_flags, stale_detail
from airflow_pipeline_debugger.heuristics.knowledge import classify

# "line 3" in a Jinja error, "line 12, column 4" in a YAML one.
_LINE_RE = re.compile(r"\bline (\d+)")


def _setup_message(*texts: str) -> bool:
    """Whether dbt's message is a known set-up error (a message, not just a header).

    A data message (``invalid literal for int()``) is not one: nothing ran, so the value came from
    the project (a var, a macro's literal), not from the data.
    """
    return any(
        m.prior.kind == "message" and m.prior.category not in (Category.CODE, Category.DATA)
        for m in classify(texts)
    )


class CompileError(DbtRule):
    """dbt raised a Compilation or Parsing Error before running any node.

    Nothing ran, so the data is not involved and a retry fails the same way; dbt wrote no new
    run_results.json, so any failures in the one on disk belong to an earlier run and are not blamed.
    """

    id = "dbt.compile_error"
    title = "dbt compilation error"
    reads = ("dbt.compile_error",)
    #: dbt raises many set-up problems as CompilationError too (uninstalled packages, missing env vars
    #: or vars, a package without this adapter's macro, packages at mismatched versions); the known
    #: ones are explained away, but a message nobody listed yet may be one more.
    max_confidence = 65

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the file and line dbt pointed at; none when dbt's own message is a set-up error.

        dbt reports a missing environment variable, an uninstalled package or a missing profile as a
        Compilation Error too; those are configuration (the knowledge rule names them).
        """
        a = hits[0].attributes
        model = str(a.get("model") or "")
        path = str(a.get("path") or "")
        detail = str(a.get("detail") or hits[0].message)
        if _setup_message(detail, *(s.message for s in hits)):
            return None
        line = _LINE_RE.search(detail)
        where = f"{path or model or 'the project'}" + (f" line {line.group(1)}" if line else "")
        flags = scratch_flags(bundle)
        select = f" --select {model}" if model else ""
        return self.finding(
            title=f"Compilation error in {model or path or 'the dbt project'}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=90,
            summary=(
                f"dbt could not render {where}: {sentence(detail)} "
                "The project failed to compile, so no model ran "
                "and retrying cannot help until the code is fixed."
            ),
            signals=hits[:2],
            details=[("where", where), ("dbt said", detail), *stale_detail(bundle)],
            immediate_fix=(
                f"Fix the template at {where} (balanced `{{{{ }}}}`/`{{% %}}`, valid ref/macro arguments), "
                f"then "
                f"check it with `dbt parse{flags}` and `dbt compile{select}{flags}` before clearing the task."
            ),
            change=f"Correct the Jinja/SQL at {where}; the message above shows the offending token.",
            prevention=(
                "Run `dbt parse` and `dbt compile` in CI on every change (slim CI: "
                "`dbt build --select state:modified+ --defer`), and a pre-commit hook such as sqlfluff "
                "with the "
                "dbt templater."
            ),
            monitoring=(
                "Alert on dbt invocations that end with 'Encountered an error' (no run_results written)."
            ),
        )
