"""The adapter contract: one class per platform turns a failed task's raw material into evidence.

An adapter (1) says whether it applies to a task, (2) declares the log patterns it recognises — the
log scanner runs the patterns of every applicable adapter in one streaming pass — (3) reads and
parses its own artifacts through the allow-listed ``evidence.files.FileAccess``,
(4) briefs the model on its platform and (5) lists the real diagnostic commands for the failure.

Minimal example (a Flink adapter would be this one file plus an entry point)::

    class FlinkAdapter(Adapter):
        name = "flink"
        operator_classnames = frozenset({"FlinkKubernetesOperator"})
        command_markers = ("flink run",)
        patterns = (LogPattern("flink.checkpoint_timeout", r"Checkpoint .* expired", "Checkpoint expired"),)

        def collect(self, request, bundle):
            ...  # read the job manager log under request.files, add Evidence, Signals and facts
"""

from __future__ import annotations

from abc import ABC
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from airflow_pipeline_debugger.domain import EvidenceBundle, PipelineType
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# An adapter's author needs one import: the contract and the types it takes (defined in ``evidence``,
# the layer below, where the log scanner and the collectors share them).
__all__ = ["Adapter", "CollectionRequest", "Level", "LogPattern", "LogSource"]


class Adapter(ABC):
    """Base class for a platform adapter. Subclasses are mostly declarative.

    Contract: :meth:`collect` must not raise. When something cannot be read or parsed, add an
    ``EvidenceKind.COLLECTION_ERROR`` piece of evidence saying what and why, and return, so one
    broken artifact never hides the rest of the evidence. (The collector still guards each call.)
    """

    name: ClassVar[str]
    pipeline_type: ClassVar[PipelineType] = PipelineType.AIRFLOW
    operator_classnames: ClassVar[frozenset[str]] = frozenset()
    command_markers: ClassVar[tuple[str, ...]] = ()
    patterns: ClassVar[tuple[LogPattern, ...]] = ()
    briefing: ClassVar[str] = ""
    #: Substrings whose presence in a log makes this platform likely (for ``--pipeline-type auto``).
    content_markers: ClassVar[tuple[str, ...]] = ()
    #: Applies to every task whatever its platform (generic Python/network/permission patterns).
    always_applies: ClassVar[bool] = False

    def applies(self, request: CollectionRequest) -> bool:
        """Whether this adapter should look at the task: operator class or command line."""
        ctx = request.context
        if request.pipeline_type is not None:
            return request.pipeline_type == self.pipeline_type
        if ctx.operator and ctx.operator.rsplit(".", 1)[-1] in self.operator_classnames:
            return True
        return any(marker in ctx.command for marker in self.command_markers)

    def claims_artifact(self, path: Path) -> bool:
        """Whether a file or folder given as an artifact belongs to this platform (for detection)."""
        return False

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:  # noqa: B027
        """Read and parse this platform's artifacts into ``bundle`` (evidence, signals, facts).

        The default does nothing: an adapter that only contributes log patterns needs no code.
        """

    def collect_metadata(  # noqa: B027
        self, request: CollectionRequest, bundle: EvidenceBundle, session: Session
    ) -> None:
        """Add what Airflow's metadata DB knows (history, config, changes) once the rest is collected.

        Called only when the request carries a metadata session (the runner), after every adapter's
        :meth:`collect` and the size caps, in one session that commits on exit. Like ``collect`` it
        records its own gaps as evidence; only a database failure may propagate, so the runner can
        put the investigation back in the queue. The default does nothing.
        """

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        """Real commands an engineer can run next for this failure (may use facts in ``bundle``)."""
        return []
