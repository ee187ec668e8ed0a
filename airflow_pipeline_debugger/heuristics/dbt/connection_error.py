"""dbt could not reach the warehouse or a query timed out (INFRA, usually transient)."""

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
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, sentence
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, project_flags
from airflow_pipeline_debugger.heuristics.message import is_exception_line, payload
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

#: ``dbt deps`` fetching packages: dbt Hub's registry or a git host, as urllib3 names it
#: (``HTTPSConnectionPool(host='hub.getdbt.com', port=443): Read timed out``).
_PACKAGE_HOST_RE = re.compile(
    r"host='(?P<host>hub\.getdbt\.com|(?:codeload\.)?github\.com|gitlab\.com|(?:[\w-]{1,60}\.)?bitbucket\.org)'"
)
#: dbt's own wrapper of a download that failed after its retries (``connection_exception_retry``:
#: the registry, a package tarball), whatever the host: a private mirror's too, or none named.
_DEPS_DOWNLOAD_RE = re.compile(r"External connection exception occurred:")
_ANY_HOST_RE = re.compile(r"host='(?P<host>[\w.-]{1,253})'")
#: Failures a set-up error makes as often as an outage: a host name that does not resolve (misspelt,
#: or a service name outside this network), localhost inside a container, a connection attempt
#: dropped by a firewall or security group (connect timeout, not a read timeout), a proxy or TLS
#: interception, a local database file another process holds.
_SETUP_SHAPED_RE = re.compile(
    r"could not translate host name|Name or service not known|name resolution|nodename nor servname|"
    r"getaddrinfo failed|No address associated|\blocalhost\b|127\.0\.0\.1|"
    r"Connection timed out|timeout expired|connect timeout|ConnectTimeout|"
    r"ProxyError|Tunnel connection failed|certificate verify failed|"
    r"Could not set lock on file|database is locked",
    re.IGNORECASE,
)


#: dbt's report of a Python model's own exception: a connection error there is the model's call.
_PYTHON_MODEL_RE = re.compile(r"Python model failed")
#: A Python model's error that names the warehouse itself (its session or file), not a service it calls.
_WAREHOUSE_RE = re.compile(r"(?i)duckdb|snowflake|snowpark|databricks|bigquery|redshift|postgres|warehouse")


class WarehouseConnection(DbtRule):
    """Connection refused/reset, DNS failure, timeout or a locked database file.

    The platform under dbt failed, not the project: a retry with backoff usually succeeds. A failure
    that repeats on every retry is more likely a wrong host or network policy (configuration), and so
    is one of ``_SETUP_SHAPED_RE``: those stay under the confident band.
    """

    id = "dbt.connection_error"
    title = "Warehouse connection failed"
    reads = ("dbt.connection_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding, downgraded when the history shows it every time."""
        detail = str(hits[0].attributes.get("detail") or hits[0].message)
        history = bundle.facts.get("history")
        repeated = (
            isinstance(history, dict)
            and history.get("seen_before") is True
            and history.get("resolved_on_retry") is False
        )
        flags = project_flags(bundle)
        said = " ".join(ln.text[:2000] for hit in hits for ln in hit.lines)
        # A set-up error reads the same as an outage (see _SETUP_SHAPED_RE), and so does one that
        # no retry has fixed: under the confident band.
        ambiguous = repeated or bool(_SETUP_SHAPED_RE.search(detail) or _SETUP_SHAPED_RE.search(said))
        if package_host := _PACKAGE_HOST_RE.search(detail):
            return self._package_host(hits, package_host["host"], detail, repeated, ambiguous)
        if _DEPS_DOWNLOAD_RE.search(detail) or _DEPS_DOWNLOAD_RE.search(said):
            host = _ANY_HOST_RE.search(detail)
            return self._package_host(hits, host["host"] if host else "", detail, repeated, ambiguous)
        if (_PYTHON_MODEL_RE.search(detail) or _PYTHON_MODEL_RE.search(said)) and not _WAREHOUSE_RE.search(
            detail
        ):
            return self._python_model_call(bundle, hits, detail, repeated, ambiguous)
        return self.finding(
            title="dbt could not reach the warehouse",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=70 if repeated else 78,
            summary=(
                f"The warehouse connection failed: {sentence(detail)} Nothing in the project or the data is "
                "implicated"
                + ("; it has failed like this before without recovering on retry." if repeated else ".")
            ),
            signals=hits[:2],
            details=[("error", detail)],
            immediate_fix=(
                f"Check the warehouse status, then clear the task; `dbt debug{flags}` tests the connection."
            ),
            change=(
                "Give the task `retries` with `retry_exponential_backoff=True`; raise `connect_timeout` "
                "in the profile."
            ),
            prevention=(
                "Use the warehouse's connection retries (profile `retries`/`connect_retries`) and a "
                "pool limit."
            ),
            monitoring="Track connection failures per target; page only when they persist across retries.",
            # A wrong host, a firewall rule or a held lock (config) reads the same as an outage here.
            max_confidence=AMBIGUOUS_CEILING if ambiguous else None,
        )

    def _python_model_call(
        self, bundle: EvidenceBundle, hits: list[Signal], detail: str, repeated: bool, ambiguous: bool
    ) -> RuleFinding:
        """A Python model's own call to a remote service failed: the warehouse is not involved."""
        # The exception the model raised, from the logs (run_results.json may carry dbt's wrapper only).
        raised = [
            said
            for block in terminal_blocks(bundle)
            for ln in block.lines
            if is_exception_line(said := payload(ln.text).strip()) and not said.startswith("dbt.")
        ]
        error = raised[0] if raised else sentence(detail)
        return self.finding(
            title=f"A service the Python model calls failed: {error}"[:160],
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=70 if repeated else 74,
            summary=(
                f"The model's Python code called a remote service and the connection failed ({error}). "
                "The warehouse is not involved: the service the model reads from, or the network to it, "
                "refused, reset or dropped the call."
            ),
            signals=hits[:2],
            details=[("error", error)],
            immediate_fix="Check the service the model calls (status, host, port), then clear the task.",
            change=(
                "Retry the call inside the model with backoff, or load the service's data in an upstream "
                "task and let the model read it from the warehouse."
            ),
            prevention="Keep remote calls out of models: stage external data before dbt runs.",
            monitoring="Alert on the service's availability apart from the models' failures.",
            max_confidence=AMBIGUOUS_CEILING if ambiguous else None,
        )

    def _package_host(
        self, hits: list[Signal], host: str, detail: str, repeated: bool, ambiguous: bool
    ) -> RuleFinding:
        """``dbt deps`` could not download the project's packages: the warehouse is not involved."""
        named = host or "the package host"
        check = f"`curl -I https://{host}`; " if host else ""
        return self.finding(
            title=f"dbt deps could not download packages from {named}",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=70 if repeated else 74,
            summary=(
                f"dbt could not reach {named} to install the project's packages: {sentence(detail)} The "
                "warehouse is not involved: the package host or the network path to it (a proxy, a "
                "firewall's allowlist) failed."
            ),
            signals=hits[:2],
            details=[("host", named), ("error", detail)],
            immediate_fix=(
                f"Check that the worker reaches {named} ({check}proxy settings, the "
                "firewall's allowlist), then clear the task."
            ),
            change=(
                "Install the packages when the image is built (`dbt deps` in the Dockerfile) so that runs "
                "do not download them."
            ),
            prevention=f"Allow {named} through the worker network's egress rules, or mirror the packages.",
            monitoring="Alert when `dbt deps` fails, apart from the models' own failures.",
            # A proxy, an egress allowlist or a DNS set-up (config) reads the same as the host's outage.
            max_confidence=AMBIGUOUS_CEILING if ambiguous else None,
        )
