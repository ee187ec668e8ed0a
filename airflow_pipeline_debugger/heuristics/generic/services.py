"""An external service answered with an error of its own: rate limiting or a 5xx (INFRA, transient).

The answer names the service and what the task was doing when it answered ("Google Dataflow answered
HTTP 503 (service unavailable) while: Exception occurred while checking for job completion"), read
from the lines around the error: an Airflow provider's module (``airflow.providers.google.cloud.
triggers.dataflow``), a URL's host, a client library's package (``google.api_core``, ``botocore``)
or a front end's error page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute, repeated_without_recovery
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote, peer_address
from airflow_pipeline_debugger.heuristics.knowledge import catalog
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

#: Airflow provider packages by the vendor they talk to (``airflow.providers.<package>``).
_VENDORS = {
    "google": "Google",
    "amazon": "AWS",
    "microsoft": "Azure",
    "databricks": "Databricks",
    "snowflake": "Snowflake",
    "slack": "Slack",
}
#: How services whose module name is not their name are written (``bigquery`` → ``BigQuery``).
_SERVICE_NAMES = {
    "bigquery": "BigQuery",
    "gcs": "Cloud Storage",
    "pubsub": "Pub/Sub",
    "bigtable": "Bigtable",
    "kubernetes_engine": "Kubernetes Engine",
    "s3": "S3",
    "emr": "EMR",
    "sqs": "SQS",
    "sns": "SNS",
    "athena": "Athena",
    "redshift_sql": "Redshift",
    "redshift_cluster": "Redshift",
    "wasb": "Blob Storage",
    "adls": "Data Lake Storage",
}
#: Providers that name a protocol, not a service (the URL's host says more).
_GENERIC_PROVIDERS = frozenset({"http", "common", "standard", "ftp", "sftp", "ssh", "smtp", "imap"})
_PROVIDER_RE = re.compile(
    r"airflow\.providers\.(?P<vendor>\w+)\.(?:(?:cloud|azure|aws)\.)?"
    r"(?:hooks|triggers|operators|sensors|transfers|links)\.(?P<service>\w+)"
)
_HOST_RE = re.compile(r"https?://(?P<host>[A-Za-z0-9][\w.-]*\.[A-Za-z]{2,})")
#: Client libraries' packages and the vendor they call.
_CLIENT_RES = (
    (re.compile(r"\bgoogle\.(?:api_core|auth|cloud|oauth2)\b|googleapis\.com"), "Google"),
    (re.compile(r"\bbotocore\b|\bboto3\b|amazonaws\.com"), "AWS"),
    (re.compile(r"\bazure\.(?:core|identity|storage)\b|\.azure\.com|windows\.net"), "Azure"),
)
#: Google front ends title their error pages ``Error 502 (Server Error)!!1``.
_GOOGLE_PAGE_RE = re.compile(r"<title>Error \d{3} \([^)]*\)!!1</title>")
#: A client exception's tuple rendering, ``('Unable to acquire impersonated credentials', '<html>…``.
_TUPLE_MESSAGE_RE = re.compile(r"\(\s*'(?P<message>[A-Z][^'<>]{8,160})',")
#: Airflow's own announcement of a failure says nothing of what the task was doing.
_ANNOUNCEMENT_RE = re.compile(
    r"^(?:Task failed with exception|Failed to execute job|Received SIGTERM|Exception in task|"
    r"Task exited with return code|Marking task as)",
    re.IGNORECASE,
)
#: Lines before the error group read for the service's name.
_LEAD_LINES = 10
_PREFIX_RE = re.compile(r"^.*?\b(?:ERROR|CRITICAL)\b\W*")
#: A gateway or the service saying it is unavailable or timed out (502, 503, 504): the remote side.
_GATEWAY_STATUSES = frozenset({"502", "503", "504"})
_GATEWAY_RE = re.compile(r"Bad Gateway|Service ?Unavailable|Gateway Time-?out")
#: The large clouds, whose APIs document a 500 as a transient failure to retry.
_CLOUD_RE = re.compile(r"^(?:Google|AWS|Azure)\b|(?:googleapis\.com|amazonaws\.com|azure\.com|windows\.net)$")


def remote_service(lines: Iterable[str]) -> str:
    """The service the lines show the task calling ("Google Dataflow", "api.example.com", "AWS"), or ``""``.

    An Airflow provider's module names vendor and service; else a URL's host; else a client
    library's package or a front end's error page names the vendor. Lines nearer the end (the
    error) win.
    """
    texts = list(lines)[::-1]  # nearest the error first
    for text in texts:
        if (m := _PROVIDER_RE.search(text)) and m.group("vendor") not in _GENERIC_PROVIDERS:
            vendor = _VENDORS.get(m.group("vendor"), m.group("vendor").title())
            name = m.group("service")
            service = _SERVICE_NAMES.get(name) or name.replace("_", " ").title()
            return f"{vendor} {service}".strip()
    for text in texts:
        if m := _HOST_RE.search(text):
            return m.group("host")
    for text in texts:
        for pattern, vendor in _CLIENT_RES:
            if pattern.search(text):
                return vendor
        if _GOOGLE_PAGE_RE.search(text):
            return "Google"
    return ""


def _activity(lines: list[str], hit: str) -> str:
    """What the task was doing when the service answered.

    The message the error wraps, or the error line logged just before it (``Exception occurred while
    checking for job completion``).
    """
    if m := _TUPLE_MESSAGE_RE.search(hit):
        return m.group("message").strip()
    for text in reversed(lines):
        if text.strip() == hit.strip():
            continue
        said = _PREFIX_RE.sub("", text, count=1).split(" source=", 1)[0].strip().rstrip(".")
        if _PREFIX_RE.match(text) and said and not _ANNOUNCEMENT_RE.match(said):
            return said[:160]
    return ""


def _around(bundle: EvidenceBundle, hits: list[Signal]) -> tuple[list[str], str]:
    """The lines up to the first hit (its terminal block and the lines just before), and its text.

    The request a service answered is often logged just before the error group (``Calling HTTP
    method GET on https://…``).
    """
    hit = next((ln for s in hits for ln in s.lines), None)
    if hit is None:
        return [], ""
    for block in terminal_blocks(bundle):
        numbers = [ln.line_no for ln in block.lines]
        if block.evidence_id == hit.evidence_id and hit.line_no in numbers:
            upto = numbers.index(hit.line_no) + 1
            lead = block.before[-_LEAD_LINES:]
            return [ln.text for ln in (*lead, *block.lines[:upto])], hit.text
    return [ln.text for s in hits for ln in s.lines], hit.text


def _status_phrase(status: str) -> str:
    """``HTTP 503 (service unavailable)`` from the HTTP table, ``HTTP 5xx`` without a status."""
    if not status:
        return "a server error (HTTP 5xx)"
    prior = catalog().tables["http"].get(status)
    return f"HTTP {status}" + (f" ({prior.meaning.split(' (', 1)[0]})" if prior else "")


class RateLimited(SignalRule):
    """429 / throttling: the service refused more requests for now (INFRA, transient)."""

    id = "generic.rate_limited"
    title = "Rate limited"
    reads = (G.RATE_LIMIT,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding; intermittent when it keeps happening."""
        repeated = repeated_without_recovery(bundle)
        lines, _ = _around(bundle, hits)
        service = remote_service(lines)
        return self.finding(
            title=f"{service or 'The external service'} rate-limited the task",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=75,
            summary=f"The service throttled the task ({_quote(hits)}): too many requests in its window.",
            signals=hits[:3],
            immediate_fix="Wait for the quota window to reset, then clear the task.",
            change=(
                "Honour Retry-After with exponential backoff in the client; cap concurrency with an "
                "Airflow pool shared by every task calling this service."
            ),
            prevention="Batch requests; ask for a higher quota if the volume is legitimate.",
            monitoring="Track 429s and remaining quota per service.",
        )


class ServerError(SignalRule):
    """The service answered 5xx (500/502/503/504): its problem, not the task's (INFRA, transient)."""

    id = "generic.server_error"
    title = "External service error (5xx)"
    reads = (G.SERVER_ERROR,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding naming the status."""
        status = attribute(hits, "status")
        lines, hit = _around(bundle, hits)
        # A service known by name, else the address the task called (``127.0.0.1:18553/v1/…``).
        service = remote_service(lines) or peer_address(bundle, hits)
        activity = _activity(lines, hit)
        answered = f"{service or 'The service the task calls'} answered {_status_phrase(status)}"
        # A 500 from an API of one's own (or a status not given) is as often the service failing on this
        # request (a payload it cannot handle: code or data) as a blip; a 5xx that never passed on retry
        # is not transient. A gateway's 502/503/504, or a cloud API's 500, says the remote side.
        remote = status in _GATEWAY_STATUSES or hits_say(hits, _GATEWAY_RE) or bool(_CLOUD_RE.search(service))
        ambiguous = repeated_without_recovery(bundle) or not remote
        return self.finding(
            title=(f"{answered} during: {activity}" if activity else answered)[:160],
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=74,
            summary=(
                (f"{answered} during: {activity}" if activity else answered)
                + f" ({_quote(hits)}). A server error is the remote side failing, not the task's "
                "request: it usually passes, so retries with backoff are the remedy."
            ),
            signals=hits[:3],
            details=[(key, value) for key, value in (("status", status), ("service", service)) if value],
            immediate_fix="Check the service's status page; clear the task when it is healthy.",
            change="Retry 5xx answers with backoff in the client and give the task Airflow retries.",
            prevention="Make the calls idempotent so retries are safe.",
            monitoring="Track the service's error rate; page on sustained 5xx, not single ones.",
            max_confidence=AMBIGUOUS_CEILING if ambiguous else None,
        )
