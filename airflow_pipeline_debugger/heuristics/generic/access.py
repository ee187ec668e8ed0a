"""The task was not allowed to do something: OS permissions, service authorisation, credentials.

All three are CONFIG: the code asks for the right thing, the deployment does not grant it (file
modes, IAM/grants) or holds the wrong or expired credentials. A Kubernetes ``403 Forbidden`` that
says ``exceeded quota`` is none of them: the namespace's ResourceQuota is used up, a limit, not a
missing permission (:class:`ResourceQuotaExceeded`).
"""

from __future__ import annotations

import re

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
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

#: The API server's refusal when a namespace's ResourceQuota has no room for the object:
#: ``pods "x" is forbidden: exceeded quota: team-a, requested: cpu=250m, used: cpu=1, limited: cpu=1``.
_QUOTA_RE = re.compile(
    r"forbidden: exceeded quota: (?P<quota>[\w.-]+)"
    r"(?:, requested: (?P<requested>[\w=.,/]+), used: (?P<used>[\w=.,/]+), limited: (?P<limited>[\w=.,/]+))?"
)


class ResourceQuotaExceeded(SignalRule):
    """Kubernetes refused a pod or job (403 Forbidden) because the namespace's ResourceQuota is used up.

    The 403 is how the API server reports a quota, not a missing RBAC permission: the fix is the
    quota or the requests (CONFIG), and it comes and goes with what else runs in the namespace.
    """

    id = "generic.resource_quota"
    title = "Namespace resource quota exceeded"
    reads = (G.FORBIDDEN,)
    supersedes = (*_EXPLAINS, "generic.permission_denied")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the quota and its numbers, when the 403's body says ``exceeded quota``.

        The body is often logged on a line of its own after ``Reason: Forbidden``, so the lines the
        task died with are read, not only the 403's line.
        """
        found = next(
            (
                (ln, m)
                for block in reversed(terminal_blocks(bundle))
                for ln in reversed(block.lines)
                if (m := _QUOTA_RE.search(ln.text))
            ),
            None,
        )
        if found is None:
            return None
        line, m = found
        numbers = (
            f" (requested {m['requested']}, used {m['used']} of the limit {m['limited']})"
            if m["requested"]
            else ""
        )
        return self.finding(
            title=f"Kubernetes refused the pod: namespace quota {m['quota']} exceeded",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=82,
            summary=(
                f"The API server answered 403 Forbidden with 'exceeded quota: {m['quota']}'{numbers}: the "
                "namespace's ResourceQuota had no room left for the pod's requests. That is a limit, not a "
                "missing permission; it holds until other pods in the namespace finish or the quota grows."
            ),
            lines=[line],
            signals=hits[:1],
            details=[
                ("quota", m["quota"]),
                *[(k, m[k]) for k in ("requested", "used", "limited") if m[k]],
            ],
            immediate_fix=(
                f"Check the quota's use (`kubectl describe resourcequota {m['quota']} -n <namespace>`) and "
                "clear the task once running pods free room."
            ),
            change=(
                "Raise the namespace's ResourceQuota, or lower the pod's cpu/memory requests "
                "(container_resources on KubernetesPodOperator), or cap concurrent pods with an Airflow pool."
            ),
            prevention="Size the quota for the peak number of concurrent task pods times their requests.",
            monitoring="Alert on ResourceQuota usage near its limit and on FailedCreate quota events.",
        )


class PermissionDenied(SignalRule):
    """``Permission denied`` on a file or database object, or a 403 from a service (CONFIG)."""

    id = "generic.permission_denied"
    title = "Permission denied"
    reads = (G.PERMISSION_DENIED, G.FORBIDDEN)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the path or object (or the Kubernetes service account RBAC refused)."""
        if rbac := _rbac_refusal(hits):
            return self._rbac_finding(hits, *rbac)
        target = attribute(hits, "path") or attribute(hits, "object")
        # EACCES: a file mode or a path the code should not use; 403: also S3's missing key, rate limits.
        named_grant = hits_say(hits, _GRANT_RE)
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
            max_confidence=None if named_grant else AMBIGUOUS_CEILING,
        )

    def _rbac_finding(
        self, hits: list[Signal], namespace: str, account: str, verb: str, resource: str
    ) -> RuleFinding:
        """Config finding: a Role or RoleBinding for the service account is missing."""
        return self.finding(
            title=f"Kubernetes RBAC does not let service account {namespace}/{account} {verb} {resource}",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"The Kubernetes API server refused the call ({_quote(hits)}): the pod runs as service "
                f"account {namespace}/{account}, and no Role or RoleBinding (RBAC) grants it {verb} on "
                f"{resource}. The code is not wrong; the service account's permissions are."
            ),
            signals=hits[:3],
            details=[("service account", f"{namespace}/{account}"), ("refused", f"{verb} {resource}")],
            immediate_fix=(
                f"Bind a Role that allows {verb} on {resource} to the service account (`kubectl create "
                f"rolebinding … --serviceaccount={namespace}:{account}`), or run the pod as a service "
                "account that has it; then clear the task."
            ),
            change="Declare the service account, its Role and RoleBinding with the deployment (Helm values).",
            prevention=(
                "Check the job's service account with `kubectl auth can-i --as=system:serviceaccount:…`."
            ),
            monitoring="Alert on RBAC Forbidden answers for the pipeline's namespaces.",
        )


#: A database refusing a grant on a named object (``permission denied for sequence x``, ``must be owner
#: of``): one meaning, a role without the privilege. A file's EACCES or a service's 403 has several.
_GRANT_RE = re.compile(r"[Pp]ermission denied for \w+ \S+|must be owner of \S+")
#: A service saying in words that the credential itself is wrong (a bad password, an unknown key, a
#: bad signature). A bare 401 or "token expired" is not: also a token the code never refreshes (code).
_BAD_CREDENTIAL_RE = re.compile(
    r"[Pp]assword authentication failed|[Ll]ogin failed for user|[Aa]ccess denied for user|"
    r"[Ii]nvalid (?:credentials|username or password|API key|api[_ ]key|client secret)|"
    r"InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException"
)


#: Kubernetes' RBAC refusal, in its old and new wording: ``User "system:serviceaccount:ns:sa" cannot get
#: pods in the namespace "ns"`` / ``… cannot get resource "pods" in API group "" …``.
_RBAC_RE = re.compile(
    r"User \W?system:serviceaccount:(?P<ns>[\w.-]{1,253}):(?P<sa>[\w.-]{1,253})\W{1,3}cannot "
    r"(?P<verb>[a-z]{2,20}) (?:resource \W?)?(?P<resource>[\w.-]{1,100})"
)


def _rbac_refusal(hits: list[Signal]) -> tuple[str, str, str, str] | None:
    """(namespace, service account, verb, resource) when a hit is Kubernetes refusing a service account."""
    for hit in hits:
        for line in hit.lines:
            if m := _RBAC_RE.search(line.text[:2000]):
                return m.group("ns"), m.group("sa"), m.group("verb"), m.group("resource")
    return None


class AuthFailed(SignalRule):
    """Authentication failed (401, bad password/key) or the token expired (CONFIG)."""

    id = "generic.auth_failed"
    title = "Authentication failed"
    reads = (G.TOKEN_EXPIRED, G.AUTH_FAILED)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: the credentials in the connection are wrong or stale."""
        expired = bundle.has_signal(G.TOKEN_EXPIRED)
        # 401 or expired token: a wrong or rotated secret (config), or a token the code never refreshes.
        says_wrong = hits_say(hits, _BAD_CREDENTIAL_RE) and not expired
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
            max_confidence=None if says_wrong else AMBIGUOUS_CEILING,
        )
