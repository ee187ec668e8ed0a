"""Failures before or around ``execute()``: templates, imports, the DAG file, params, XComs, pools.

Template and DAG-file errors are the DAG author's code. A missing module is a deployment problem
(the dependency is not in the worker image) more often than a typo, so it is CONFIG, with the typo
named as the counter-case. Params and pools are configuration of the run or the deployment.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say, sentence
from airflow_pipeline_debugger.heuristics.generic.error_codes import decisive_code
from airflow_pipeline_debugger.heuristics.knowledge import Prior
from airflow_pipeline_debugger.heuristics.message import payload, quote_error, shorten_middle

_GENERIC = ("generic.python_exception", "airflow.command_failed")
#: The DAG file's own code failing to import: a syntax error, a name it never defined, a duplicate task
#: id or a cycle. ``Task not found in Dag`` names a task the current file no longer has.
_DAG_CODE_RE = re.compile(
    r"\b(?:SyntaxError|IndentationError|TabError|NameError|DuplicateTaskIdFound|AirflowDagCycleException|"
    r"AirflowClusterPolicyViolation|Task not found in Dag)\b"
)
#: Jinja's own verdict on the template: a name it cannot resolve, or a template it cannot parse. Airflow's
#: ``Exception rendering Jinja template for task …`` precedes any exception raised while rendering (a
#: Variable or Connection not defined, an XCom pull, a macro's own error); ``TemplateNotFound`` is a
#: template file missing where the task runs, as often not shipped with the deployment as misnamed.
_JINJA_VERDICT_RE = re.compile(r"\b(?:UndefinedError|TemplateSyntaxError)\b")


class TemplateError(SignalRule):
    """Jinja rendering of a template field failed (undefined variable/param, syntax) (CODE)."""

    id = "airflow.template_error"
    title = "Template rendering failed"
    reads = (S.TEMPLATE_ERROR,)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding quoting the undefined name or the syntax error."""
        detail = attribute(hits, "detail") or hits[0].message
        field = attribute(hits, "field")
        return self.finding(
            title=(
                "A Jinja template in the task references something undefined"
                if any("UndefinedError" in line.text for s in hits for line in s.lines)
                else "A Jinja template in the task failed to render"
            ),
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=91,
            summary=(
                f"Rendering the task's template fields{' (' + field + ')' if field else ''} failed before "
                f"execute() ran: {detail}"
            ),
            signals=hits[:3],
            details=[("template error", detail)],
            immediate_fix=(
                "Pass the missing value (e.g. the param in the trigger conf or a `params` default) or fix "
                "the expression, then clear the task; `airflow tasks render` shows the result without "
                "running it."
            ),
            change=(
                "Give every `params.x` used in templates a default in the DAG's `params`, and use "
                "`{{ params.get('x', ...) }}` / `| default(...)` for optional values."
            ),
            prevention="Render templates in CI (`airflow tasks render` or dag.test()) for each DAG change.",
            monitoring="Count template errors per DAG deploy; they appear right after a change.",
            # Only Jinja's own verdict says the template is wrong; rendering that failed on a lookup or
            # a file not shipped is as often the deployment's (config) as the template's (code).
            max_confidence=None if hits_say(hits, _JINJA_VERDICT_RE) else AMBIGUOUS_CEILING,
        )


class MissingModule(SignalRule):
    """``ModuleNotFoundError`` / ``ImportError``: a dependency is missing where the task runs.

    CONFIG: the worker image or virtualenv lacks the package (a typo in the import is the counter-case).
    """

    id = "airflow.import_error"
    title = "Python dependency missing"
    reads = (S.IMPORT_ERROR,)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the module."""
        module = attribute(hits, "module") or "a module"
        name = attribute(hits, "name")
        top = module.split(".")[0]
        what = f"'{name}' from '{module}'" if name else f"module '{module}'"
        # A name or submodule gone: a package's version (config) or a rename in the code (code).
        ambiguous = bool(name) or "." in module
        return self.finding(
            title=f"Python {what} cannot be imported where the task runs",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=89,
            summary=(
                f"The task failed importing {what}: the package is not installed (or is the wrong version) "
                "in the worker's environment. The code needs it; the deployment does not provide it."
            ),
            signals=hits[:2],
            details=[("module", module)],
            immediate_fix=(
                f"Install the package that provides '{top}' in the worker image/virtualenv (or use "
                "@task.virtualenv with requirements), redeploy, then clear the task."
            ),
            change=(
                f"Add the dependency providing '{top}' to the image's requirements with a pinned version; "
                "if the import is a typo or a renamed module, fix the import in the DAG instead."
            ),
            prevention="Build the worker image from a lock file and import every DAG's tasks in CI.",
            monitoring="Alert on ModuleNotFoundError after image changes.",
            counter_evidence="A typo in the import statement gives the same error; check the module name.",
            max_confidence=AMBIGUOUS_CEILING if ambiguous else None,
        )


class DagImportError(SignalRule):
    """The worker could not load the DAG or find the task in it (CODE, usually a bad DAG change)."""

    id = "airflow.dag_import_error"
    title = "DAG could not be loaded on the worker"
    reads = (S.DAG_IMPORT_ERROR,)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding, superseded by a missing-module finding when that is why.

        When the import failed on an error whose meaning is known and lies outside the code (a Fernet
        key that cannot decrypt a Connection read at parse time), that meaning is why, and says where
        the fix goes; an error of the file's own code (a ``SyntaxError``) is why whatever else the
        logs say.
        """
        what = attribute(hits, "what") or hits[0].message
        own_code = _says_dag_code(bundle, hits)
        if not own_code and (known := _known_reason(bundle, hits)) is not None:
            # The meaning's head (before its explanation) is the title; the whole of it is in the summary.
            head = known.meaning.split(": ", 1)[0]
            return self.finding(
                title=f"The worker could not load the DAG: {shorten_middle(head, TITLE_REASON_CHARS)}",
                severity=Severity.SEVERE,
                category=known.category,
                transience=known.transience,
                likelihood=72,
                summary=sentence(
                    f"The task never started: {sentence(what)} The import failed because {known.meaning}; "
                    f"the fix most likely goes to {_WHERE[known.category]} rather than the DAG's code"
                ),
                signals=hits[:2],
                immediate_fix=(
                    "Fix the cause the error names where the worker runs, then clear the task; "
                    "`airflow dags list-import-errors` shows whether other DAGs fail the same way."
                ),
                change=(
                    f"Fix {_WHERE[known.category]}, and move what the DAG file reads at import (a "
                    "Connection, a Variable, a service, a file) into its tasks, so parsing never needs it."
                ),
                prevention="Import every DAG in CI in an environment built like the workers'.",
                monitoring="Alert on DAG import errors as soon as the dag-processor records them.",
                # The known error is why the import failed; whether it is the whole story (a parse-time
                # call that should not be there) the log does not say.
                max_confidence=AMBIGUOUS_CEILING,
            )
        return self.finding(
            title="The worker could not load the DAG or the task",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"The task never started: {sentence(what)} "
                "The DAG file fails to import on the worker, or the task "
                "id no longer exists in it (renamed or removed while the run was queued)."
            ),
            signals=hits[:2],
            immediate_fix="Run `airflow dags list-import-errors` and fix the DAG file; then clear the task.",
            change="Fix the import error in the DAG file (or restore the removed task id).",
            prevention="Parse every DAG in CI (`python dag.py` / DagBag import test) before deploying.",
            monitoring="Alert on DAG import errors as soon as the dag-processor records them.",
            # "Dag not found during start up" or a bare "Failed to import" is also the DAG folder not
            # synced or mounted on the worker, or a parse-time call (a Variable, an API) failing there
            # (config, infra); only the file's own error (a SyntaxError, a NameError) says code.
            max_confidence=None if own_code else AMBIGUOUS_CEILING,
        )


#: Characters of a known reason in the title (the summary has all of it).
TITLE_REASON_CHARS = 110
#: Where the fix goes for a known reason outside the DAG's code.
_WHERE = {
    Category.CONFIG: "the deployment's set-up",
    Category.INFRA: "the platform or the service the import reached",
    Category.DATA: "the data the DAG file reads at import",
}


def _known_reason(bundle: EvidenceBundle, hits: list[Signal]) -> Prior | None:
    """The known, specific error the import failed on after the hit, when its fix lies outside the code.

    Only an error later in the same log as the import failure counts: line numbers of two logs do not
    compare, and an error before the import is not what it failed on.
    """
    found = decisive_code(bundle)
    if found is None or found.weak or found.line is None:
        return None
    at = found.line
    if not any(
        ln.evidence_id == at.evidence_id and ln.line_no <= at.line_no for hit in hits for ln in hit.lines
    ):
        return None
    prior = found.match.prior
    if prior.generic or prior.wrapper or prior.category not in _WHERE:
        return None
    return prior


def _says_dag_code(bundle: EvidenceBundle, hits: list[Signal]) -> bool:
    """Whether the hits, or an exception the log ends in, name an error of the DAG file's own code."""
    exceptions = bundle.signals_with("generic.python_exception", "generic.code_error")
    return hits_say(hits, _DAG_CODE_RE) or any(
        _DAG_CODE_RE.search(str(s.attributes.get("exception_type") or "")) for s in exceptions
    )


class DagImportTimeout(SignalRule):
    """The DAG file took longer to import than ``[core] dagbag_import_timeout`` (CONFIG).

    Airflow raises the parse timeout as ``AirflowTaskTimeout`` and logs it as a failed import, so
    it reads like both an execution timeout and a broken DAG file; it is neither. The file imports,
    only too slowly for the limit: heavy top-level code, or a limit too tight for the file.
    """

    id = "airflow.dag_import_timeout"
    title = "DAG file import timed out"
    reads = (S.DAG_IMPORT_TIMEOUT,)
    supersedes = (*_GENERIC, "airflow.dag_import_error", "airflow.execution_timeout")
    max_confidence = 70  # the limit (config) or the file's top-level work (code): the log names the limit

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the file and the limit it outlived."""
        path = attribute(hits, "path")
        limit = attribute(hits, "seconds")
        return self.finding(
            title="The DAG file took longer to import than dagbag_import_timeout"
            + (f" ({limit}s)" if limit else ""),
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=80,
            summary=(
                f"Airflow stopped importing {path or 'the DAG file'} after "
                f"{limit + 's' if limit else 'its import timeout'} ([core] dagbag_import_timeout): the "
                "file did not fail, its top-level code took longer than the limit allows, so the DAG "
                "could not be loaded for the task."
            ),
            signals=hits[:2],
            immediate_fix=(
                "Raise [core] dagbag_import_timeout (AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT) above the "
                "file's import time, then clear the task."
            ),
            change=(
                "Move heavy work out of the DAG file's top level (imports of large libraries, API or DB "
                "calls, Variable.get) into the tasks; time it with `time python <dag file>`."
            ),
            prevention="Import every DAG file in CI and fail when one takes more than a few seconds.",
            monitoring="Alert on the dag-processor's import duration (dag_processing.last_duration).",
        )


#: Airflow's refusal to map over a returned value: ``unmappable return type 'set'``.
_UNMAPPABLE_RE = re.compile(r"unmappable return (?:type|value type) '(?P<type>\w{1,60})'")


class XComError(SignalRule):
    """An XCom could not be pushed or pulled (missing, unserialisable or too large) (CODE)."""

    id = "airflow.xcom_error"
    title = "XCom error"
    reads = (S.XCOM_ERROR,)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding quoting what XCom refused."""
        said = [quote_error(payload(ln.text)) for hit in hits[:2] for ln in hit.lines[:1]]
        quoted = "; ".join(dict.fromkeys(m for m in said if m))
        unmappable = next((m for text in said if (m := _UNMAPPABLE_RE.search(text))), None)
        if unmappable is not None:
            return self._unmappable(hits, unmappable["type"], quoted)
        return self.finding(
            title="Passing data between tasks through XCom failed",
            severity=Severity.MODERATE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=76,
            summary=(
                "An XCom was missing, could not be serialised or was too large for the XCom backend: the "
                "task passes data in a way XCom does not support for this value"
                + (f" ({quoted})." if quoted else ".")
            ),
            signals=hits[:2],
            immediate_fix="Check the upstream task pushed the XCom (key, map index) and what it returned.",
            change=(
                "Return small JSON-serialisable values only; write large data to object storage and pass "
                "its path (or configure an object-storage XCom backend)."
            ),
            prevention="Type the values tasks return; test DAGs with dag.test().",
            monitoring="Track XCom sizes per task.",
        )

    def _unmappable(self, hits: list[Signal], kind: str, quoted: str) -> RuleFinding:
        """A task whose return value feeds ``.expand()`` returned a type mapping cannot iterate."""
        return self.finding(
            title=(
                f"The task returned a {kind} where .expand() needs a list or a dict "
                "(UnmappableXComTypePushed)"
            ),
            severity=Severity.MODERATE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"A downstream task maps over this task's return value with .expand(), and Airflow maps only "
                f"over a list or a dict: the task returned a {kind} ({quoted}). The task's code is what to "
                "change; a retry returns the same type."
            ),
            signals=hits[:2],
            immediate_fix=(
                f"Return a list from the task (for a {kind}: `return sorted(values)` or `list(values)`), "
                "then clear it."
            ),
            change="Type the task's return value as list[...] so the mapping's input is checked in review.",
            prevention="Run the DAG with dag.test() in CI so a mapped input of the wrong type fails there.",
            monitoring="Alert on UnmappableXComTypePushed after DAG changes.",
        )


class ParamValidation(SignalRule):
    """A DAG param failed its schema (the trigger conf or a default is invalid) (CONFIG)."""

    id = "airflow.param_validation"
    title = "Param validation failed"
    reads = (S.PARAM_VALIDATION,)
    supersedes = _GENERIC

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding quoting the validation message."""
        detail = attribute(hits, "detail") or hits[0].message
        return self.finding(
            title="A DAG param does not match its schema",
            severity=Severity.MODERATE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=82,
            summary=f"Param validation failed: {detail}",
            signals=hits[:2],
            immediate_fix="Trigger the run again with a conf that satisfies the param's schema.",
            change="Fix the param default or schema in the DAG, or the caller that builds the trigger conf.",
            prevention="Validate trigger payloads where they are built.",
            monitoring="Alert on ParamValidationError per triggering system.",
        )


class PoolStarvation(SignalRule):
    """The task's pool has no open slots or does not exist (CONFIG)."""

    id = "airflow.pool"
    title = "Pool starvation"
    reads = (S.POOL_STARVATION,)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the pool."""
        pool = attribute(hits, "pool") or attribute(hits, "pool_name") or "the task's pool"
        return self.finding(
            title=f"Pool {pool} has no slot for the task",
            severity=Severity.MODERATE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=70,
            summary=f"The task could not get a slot in pool {pool} (no open slots, or the pool is missing).",
            signals=hits[:2],
            immediate_fix=f"`airflow pools list`; create {pool} or raise its slots, then clear the task.",
            change="Size the pool for the concurrent tasks that use it, or spread them over several pools.",
            prevention="Keep pools in the deployment's configuration; alert when queued time grows.",
            monitoring="Track open/queued slots per pool.",
        )
