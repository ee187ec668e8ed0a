"""Error fingerprints, and the decision to reuse a recent investigation instead of asking the model.

A fingerprint identifies "the same failure again": the same task, the same root-cause rule and the
same error once everything that differs between runs is normalised away (numbers, ids, uuids, hex,
paths, timestamps, hosts). It groups Slack alerts and drives the cache: a failure whose fingerprint
matches an investigation of the same task within ``[pipeline_debugger] fingerprint_cache_hours``
reuses that finding, linked, without a model call. The decision is a pure function over a lookup
callable, so the runner passes the repository's query and the tests pass a dict.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from airflow_pipeline_debugger.domain import EvidenceBundle, InvestigationResult
from airflow_pipeline_debugger.engine.facts import first_error

MAX_SIGNATURE_CHARS = 300

# Order matters: specific shapes before the generic number rule eats their digits.
_NORMALISERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
        "<uuid>",
    ),
    (
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
        ),
        "<ts>",
    ),
    (re.compile(r"\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "<time>"),
    (re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+", re.IGNORECASE), "<url>"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "<ip>"),
    (re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.@$~+-]+){2,}[/\\]?"), "<path>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "<hex>"),
    (re.compile(r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b"), "<hex>"),
    (re.compile(r"\b(?:application|app|job|attempt|container|task|stage|executor)_[\w.-]+\b"), "<id>"),
    (re.compile(r"\d+(?:\.\d+)?"), "<n>"),
    (re.compile(r"\s+"), " "),
)


def normalise(message: str) -> str:
    """An error message with the run-specific parts replaced by placeholders."""
    text = message.strip()
    for pattern, placeholder in _NORMALISERS:
        text = pattern.sub(placeholder, text)
    return text.strip()[:MAX_SIGNATURE_CHARS]


def error_signature(bundle: EvidenceBundle) -> str:
    """``<ExceptionType>: <normalised message>``, from the structured error or the first error line."""
    err = first_error(bundle)
    ctx = bundle.context
    if ctx.error_type or ctx.error_message:
        return f"{ctx.error_type}: {normalise(ctx.error_message)}".strip()
    return normalise(err.line.text) if err.line else ""


def fingerprint(bundle: EvidenceBundle, result: InvestigationResult) -> str:
    """sha256 of dag/task, the root-cause rule (or category) and the error signature."""
    ctx = bundle.context
    cause = result.root_cause.rule_id or f"category:{result.root_cause.category.value}"
    key = "\x1f".join([ctx.key.dag_id, ctx.key.task_id, cause, error_signature(bundle)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedInvestigation:
    """A recent investigation with the same fingerprint, as the repository returns it."""

    investigation_id: str
    created_at: datetime
    result: InvestigationResult


#: ``lookup(fingerprint, since)`` → the newest finished investigation with that fingerprint created
#: at or after ``since``, or ``None`` (the runner binds the repository's ``find_recent_by_fingerprint``).
CacheLookup = Callable[[str, datetime], CachedInvestigation | None]


def reusable_investigation(
    fp: str, lookup: CacheLookup | None, *, window_hours: float, now: datetime
) -> CachedInvestigation | None:
    """The investigation to reuse, or ``None`` (no lookup, window off, nothing recent, or stale)."""
    if lookup is None or window_hours <= 0 or not fp:
        return None
    since = now - timedelta(hours=window_hours)
    hit = lookup(fp, since)
    if hit is None or hit.created_at < since:
        return None
    return hit
