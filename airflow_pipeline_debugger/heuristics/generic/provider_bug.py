"""An exception raised inside an Airflow provider's own code, with no frame of the DAG's (CODE).

An operator's ``execute``, a trigger's ``run`` or a provider's CLI runs only Airflow's and the
provider's code: when the traceback has no frame of the DAG's own files and the provider raised a
programming error (``AttributeError``, ``TypeError``, ``KeyError`` …), an internal import of
Airflow's failed, or the provider refused a feature by the Airflow version it believes is running,
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
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.generic.python_exception import is_library, traceback_frames

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
_PROVIDER_PATH_RE = re.compile(r"/airflow/providers/(?P<provider>[\w/]+?)/(?P<module>[\w/]+\.py)$")


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
        """Code finding naming the provider and its frame, when the innermost frame is the provider's."""
        last = max(hits, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc_type = str(last.attributes.get("exception_type") or "").rsplit(".", 1)[-1]
        detail = str(last.attributes.get("detail") or "").strip()
        core_import = _CORE_IMPORT_RE.search(detail)
        if exc_type not in _BUG_TYPES and not (exc_type == "ImportError" and core_import):
            return None
        frames = traceback_frames(bundle, last)
        if not frames or not all(is_library(path) for path, _, _ in frames):
            return None
        path, line, function = frames[-1]
        where = _PROVIDER_PATH_RE.search(path)
        if where is None:
            return None
        provider = where["provider"].split("/")[0]
        frame = f"airflow/providers/{where['provider']}/{where['module']}:{line} in {function}"
        explains = self.supersedes if core_import else self.supersedes[:2]
        return self.finding(
            supersedes=explains,
            title=f"{exc_type} inside the {provider} provider ({where['module']}:{line} in {function})",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=64,
            summary=sentence(
                f"The {provider} provider raised {exc_type}"
                + (f": {detail[:200]}" if detail else "")
                + f" in its own code ({frame}), reached through Airflow and the provider only, with no "
                "frame of the DAG's files: a bug in this release of the provider, or a provider version "
                "that does not match the installed Airflow"
            ),
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
