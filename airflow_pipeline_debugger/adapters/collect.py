"""Turn a collection request into an evidence bundle: detect the platform, scan logs, run adapters.

The order of work matters for robustness: every log is scanned once with the union of the
applicable adapters' patterns (so a 2 GB log is read once, not once per adapter), then each
adapter's ``collect`` runs in isolation. Anything that fails — a missing or unreadable file, a
binary log, a log over the scan cap, an adapter that raises — becomes a ``collection_error`` piece
of evidence that says what and why, and collection goes on: an investigation with a gap it knows
about beats no investigation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.registry import configured_adapters
from airflow_pipeline_debugger.domain import (
    CancelToken,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    PipelineType,
    Signal,
)
from airflow_pipeline_debugger.evidence.files import (
    DecompressedLog,
    FileAccessError,
    decode_text,
    log_problem,
)
from airflow_pipeline_debugger.evidence.logscan import LogScanner, ScanLimits, ScanResult
from airflow_pipeline_debugger.evidence.patterns import LogPattern
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.tolerant import cap_utf8

log = logging.getLogger(__name__)

DEFAULT_MAX_EVIDENCE_BYTES = 256 * 1024
DEFAULT_LOG_SCAN_MAX_BYTES = 1024 * 1024 * 1024
#: Characters of each log's first lines read to recognise the platform from its content.
DETECTION_PREFIX_BYTES = 64 * 1024
#: Bytes read at most for that sample, and characters kept of each line in it.
DETECTION_READ_BYTES = 8 * 1024 * 1024
DETECTION_LINE_CHARS = 2048


@dataclass(frozen=True)
class Detection:
    """The platform chosen for a task and the reason, kept in ``facts["detection"]``."""

    pipeline_type: PipelineType
    reason: str


def collect_evidence(
    request: CollectionRequest,
    adapters: Sequence[Adapter] | None = None,
    *,
    max_evidence_bytes: int = DEFAULT_MAX_EVIDENCE_BYTES,
    log_scan_max_bytes: int = DEFAULT_LOG_SCAN_MAX_BYTES,
    cancel: CancelToken | None = None,
) -> EvidenceBundle:
    """Collect everything about one failed task; never raises for bad input or a broken adapter.

    :param adapters: the adapters to consider (default: the configured ones, see
        :func:`~airflow_pipeline_debugger.adapters.registry.configured_adapters`).
    :param max_evidence_bytes: cap on the stored content of one piece of evidence.
    :param log_scan_max_bytes: bytes of one log that are scanned at most (plus its last part).
    :param cancel: checked before each log and each adapter; a cancelled investigation raises
        ``InvestigationCancelledError`` there instead of reading on.
    """
    token = cancel or CancelToken()
    if adapters is None:
        adapters = configured_adapters()
    bundle = EvidenceBundle(context=request.context)
    prefixes = {source.name: _prefix(request, source) for source in request.logs}
    detection = detect_pipeline_type(request, adapters, prefixes.values())
    bundle.pipeline_type = detection.pipeline_type
    chosen = applicable(request, adapters, detection.pipeline_type, prefixes.values())
    bundle.facts["detection"] = {
        "pipeline_type": detection.pipeline_type.value,
        "reason": detection.reason,
        "adapters": [a.name for a in chosen],
    }
    limits = ScanLimits(max_bytes=log_scan_max_bytes, max_excerpt_bytes=min(48 * 1024, max_evidence_bytes))
    scanner = LogScanner(_union_patterns(chosen), limits)
    for source in request.logs:
        token.check(f"scanning {source.name}")
        _scan_log(request, bundle, scanner, source)
    for adapter in chosen:
        token.check(f"collecting with the {adapter.name} adapter")
        try:
            adapter.collect(request, bundle)
        except Exception as exc:  # noqa: BLE001 - one adapter's bug must not hide the other evidence
            # No traceback in the log: exception messages can carry secrets our patterns mask here.
            log.warning(
                "adapter %s failed to collect evidence: %s",
                adapter.name,
                redact(f"{type(exc).__name__}: {exc}"),
            )
            _error(bundle, f"adapter {adapter.name}", adapter.name, f"{type(exc).__name__}: {exc}")
    for adapter in chosen:
        try:
            commands = adapter.diagnostic_commands(bundle)
        except Exception as exc:  # noqa: BLE001 - same isolation as collect
            _error(
                bundle,
                f"adapter {adapter.name}",
                adapter.name,
                f"diagnostic_commands: {type(exc).__name__}: {exc}",
            )
            continue
        bundle.diagnostic_commands.extend(redact(c) for c in commands if c not in bundle.diagnostic_commands)
        if adapter.briefing and adapter.briefing not in bundle.briefings:
            bundle.briefings.append(adapter.briefing)
    _enforce_caps(bundle, max_evidence_bytes)
    if request.metadata is not None:
        with request.metadata() as session:  # a database outage propagates: the runner requeues
            for adapter in chosen:
                token.check(f"reading Airflow's metadata with the {adapter.name} adapter")
                adapter.collect_metadata(request, bundle, session)
    return bundle


def detect_pipeline_type(
    request: CollectionRequest, adapters: Sequence[Adapter], prefixes: Iterable[str]
) -> Detection:
    """Forced type > operator/command markers > claimed artifacts > log content markers > airflow."""
    if request.pipeline_type is not None:
        return Detection(request.pipeline_type, "forced")
    platform = [a for a in adapters if not a.always_applies and a.pipeline_type is not PipelineType.AIRFLOW]
    unforced = CollectionRequest(
        context=request.context, files=request.files, logs=request.logs, artifact_paths=request.artifact_paths
    )
    for adapter in platform:
        if _safe(lambda a=adapter: a.applies(unforced)):
            return Detection(adapter.pipeline_type, f"operator or command matches the {adapter.name} adapter")
    for path in request.artifact_paths:
        for adapter in platform:
            if _safe(lambda a=adapter, p=path: a.claims_artifact(p)):
                return Detection(adapter.pipeline_type, f"artifact {path} belongs to {adapter.name}")
    text = "\n".join(prefixes)
    scores = [(sum(text.count(m) for m in a.content_markers), i, a) for i, a in enumerate(platform)]
    best = max(scores, default=None, key=lambda s: (s[0], -s[1]))
    if best is not None and best[0] > 0:
        return Detection(best[2].pipeline_type, f"log content looks like {best[2].name} output")
    return Detection(PipelineType.AIRFLOW, "no dbt or Spark marker: a plain Airflow task")


def applicable(
    request: CollectionRequest, adapters: Sequence[Adapter], detected: PipelineType, prefixes: Iterable[str]
) -> list[Adapter]:
    """Adapters that look at this task: always-on ones, the detected platform's, and any that claim it."""
    text = "\n".join(prefixes)
    chosen = []
    for adapter in adapters:
        if (
            adapter.always_applies
            or adapter.pipeline_type is detected
            or _safe(lambda a=adapter: a.applies(request))
            or any(m in text for m in adapter.content_markers)
        ):
            chosen.append(adapter)
    return chosen


def _union_patterns(adapters: Iterable[Adapter]) -> list[LogPattern]:
    seen: dict[tuple[str, str, str], LogPattern] = {}
    for adapter in adapters:
        for pattern in adapter.patterns:
            seen.setdefault((pattern.code, pattern.regex, pattern.literal), pattern)
    return list(seen.values())


def _safe(check: object) -> bool:
    """Run an adapter's yes/no hook; an exception counts as no."""
    try:
        return bool(check())  # type: ignore[operator]
    except Exception:  # a detection hook must not break collection
        log.debug("adapter detection hook failed", exc_info=True)
        return False


def _prefix(request: CollectionRequest, source: LogSource) -> str:
    """The first bytes of a log, for platform detection (errors are reported by the scan)."""
    if source.text is not None:
        return detection_sample(source.text[:DETECTION_READ_BYTES])
    if source.path is None:
        return ""
    try:
        with request.files.open_log(source.path) as fh:
            head = fh.read(DETECTION_READ_BYTES)
    except (OSError, ValueError):
        return ""
    return detection_sample(decode_text(head))


def detection_sample(text: str) -> str:
    """A log's first :data:`DETECTION_PREFIX_BYTES` characters, each line cut to a few thousand.

    A giant first line (a dumped config, a base64 payload) must not fill the sample and hide the
    tool's markers in the lines after it.
    """
    kept: list[str] = []
    size = 0
    for line in text.splitlines():
        kept.append(line[:DETECTION_LINE_CHARS])
        size += len(kept[-1]) + 1
        if size >= DETECTION_PREFIX_BYTES:
            break
    return "\n".join(kept)[:DETECTION_PREFIX_BYTES]


def _scan_log(
    request: CollectionRequest, bundle: EvidenceBundle, scanner: LogScanner, source: LogSource
) -> None:
    """Scan one log into a LOG evidence plus signals; problems become collection errors."""
    where = source.source or (str(source.path) if source.path else source.name)
    if source.text is not None:
        result = scanner.scan_text(source.text)
        size = len(source.text.encode("utf-8", errors="replace"))
    elif source.path is not None:
        try:
            size = request.files.size(source.path)
            with request.files.open_log(source.path) as fh:
                decompressed = isinstance(getattr(fh, "raw", None), DecompressedLog)
                result = scanner.scan_stream(fh, total_bytes=None if decompressed else size)
                if problem := log_problem(fh):
                    result.notes.append(problem)
                    result.truncated = True
        except FileAccessError as exc:
            _error(bundle, source.name, where, f"log not read: {exc.reason} ({exc.path})")
            return
        except (OSError, ValueError) as exc:
            _error(bundle, source.name, where, f"log not read: {exc}")
            return
    else:
        _error(bundle, source.name, where, "log source has neither a path nor text")
        return
    if result.binary:
        _error(bundle, source.name, where, f"log not scanned: {'; '.join(result.notes)}", size=size)
        return
    summary = redact_value(result.summary())
    if source.logs_tab_map:
        summary["logs_tab_map"] = source.logs_tab_map
    evidence = bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.LOG,
            name=source.name,
            source=redact(where),
            content=result.excerpt,
            size_bytes=size,
            truncated=result.truncated or result.excerpt_lines < result.line_count,
            summary=summary,
        )
    )
    if result.truncated:
        _error(bundle, source.name, where, "; ".join(result.notes), size=size)
    bundle.signals.extend(_signals(result, evidence.id))


def _signals(result: ScanResult, evidence_id: str) -> list[Signal]:
    return [
        Signal(
            code=hit.code,
            message=hit.message,
            evidence_id=evidence_id,
            lines=(LogLine(evidence_id, hit.line_no, hit.text),),
            attributes={**hit.attributes, "occurrences": result.counts.get(hit.code, 1), "level": hit.level},
        )
        for hit in result.hits
    ]


def _error(bundle: EvidenceBundle, name: str, source: str, message: str, size: int = 0) -> None:
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name=redact(name),
            source=redact(source),
            content=redact(message),
            size_bytes=size,
        )
    )


def _enforce_caps(bundle: EvidenceBundle, max_bytes: int) -> None:
    """Redact (again) and cap every piece of evidence, whoever added it."""
    for evidence in bundle.evidence:
        content = redact(evidence.content)
        size = len(content.encode("utf-8", errors="replace"))
        if size > max_bytes:
            marker = f"\n… [cut at {max_bytes} bytes of {size}]"
            content = cap_utf8(content, max_bytes - len(marker.encode()))[0] + marker
            evidence.truncated = True
        evidence.content = content
