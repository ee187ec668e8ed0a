"""Investigate local files: the code path shared by ``airflow-pipeline-debugger analyze`` and the eval.

The explicitly given paths are the only allow-listed roots. No Airflow metadata DB is touched; the
model is used when one is configured (environment or an ``AIRFLOW_CONN_*`` variable), unless the
caller says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.collect import (
    DEFAULT_LOG_SCAN_MAX_BYTES,
    DEFAULT_MAX_EVIDENCE_BYTES,
    collect_evidence,
)
from airflow_pipeline_debugger.adapters.registry import configured_adapters
from airflow_pipeline_debugger.domain import EvidenceBundle, FailureContext, InvestigationResult, PipelineType
from airflow_pipeline_debugger.engine.llm.base import LLMClient
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget, build_request_preview
from airflow_pipeline_debugger.engine.llm.settings import configured_client
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, analyse_bundle, investigate_bundle
from airflow_pipeline_debugger.engine.rules import load_heuristics
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import Topology, configured_topology
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.base import Heuristic


class OfflineInputError(ValueError):
    """The given files cannot be investigated (nothing readable)."""


@dataclass(frozen=True)
class CollectLimits:
    """How much of each log is scanned and how much of each piece of evidence is kept."""

    log_scan_max_bytes: int = DEFAULT_LOG_SCAN_MAX_BYTES
    max_evidence_bytes: int = DEFAULT_MAX_EVIDENCE_BYTES


@dataclass
class OfflineSettings:
    """Adapters, rules, topology, model client and budget of an offline run, loaded once."""

    heuristics: list[Heuristic]
    topology: Topology
    llm: LLMClient | None
    budget: ModelBudget = field(default_factory=ModelBudget)
    #: ``[pipeline_debugger] log_scan_max_bytes`` / ``evidence_max_bytes``, as the runner applies them.
    limits: CollectLimits = field(default_factory=CollectLimits)
    #: ``extra_adapters`` loaded, ``disabled_adapters`` left out; ``None`` reads them at collection.
    adapters: tuple[Adapter, ...] | None = None

    @classmethod
    def load(cls, *, use_model: bool, env: Mapping[str, str] | None = None) -> OfflineSettings:
        """Read ``[pipeline_debugger]`` settings; the model only if ``use_model``, enabled and configured.

        Raises ``ConfigError``, ``HeuristicConfigError``, ``TopologyError`` or ``LLMConfigError`` on bad
        configuration.
        """
        llm = configured_client(inside_airflow=False, env=env) if use_model else None
        return cls(
            heuristics=load_heuristics(),
            topology=configured_topology(),
            llm=llm,
            budget=ModelBudget.from_conf(),
            limits=CollectLimits(
                log_scan_max_bytes=conf.log_scan_max_bytes(), max_evidence_bytes=conf.evidence_max_bytes()
            ),
            adapters=configured_adapters(),
        )


@dataclass
class OfflineRun:
    """What an offline investigation produced."""

    bundle: EvidenceBundle
    sink: InMemorySink
    result: InvestigationResult


def collect_files(
    logs: Sequence[Path],
    artifacts: Sequence[Path],
    *,
    pipeline_type: PipelineType | None = None,
    context: FailureContext | None = None,
    limits: CollectLimits | None = None,
    adapters: tuple[Adapter, ...] | None = None,
) -> EvidenceBundle:
    """Collect evidence from local files, allow-listing exactly those paths (``adapters``: the configured)."""
    request = CollectionRequest(
        context=context or FailureContext(trigger="cli"),
        files=FileAccess({"*": [p.resolve() for p in [*logs, *artifacts]]}),
        logs=[LogSource(name=p.name, source=str(p), path=p) for p in logs],
        artifact_paths=list(artifacts),
        pipeline_type=pipeline_type,
    )
    limits = limits or CollectLimits()
    bundle = collect_evidence(
        request,
        adapters,
        max_evidence_bytes=limits.max_evidence_bytes,
        log_scan_max_bytes=limits.log_scan_max_bytes,
    )
    if not bundle.evidence:
        raise OfflineInputError("nothing readable in the given files")
    return bundle


def preview_files(
    logs: Sequence[Path],
    artifacts: Sequence[Path],
    settings: OfflineSettings,
    *,
    pipeline_type: PipelineType | None = None,
) -> str:
    """Exactly what would be sent to the model for these files (``--show-prompt``); no model call."""
    bundle = collect_files(
        logs, artifacts, pipeline_type=pipeline_type, limits=settings.limits, adapters=settings.adapters
    )
    _, prior = analyse_bundle(bundle, settings.heuristics)
    return build_request_preview(bundle, prior, settings.topology, settings.budget)


def analyze_files(
    logs: Sequence[Path],
    artifacts: Sequence[Path],
    settings: OfflineSettings,
    *,
    pipeline_type: PipelineType | None = None,
    context: FailureContext | None = None,
) -> OfflineRun:
    """Collect and investigate local files."""
    bundle = collect_files(
        logs,
        artifacts,
        pipeline_type=pipeline_type,
        context=context,
        limits=settings.limits,
        adapters=settings.adapters,
    )
    sink = InMemorySink()
    for evidence in bundle.evidence:
        sink.add_evidence(evidence)
    result = investigate_bundle(
        bundle,
        sink,
        llm=settings.llm,
        topology=settings.topology,
        heuristics=settings.heuristics,
        options=EngineOptions(budget=settings.budget),
    )
    return OfflineRun(bundle=bundle, sink=sink, result=result)
