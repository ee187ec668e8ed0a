"""The task was not allowed to do something: OS permissions, service authorisation, credentials.

All three are CONFIG: the code asks for the right thing, the deployment does not grant it (file
modes, IAM/grants) or holds the wrong or expired credentials.
"""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote


class PermissionDenied(SignalRule):
    """``Permission denied`` on a file or database object, or a 403 from a service (CONFIG)."""

    id = "generic.permission_denied"
    title = "Permission denied"
    reads = (G.PERMISSION_DENIED, G.FORBIDDEN)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the path or object."""
        target = attribute(hits, "path") or attribute(hits, "object")
        return self.finding(
            title="The task was denied access" + (f" to {target}" if target else ""),
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=78,
            summary=(
                f"Access was refused ({_quote(hits)}): the identity the task runs as lacks the permission. "
                "The code is not wrong; a grant, role or file mode is."
            ),
            signals=hits[:3],
            details=[("target", target)] if target else [],
            immediate_fix=(
                "Grant the task's identity (OS user, service account, DB role) the missing permission, "
                "then clear the task."
            ),
            change="Put the grant/role/policy in the infrastructure code so every environment has it.",
            prevention="Test new pipelines with the production identity, not a personal one.",
            monitoring="Alert on access-denied errors separately from code errors.",
        )


class AuthFailed(SignalRule):
    """Authentication failed (401, bad password/key) or the token expired (CONFIG)."""

    id = "generic.auth_failed"
    title = "Authentication failed"
    reads = (G.TOKEN_EXPIRED, G.AUTH_FAILED)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: the credentials in the connection are wrong or stale."""
        expired = bundle.has_signal(G.TOKEN_EXPIRED)
        return self.finding(
            title="The credentials expired" if expired else "The service rejected the task's credentials",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=78,
            summary=(
                f"Authentication failed ({_quote(hits)}): the "
                f"connection's secret is wrong, rotated or expired."
            ),
            signals=hits[:3],
            immediate_fix=(
                "Update the secret in the Airflow connection (or secrets backend), then clear the task."
            ),
            change=(
                "Use short-lived credentials that refresh (IAM "
                "roles, workload identity) instead of static keys."
            ),
            prevention="Rotate secrets through the secrets backend and alert before expiry.",
            monitoring="Alert on 401s per connection.",
        )
