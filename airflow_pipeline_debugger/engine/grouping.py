"""Which incident a finished investigation belongs to: the grouping key, pure.

Two scopes:

* **task** — the same task failing the same way again (the engine's fingerprint: DAG, task,
  root-cause rule and normalised error signature). Repeats within the grouping window go into
  the first alert's thread.
* **storm** — many tasks failing for one upstream reason: the same root-cause rule, the same
  normalised signature *and* the same upstream identity (the ``host:port`` that refused, the URI or
  partition that is missing). Only causes outside the task's own code qualify (``infra``,
  ``data``, ``config``) and only when a rule named the cause: a code bug in two DAGs is two bugs,
  and two unrelated "unknown" failures are not one incident.

The signature comes from ``engine.fingerprint.normalise`` (one normaliser for the whole provider).
Upstream identities are extracted from the *raw* error because the normaliser deliberately erases
hosts, ports, URIs and dates — exactly what tells one outage from another.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.fingerprint import normalise

TASK_SCOPE = "task"
STORM_SCOPE = "storm"
STORM_CATEGORIES = frozenset({Category.INFRA.value, Category.DATA.value, Category.CONFIG.value})
MAX_IDENTITIES = 5

_IDENTITY_PATTERNS: tuple[re.Pattern[str], ...] = (
    # libpq / psycopg: connection to server at "db.internal" (10.0.0.5), port 5432 failed
    re.compile(r"""server at "(?P<host>[^"]+)"(?: \([^)]*\))?, port (?P<port>\d{1,5})"""),
    # host:port (hostname with a dot, localhost, or an IPv4 address)
    re.compile(
        r"(?<![\w/@:.-])(?P<host>localhost|\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9][\w-]*(?:\.[\w-]+)+)"
        r":(?P<port>\d{2,5})\b"
    ),
    # URIs (object stores, HDFS, HTTP): scheme://host/path, credentials already redacted upstream
    re.compile(r"\b(?P<uri>(?:s3a?|gs|abfss?|wasbs?|hdfs|https?|file)://[^\s'\"<>,;)]+)"),
    # Hive-style partition specs: ds=2026-11-22, date=20261122, dt=2026-11-22/hour=03
    re.compile(r"\b(?P<part>(?:ds|dt|date|day|hour|partition)=[\w:-]+)"),
)


@dataclass(frozen=True)
class GroupKey:
    """The incident key of one alert: a sha256 ``key``, its ``scope`` and a readable ``label``."""

    key: str
    scope: str
    label: str


def upstream_identities(error: str) -> tuple[str, ...]:
    """The hosts, URIs and partitions an error names, in order, de-duplicated and bounded."""
    found: list[str] = []
    for pattern in _IDENTITY_PATTERNS:
        for match in pattern.finditer(error or ""):
            groups = match.groupdict()
            if groups.get("host"):
                value = f"{groups['host'].lower()}:{groups['port']}"
            else:
                value = (groups.get("uri") or groups.get("part") or "").rstrip("/.")
            if value and value not in found:
                found.append(value)
    return tuple(found[:MAX_IDENTITIES])


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def group_key(
    *, dag_id: str, task_id: str, category: str, rule_id: str, error: str, fingerprint: str = ""
) -> GroupKey:
    """The grouping key of a finished investigation (see the module docstring)."""
    signature = normalise(error or "")
    identities = upstream_identities(error)
    if category in STORM_CATEGORIES and rule_id and (signature or identities):
        label = " · ".join([category, rule_id, *identities[:2]])
        return GroupKey(_digest(STORM_SCOPE, category, rule_id, signature, *identities), STORM_SCOPE, label)
    key = fingerprint or _digest(TASK_SCOPE, dag_id, task_id, rule_id or f"category:{category}", signature)
    return GroupKey(key, TASK_SCOPE, f"{dag_id}.{task_id} · {rule_id or category}")
