"""The network between the task and a service failed (INFRA, usually transient).

Connection refused/reset and DNS failures on a host that normally works are outages or blips; the
same failure on every run (history: seen before, never fixed by a retry) points to a wrong host or
a network policy, which is configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import evidence_of, repeated_without_recovery
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say
from airflow_pipeline_debugger.heuristics.message import indentation, quote_error, shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import lines_around, terminal_blocks

#: A quoted error message's length in a summary.
QUOTE_CHARS = 240

_EXPLAINS = ("generic.python_exception", "airflow.command_failed")
#: The resolver saying the lookup may work if tried again (EAI_AGAIN): the DNS service failed. "Name or
#: service not known" (EAI_NONAME) is a name that does not resolve: a wrong host as often as a service
#: that is down (a Compose service, a headless Kubernetes service without ready pods).
_DNS_AGAIN_RE = re.compile(r"Temporary failure in name resolution|EAI_AGAIN|\[Errno -3\]")
#: A refusal from the task's own host: from a container or pod that is the wrong address as often as a
#: service that is down.
_LOCAL_RE = re.compile(r"\blocalhost\b|\b127\.0\.0\.1\b|\b0\.0\.0\.0\b|\(::1\)|\[::1\]")
#: The peer's certificate refused (an unknown CA, expired, another host's name) or TLS spoken to a plain
#: port: set-up. An EOF or a bad record in the handshake is the link or a proxy dropping it.
_CERTIFICATE_RE = re.compile(
    r"CERTIFICATE_VERIFY_FAILED|[Cc]ertificate verify failed|SSLCertVerificationError|"
    r"[Hh]ostname mismatch|doesn't match|WRONG_VERSION_NUMBER"
)

#: OpenSSL's reading of a server that answered the handshake in plain text (TLS to an http port).
_PLAIN_PORT_RE = re.compile(r"WRONG_VERSION_NUMBER|wrong version number")


#: An address a log line names: a URL, or a host with its port (``warehouse.internal:5432``).
_ADDRESS_RE = re.compile(
    r"\b(?:https?|postgres(?:ql)?|mysql|jdbc:\w+|s3a?|gs|wss?|grpc)://[^\s'\"<>()\[\]{},;]{1,200}"
    r"|(?<![\w.:-])(?:(?:\d{1,3}\.){3}\d{1,3}|localhost|(?:[a-z0-9-]{1,63}\.)+[a-z][a-z0-9-]{0,62})"
    r":\d{2,5}\b(?![.:/\d])",
    re.IGNORECASE,
)
#: Log lines read back from the failure for the address the task was calling (a traceback's lines
#: between them are not counted).
ADDRESS_LOOKBACK = 20
#: A traceback's frame line.
_FRAME_LINE_RE = re.compile(r'File "[^"]{1,2000}", line \d')
#: libpq's peer: ``connection to server at "warehouse-db.internal" (10.0.0.5), port 5432 failed``.
_PG_SERVER_RE = re.compile(r'server at "([^"]{1,253})"(?: \([^)]{0,64}\))?, port (\d{1,5})')
#: A bare ``host:port`` counts only on a line about a connection (a logger's ``module.name:160`` is
#: not one); a URL counts anywhere but on a line announcing a local UI or log server.
_CONNECTING_RE = re.compile(
    r"(?i)\b(?:connect\w*|calling|call(?:s|ed)?|request\w*|host|server|endpoint|address|posting|fetching|"
    r"sending|download\w*|upload\w*|to)\b"
)
_LOCAL_UI_RE = re.compile(r"SparkUI|Web UI|Bound \w+ to|started at|Log URL|listening on|Serving on", re.I)


def _address(bundle: EvidenceBundle, hits: list[Signal]) -> str:
    """The address the task was calling: the nearest one the failing line or the lines before it name.

    A refusal (``[Errno 111] Connection refused``) rarely names its peer; the task's own lines do
    (``calling geocoder at http://geo.internal:8080/v1``), and so does the line that failed when a
    client prints it (``HTTPConnectionPool(host='…', port=…)``).
    """
    line = next((ln for h in hits for ln in h.lines), None)
    if line is None:
        return ""
    lines, at = lines_around(bundle, line)
    for text in (line.text, *_lines_above(lines, at)):
        if _LOCAL_UI_RE.search(text):
            continue
        if server := _PG_SERVER_RE.search(text):
            return f"{server.group(1)}:{server.group(2)}"
        if found := _POOL_RE.search(text) or next(
            (
                m
                for m in _ADDRESS_RE.finditer(text)
                if "://" in m.group(0)
                or (_CONNECTING_RE.search(text) and not _SOURCE_FILE_RE.search(m.group(0)))
            ),
            None,
        ):
            return found.group(0)
    return ""


def _lines_above(lines: tuple[LogLine, ...], at: int) -> Iterator[str]:
    """The texts of up to ``ADDRESS_LOOKBACK`` log lines above ``lines[at]``, nearest first.

    A traceback's frames and code between the request the task logged and its error do not count
    (urllib's alone runs to ~30 lines): only the lines the task or its libraries logged do.
    """
    counted = 0
    for above in reversed(lines[: max(at, 0)]):
        if counted >= ADDRESS_LOOKBACK:
            return
        yield above.text
        if not (indentation(above.text) or _FRAME_LINE_RE.search(above.text)):
            counted += 1


#: ``cursor.py:117``: a source file and its line, not a host and its port.
_SOURCE_FILE_RE = re.compile(
    r"\.(?:pyc?|pyx|ipynb|java|scala|kts?|gradle|go|rs|js|ts|rb|c|cc|cpp|h|hpp|sql|sh|log|txt|csv|ya?ml|json):\d+$",
    re.I,
)
#: urllib3's name of the peer: ``HTTPConnectionPool(host='127.0.0.1', port=18791)``.
_POOL_RE = re.compile(r"host='[^']{1,253}', port=\d{1,5}")
_POOL_PARTS_RE = re.compile(r"host='([^']{1,253})', port=(\d{1,5})")
#: Characters of an address a title names (a URL is cut in the middle, so its host and last part stay).
TITLE_ADDRESS_CHARS = 80


def _calling(bundle: EvidenceBundle, hits: list[Signal]) -> str:
    """`` The task was calling X.`` when the log names the address, else ``""``."""
    address = peer_address(bundle, hits)
    return f" The task was calling {address}." if address else ""


def peer_address(bundle: EvidenceBundle, hits: list[Signal], otherwise: str = "") -> str:
    """The address the task was calling as a title names it (``127.0.0.1:18791``), else ``otherwise``."""
    address = _address(bundle, hits)
    if pool := _POOL_PARTS_RE.fullmatch(address):
        address = f"{pool.group(1)}:{pool.group(2)}"
    return shorten_middle(address, TITLE_ADDRESS_CHARS) if address else otherwise


def terminal_first(bundle: EvidenceBundle, hits: list[Signal]) -> list[Signal]:
    """``hits`` with those in the error the log ends in first: what a finding cites and quotes.

    A task that retries logs the same failure on each attempt ("attempt 1/3 failed: … retrying"); the
    attempt it died on is in the terminal block, and citing the retried ones reads as a problem the
    task got past. Within the terminal block the latest line comes first: the exception closes its
    traceback, below the source line that raised it.
    """
    final = {(b.evidence_id, ln.line_no) for b in terminal_blocks(bundle) for ln in b.lines}

    def order(signal: Signal) -> tuple[bool, int]:
        at = signal.lines[0].line_no if signal.lines else 0
        in_final = any((signal.evidence_id, ln.line_no) in final for ln in signal.lines)
        return (not in_final, -at if in_final else 0)  # the error line closes its traceback: latest first

    return sorted(hits, key=order)


def _quote(signals: list[Signal]) -> str:
    """The message of the first line the signals cite (their own message when they cite none)."""
    line = next((ln.text for s in signals for ln in s.lines if ln.text), signals[0].message)
    return quote_error(line, QUOTE_CHARS)


class NetworkFailure(SignalRule):
    """Connection refused or reset, or a DNS lookup failure, talking to an external service."""

    id = "generic.network_error"
    title = "Network connection failed"
    reads = (G.CONNECTION_REFUSED, G.CONNECTION_RESET, G.DNS_FAILURE)
    read_together = True
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra; configuration when it never recovers."""
        hits = terminal_first(bundle, hits)
        dns = bundle.signals_with(G.DNS_FAILURE)
        repeated = repeated_without_recovery(bundle)
        kind = (
            "DNS lookup"
            if dns
            else ("connection" if bundle.has_signal(G.CONNECTION_REFUSED) else "connection (reset)")
        )
        cites = evidence_of(bundle, EvidenceKind.RUN_HISTORY)
        if repeated:
            return self.finding(
                title=(
                    f"The {kind} to {peer_address(bundle, hits, 'a service')} fails on every run: wrong "
                    "address or network policy"
                ),
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=72,
                summary=(
                    f"The task could not reach a service ({_quote(hits)}), and the history shows the same "
                    "failure before with no retry succeeding: the host, port or network route is wrong."
                ),
                signals=hits[:3],
                evidence_ids=cites,
                immediate_fix=(
                    "Check the host/port in the connection and that the worker's network can reach it."
                ),
                change=(
                    "Fix the connection's host/port or open the network path (security group, firewall, VPC)."
                ),
                prevention="Smoke-test connections from a worker after every network or connection change.",
                monitoring="Alert on connection failures that persist across retries.",
            )
        # A name that does not resolve, or a refusal from the task's own host, is a wrong address
        # (config) as often as a service down (infra): only a remote refusal, a reset or the resolver's
        # "try again" says the service or the network failed.
        wrong_address = (bool(dns) and not hits_say(dns, _DNS_AGAIN_RE)) or hits_say(
            bundle.signals_with(G.CONNECTION_REFUSED), _LOCAL_RE
        )
        return self.finding(
            title=f"The {kind} to {peer_address(bundle, hits, 'an external service')} failed",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=74,
            summary=(
                f"The task could not reach a service it depends on ({_quote(hits)}): the service was down, "
                "restarting or unreachable. The task's code and data are not implicated."
                + _calling(bundle, hits)
            ),
            signals=hits[:3],
            evidence_ids=cites,
            immediate_fix="Check the service's status; when it is back, clear the task.",
            change=(
                "Give the task retries with retry_exponential_backoff=True; "
                "retry the call itself in the client."
            ),
            prevention="Use connection retries in the client and a circuit breaker for flaky dependencies.",
            monitoring="Track the dependency's availability; page only when failures persist across retries.",
            max_confidence=AMBIGUOUS_CEILING if wrong_address else None,
        )


class NetworkTimeout(SignalRule):
    """A network call timed out (read/connect timeout) (INFRA, transient)."""

    id = "generic.network_timeout"
    title = "Network call timed out"
    reads = (G.NETWORK_TIMEOUT,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding."""
        hits = terminal_first(bundle, hits)
        return self.finding(
            title=f"A call to {peer_address(bundle, hits, 'an external service')} timed out",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=66,
            summary=(
                f"A network call did not answer in time "
                f"({_quote(hits)}): the service or the network was slow." + _calling(bundle, hits)
            ),
            signals=hits[:3],
            immediate_fix="Check the service's latency at that time; clear the task.",
            change="Add retries with backoff; set explicit, realistic client timeouts.",
            prevention="Page on sustained latency of the dependency rather than on single timeouts.",
            monitoring="Track the dependency's p95 latency.",
        )


class TlsError(SignalRule):
    """TLS handshake or certificate verification failed (CONFIG: certificates, CA bundle, hostname)."""

    id = "generic.tls_error"
    title = "TLS/SSL failure"
    reads = (G.TLS_ERROR,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: a certificate or trust store problem, or TLS spoken to a plain port."""
        hits = terminal_first(bundle, hits)
        peer = peer_address(bundle, hits, "")
        if hits_say(hits, _PLAIN_PORT_RE):
            # The server answered the handshake in plain text: the client was told https (or ssl) for
            # a port that does not speak TLS.
            return self.finding(
                title=f"TLS was spoken to {peer or 'a port'} that answers in plain text: https (or ssl) is "
                "set where the service speaks http",
                severity=Severity.MODERATE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=74,
                summary=(
                    f"The handshake failed with WRONG_VERSION_NUMBER ({_quote(hits)}): the server's first "
                    "bytes were not TLS. The URL's scheme (https) or the port in the connection, Variable or "
                    "setting the task builds it from is wrong." + _calling(bundle, hits)
                ),
                signals=hits[:3],
                immediate_fix=(
                    "Use the scheme the port speaks (http://, or the service's TLS port) in the connection "
                    "or setting the URL comes from, then clear the task."
                ),
                change="Keep the scheme and port in one place (the Airflow connection); test it on change.",
                prevention="Smoke-test each connection from a worker after it is created or edited.",
                monitoring="Alert on TLS errors per connection.",
            )
        return self.finding(
            title="TLS handshake or certificate verification failed" + (f" with {peer}" if peer else ""),
            severity=Severity.MODERATE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary=f"The secure connection could not be set up ({_quote(hits)})." + _calling(bundle, hits),
            signals=hits[:3],
            immediate_fix="Check the server certificate's expiry and chain, and the CA bundle on the worker.",
            change="Install the right CA bundle in the image or fix the hostname in the connection.",
            prevention="Monitor certificate expiry of every dependency.",
            monitoring="Alert 30 days before certificates expire.",
            # Only a refused certificate (or TLS to a plain port) says set-up; an SSL EOF, a bad record
            # MAC or a bare SSLError is also a link or proxy dropping the handshake, or a forked
            # process sharing a connection.
            max_confidence=None if hits_say(hits, _CERTIFICATE_RE) else AMBIGUOUS_CEILING,
        )
