"""Fallbacks when Airflow only knows the process or command exited non-zero (CODE, low likelihood).

They exist so an investigation of a bash task with nothing more specific still names the exit code
and the command; any specific rule (dbt, Spark, generic errors) outranks them.
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
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks


class CommandFailed(SignalRule):
    """A bash command or the task process exited with a non-zero code and nothing more specific was seen."""

    id = "airflow.command_failed"
    symptom = True
    title = "Command exited non-zero"
    reads = (S.BASH_EXIT, S.EXIT_CODE)
    #: An exit code alone names no cause: the command's bug, its input, a credential or a service it
    #: called all exit 1 the same way (and the retry and change boosts must not make it an answer).
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Low-likelihood code finding naming the exit code and the command."""
        code = attribute(hits, "exit_code") or "?"
        command = (
            bundle.context.command.strip().splitlines()[0][:200] if bundle.context.command.strip() else ""
        )
        return self.finding(
            title=f"The task's command exited with code {code}",
            severity=Severity.MODERATE,
            category=Category.CODE,
            transience=Transience.UNKNOWN,
            likelihood=45,
            summary=(
                f"The command{' `' + command + '`' if command else ''} exited with code {code}; the lines "
                "it printed before exiting are the place to look."
            ),
            signals=hits[:2],
            details=[("exit code", code)],
            immediate_fix="Run the command by hand in the worker environment and read its stderr.",
            change="Make the command fail with a clear message (set -euo pipefail, explicit checks).",
            prevention="Test the command in CI with the same image.",
            monitoring="Track exit codes per task.",
        )


#: The status an answer's reason phrase stands for, when the client names only the reason.
_STATUS_OF_REASON = {"Not Found": "404", "Method Not Allowed": "405"}
#: Answers that say the api-server (or the gateway before it) was down or overloaded: the platform.
_UNAVAILABLE = frozenset({"502", "503", "504"})
#: The Execution API's own 404 (the route exists; the task instance was deleted or cleared meanwhile).
_TI_GONE_RE = re.compile(r"Task Instance not found|['\"]reason['\"]: ['\"]not_found['\"]")


def _task_instance_gone(bundle: EvidenceBundle) -> bool:
    """Whether the 404 is the API's own answer about the task instance, not an unknown route."""
    return any(
        _TI_GONE_RE.search(line.text)
        for block in terminal_blocks(bundle)
        for line in (*block.before, *block.lines)
    )


class ExecutionApiError(SignalRule):
    """The worker could not reach or was refused by the Airflow API server.

    INFRA (transient) by default; CONFIG when the server refused the task's token (401/403) or does
    not serve the path the worker calls (404/405 on an unknown route: the worker's URL is wrong).
    """

    id = "airflow.execution_api_error"
    title = "Worker could not talk to the API server"
    reads = (S.EXECUTION_API_ERROR,)
    supersedes = ("generic.python_exception",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: the Airflow control plane, not the task; CONFIG when the token or URL is wrong."""
        status = attribute(hits, "status") or _STATUS_OF_REASON.get(attribute(hits, "reason"), "")
        endpoint = attribute(hits, "endpoint")
        call = endpoint or "a call"
        if status in ("404", "405") and not _task_instance_gone(bundle):
            return self.finding(
                title=f"The worker's Execution API URL is wrong: the api-server answered HTTP {status}",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=66,
                summary=(
                    f"The supervisor's call to the Execution API ({endpoint or 'a task-instance call'}) was "
                    f"answered HTTP {status}: the api-server answers, but not at that path. The worker's "
                    "[core] execution_api_server_url does not point at the api-server's /execution/ route "
                    "(a base_url with a sub-path, a proxy that rewrites paths, or a worker on another "
                    "Airflow version); every task fails the same way until it does."
                ),
                signals=hits[:2],
                immediate_fix=(
                    "Set [core] execution_api_server_url on the workers to the api-server's URL including "
                    "any [api] base_url sub-path, ending in /execution/, then clear the task."
                ),
                change="Derive execution_api_server_url from the same base_url the api-server is given.",
                prevention="Deploy every Airflow component from one configuration source and one version.",
                monitoring="Alert on Execution API 404 answers in the api-server's access log.",
            )
        if status in ("401", "403"):
            return self.finding(
                title=f"The Airflow API server refused the task's token (HTTP {status} on {call})",
                # Airflow's own call was refused, not the task's access to its data.
                supersedes=(*self.supersedes, "generic.permission_denied", "generic.auth_failed"),
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.INTERMITTENT,
                likelihood=70,
                summary=(
                    f"The supervisor's call to the Execution API ({endpoint or 'a task-instance call'}) was "
                    f"refused with HTTP {status}: the token it carries was not accepted, so Airflow stopped "
                    "the task. Components that sign and check tokens with different secrets, clocks that "
                    "disagree, or a token that expired before the task ran (a long queue; Airflow 3.0 minted "
                    "it at queue time) give this answer; the task's code is not involved."
                ),
                signals=hits[:2],
                immediate_fix=(
                    "Clear the task; if it recurs at once, compare the token settings of every component."
                ),
                change=(
                    "Give the api-server, scheduler and workers the same [api_auth] jwt_secret (or JWKS) and "
                    "synchronised clocks; raise [execution_api] jwt_expiration_time above the longest queue "
                    "wait, or upgrade past Airflow 3.0 (tokens minted when the task starts)."
                ),
                prevention="Deploy every Airflow component from one configuration source.",
                monitoring="Alert on Execution API 401/403 answers in the api-server's access log.",
            )
        return self.finding(
            title="The worker could not talk to the Airflow API server"
            + (f" (HTTP {status} on {endpoint})" if status and endpoint else ""),
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=66,
            summary="A call from the task runner to the Execution API failed; the task itself may be fine.",
            signals=hits[:2],
            immediate_fix="Check the api-server's health and logs at that time; clear the task.",
            change=(
                "Scale the api-server or fix the network path workers use ([core] execution_api_server_url)."
            ),
            prevention="Monitor api-server latency and error rate.",
            monitoring="Alert on Execution API 5xx.",
            # Only a gateway's 502/503/504 says the api-server was down; a 500 is as often an Airflow
            # bug (code), a 409/422 a task run twice or a worker on another version, and a bare
            # ServerResponseError says nothing of which.
            max_confidence=None if status in _UNAVAILABLE else AMBIGUOUS_CEILING,
        )
