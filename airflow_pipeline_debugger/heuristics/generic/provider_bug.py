"""An exception raised inside an Airflow provider's own code, with no frame of the DAG's (CODE).

An operator's ``execute``, a trigger's ``run`` or a provider's CLI runs only Airflow's and the
provider's code: when the traceback has no frame of the DAG's own files and the provider raised a
programming error (``AttributeError``, ``TypeError``, ``KeyError`` …), an internal import of
Airflow's failed, the provider refused a feature by the Airflow version it believes is running, or
a library the provider calls rejected the call's signature (``unexpected keyword argument``),
the fix goes to the provider's version (pin the last working release, upgrade to the fixed one)
or a workaround in the DAG — a library bug or a provider/core pair that does not work together,
not the task's inputs or set-up. It rises above the bare-exception fallback and the exception's
documented prior (``AirflowOptionalProviderFeatureException`` alone reads as a missing feature).
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
from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames

#: Exception types that, raised by a provider's own code, are its bug or its mismatch with core.
_BUG_TYPES = frozenset(
    {
        "AttributeError",
        "TypeError",
        "KeyError",
        "NameError",
        "UnboundLocalError",
        "IndexError",
        "AirflowOptionalProviderFeatureException",
    }
)
#: An internal import of Airflow's that failed inside a provider: the provider expects another core.
_CORE_IMPORT_RE = re.compile(r"cannot import name '(?P<name>\w+)' from '(?P<module>airflow[\w.]*)'")
_PROVIDER_PATH_RE = re.compile(r"/airflow/providers/(?P<rel>\w+(?:/\w+)*\.py)$")
#: A call that does not fit the callee's signature or module: two packages' versions do not match.
_SIGNATURE_RE = re.compile(
    r"unexpected keyword argument|got multiple values for (?:keyword )?argument"
    r"|missing \d+ required (?:positional|keyword-only) arguments?"
    r"|takes (?:from \d+ to )?\d+ positional arguments? but \d+ (?:was|were) given"
    r"|module '[\w.]+' has no attribute"
)
#: Provider folders whose packages are named by two levels (``apache-airflow-providers-cncf-kubernetes``).
_TWO_LEVEL = frozenset({"apache", "cncf", "common", "dbt", "microsoft"})
_PACKAGE_RE = re.compile(r"(?:site|dist)-packages/(?P<package>[\w.]+)")


class ProviderBug(SignalRule):
    """A provider raised a programming error from its own code, reached without the DAG's code."""

    id = "generic.provider_bug"
    title = "Bug in an Airflow provider (or a provider that does not match Airflow)"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION)
    read_together = True
    #: A failed internal import of Airflow's inside a provider also explains the import rule's
    #: "package not installed" reading; other findings leave that rule alone.
    supersedes = ("generic.python_exception", "generic.error_code", "airflow.import_error")
    max_confidence = 60  # a provider's bug, or the DAG's arguments reaching it wrongly

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding naming the provider and its frame.

        When the innermost frame is the provider's; or when it is a library the provider calls and
        the error says the call does not fit that library's signature (versions that do not match).
        """
        last = max(hits, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc_type = str(last.attributes.get("exception_type") or "").rsplit(".", 1)[-1]
        detail = str(last.attributes.get("detail") or "").strip()
        core_import = _CORE_IMPORT_RE.search(detail)
        if exc_type not in _BUG_TYPES and not (exc_type == "ImportError" and core_import):
            return None
        frames = traceback_frames(bundle, last)
        if not frames or not all(is_library(path) for path, _, _ in frames):
            return None
        found = next(
            ((i, m) for i in range(len(frames) - 1, -1, -1) if (m := _PROVIDER_PATH_RE.search(frames[i][0]))),
            None,
        )
        if found is None:
            return None
        at, where = found
        _, line, function = frames[at]
        provider, module = _split_provider(where["rel"])
        frame = f"airflow/providers/{where['rel']}:{line} in {function}"
        said = f": {detail[:200]}" if detail else ""
        title = f"{exc_type} inside the {provider} provider ({module}:{line} in {function})"
        if at == len(frames) - 1:
            story = (
                f"The {provider} provider raised {exc_type}{said} in its own code ({frame}), reached through "
                "Airflow and the provider only, with no frame of the DAG's files: a bug in this release of "
                "the provider, or a provider version that does not match the installed Airflow"
            )
        elif _SIGNATURE_RE.search(detail) and (package := _PACKAGE_RE.search(frames[-1][0])):
            # Raised below the provider, in a library it calls, by a call that does not fit that
            # library's signature: the provider and the library are at versions that do not match.
            title = f"{exc_type}: the {provider} provider's call does not fit {package['package']}"
            story = (
                f"The {provider} provider ({frame}) called {package['package']} in a way the installed "
                f"{package['package']} does not accept ({exc_type}{said}), with no frame of the DAG's "
                f"files: the {provider} provider and {package['package']} are at versions that do not "
                "match (a provider version that does not match its libraries)"
            )
        else:
            return None
        explains = self.supersedes if core_import else self.supersedes[:2]
        return self.finding(
            supersedes=explains,
            title=title,
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=64,
            summary=sentence(story),
            signals=[last],
            details=[("provider", provider), ("raised at", frame), ("exception", exc_type)],
            immediate_fix=(
                f"Compare the installed {provider} provider and Airflow versions (`airflow providers list`, "
                f"`airflow version`) with the provider's changelog and issues for this error; pin the "
                "provider to the last version that worked, or upgrade to the release that fixes it."
            ),
            change=(
                "Pin provider versions with Airflow's constraints file for the installed Airflow version, "
                "and work around the bug in the DAG until the fixed release is installed."
            ),
            prevention="Upgrade providers in a staging environment that runs the same DAGs first.",
            monitoring="Track failures by provider frame after each provider upgrade.",
        )


def _split_provider(rel: str) -> tuple[str, str]:
    """Provider and module of a path under ``airflow/providers``.

    ``("cncf.kubernetes", "operators/pod.py")`` for ``cncf/kubernetes/operators/pod.py``,
    ``("google", "cloud/hooks/bigquery.py")`` for ``google/cloud/hooks/bigquery.py``.
    """
    parts = rel.split("/")
    depth = 2 if parts[0] in _TWO_LEVEL and len(parts) > 2 else 1
    return ".".join(parts[:depth]), "/".join(parts[depth:])
