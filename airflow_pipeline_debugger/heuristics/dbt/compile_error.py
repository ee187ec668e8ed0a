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
from airflow_pipeline_debugger.heuristics.dbt._common import (
    DbtRule,
    installed_package,
    scratch_flags,
    stale_detail,
)
from airflow_pipeline_debugger.heuristics.knowledge import MAX_LINE_CHARS, classify
from airflow_pipeline_debugger.heuristics.message import payload
from airflow_pipeline_debugger.heuristics.terminal import said_at, terminal_blocks

# "line 3" in a Jinja error, "line 12, column 4" in a YAML one.
_LINE_RE = re.compile(r"\bline (\d+)")
#: dbt_utils 1.0's error for a macro it replaced names the model that called it by its package:
#: ``Warning: `dbt_utils.surrogate_key` has been replaced by `dbt_utils.generate_surrogate_key`. …
#: The dbt_project_evaluator.int_direct_relationships model triggered this warning.``
_REPLACED_RE = re.compile(
    r"`(?P<old>[\w.]{1,100})` has been replaced by `(?P<new>[\w.]{1,100})`"
    r".{0,1000}?\bThe (?P<package>\w{1,100})\.\w{1,200} model triggered this warning"
)


def _setup_message(*texts: str) -> bool:
    """Whether dbt's message is a known set-up error (a message, not just a header).

    A data message (``invalid literal for int()``) is not one: nothing ran, so the value came from
    the project (a var, a macro's literal), not from the data.
    """
    return any(
        m.prior.kind == "message" and m.prior.category not in (Category.CODE, Category.DATA)
        for m in classify(texts)
    )


def _message_under(bundle: EvidenceBundle, hit: Signal) -> str:
    """The message under the header line a pattern matched (a log dbt did not structure), else ``""``."""
    if not hit.lines:
        return ""
    said = said_at(bundle, hit.lines[0])
    return "" if said == payload(hit.lines[0].text) else said


def _replaced_macro(bundle: EvidenceBundle, detail: str) -> re.Match[str] | None:
    """dbt_utils' message for a replaced macro, in dbt's detail or the lines of the error."""
    texts = (detail, *(ln.text for block in terminal_blocks(bundle) for ln in block.lines))
    return next((m for text in texts if (m := _REPLACED_RE.search(text[:MAX_LINE_CHARS]))), None)


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
        detail = str(a.get("detail") or _message_under(bundle, hits[0]) or hits[0].message)
        if (
            (replaced := _replaced_macro(bundle, detail))
            # The package that replaced the macro is not behind itself.
            and replaced["package"] != replaced["old"].partition(".")[0]
            and (
                package := installed_package(
                    {"package": replaced["package"], "root_project": a.get("root_project")}
                )
            )
        ):
            return self._package_behind(hits, package, replaced["old"], replaced["new"], replaced[0])
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

    def _package_behind(
        self, hits: list[Signal], package: str, old: str, new: str, detail: str
    ) -> RuleFinding:
        """An installed package still calls a macro the installed version of its dependency replaced (CONFIG).

        The project's own code is not at fault: the versions ``dbt deps`` installed are out of step, so
        the fix is in ``packages.yml``.
        """
        return self.finding(
            title=f"Installed package {package} calls `{old}`, which the installed dependency replaced",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"dbt stopped compiling because the installed package {package} calls `{old}`, which the "
                f"installed version of its dependency has replaced with `{new}`: {sentence(detail)} The "
                "packages' versions are out of step (the dependency was upgraded past what this release of "
                f"{package} supports), so the fix is in packages.yml, not in the project's code."
            ),
            signals=hits[:2],
            details=[("package", package), ("calls", old), ("replaced by", new)],
            immediate_fix=(
                f"Upgrade {package} in packages.yml to a release made for the installed dependency (or pin "
                f"the dependency to the version {package} requires), run `dbt deps`, then clear the task."
            ),
            change=f"Pin {package} and its dependencies to versions released together in packages.yml.",
            prevention="Upgrade dbt packages together and run `dbt deps && dbt parse` in CI on every change.",
            monitoring=(
                "Alert on dbt invocations that end with 'Encountered an error' (no run_results written)."
            ),
        )
