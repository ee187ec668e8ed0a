"""The independent and practice sets: real failures run here, labelled blind to the rules.

Each case lives in ``eval/independent/<platform>/<slug>/`` (``label.toml``, ``logs/``, ``artifacts/``):
a failure provoked for real (Airflow 3, dbt-duckdb, PySpark local) by someone who had not read the
heuristics, the engine or the generated scenarios, with its label committed before the engine ever
ran on it. Unlike the public corpus there is no ``dev`` split: no rule may be written against any of
these cases, so the whole set measures how the engine does on failures nobody tuned it for.

The practice set (``eval/practice/<platform>/<slug>/``) is made the same way and has the same label
schema, but rules may be written against it: it is the ``dev`` of real runs, so that a rule can be
written from failures shaped like the ones the independent set holds out, instead of only from
public threads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "independent"
PRACTICE_ROOT = ROOT.parent / "practice"
PLATFORMS = ("airflow", "dbt", "spark")
CATEGORIES = ("data", "code", "config", "infra", "unknown")
TRANSIENCES = ("permanent", "transient", "intermittent", "unknown")
#: Every case says how it was made; a label copied from elsewhere (a thread, a generator) is not one.
SOURCE_PREFIX = "blind real run"
LABEL_KEYS = (
    "source",
    "platform",
    "category",
    "transience",
    "root_cause_keywords",
    "root_cause_summary",
    "fix_keywords",
    "labelled_on",
)
#: Keys that would make a case look like another corpus's: a split (the set is held out whole) or
#: a rule id (the labels were written without knowing the rules).
FORBIDDEN_KEYS = ("split", "source_url", "root_cause_rule")


@dataclass(frozen=True)
class IndependentLabel:
    """What the person who provoked one failure knew its cause to be, written before any engine run."""

    path: Path
    source: str
    platform: str
    category: str
    transience: str
    root_cause_keywords: tuple[str, ...]
    root_cause_summary: str
    fix_keywords: tuple[str, ...]
    labelled_on: str


class LabelError(ValueError):
    """An independent label that is malformed; the message names the file."""


def read_label(path: Path) -> IndependentLabel:
    """Parse and validate one ``label.toml``; its platform must match the folder it sits in."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LabelError(f"{path}: {exc}") from exc
    missing = [k for k in LABEL_KEYS if k not in data]
    if missing:
        raise LabelError(f"{path}: missing {', '.join(missing)}")
    forbidden = [k for k in FORBIDDEN_KEYS if k in data]
    if forbidden:
        raise LabelError(f"{path}: an independent case has no {', '.join(forbidden)}")
    source = str(data["source"])
    if not source.startswith(SOURCE_PREFIX):
        raise LabelError(f"{path}: source must start with {SOURCE_PREFIX!r}, got {source!r}")
    platform = str(data["platform"])
    if platform not in PLATFORMS or path.parent.parent.name != platform:
        raise LabelError(f"{path}: platform {platform!r} must be one of {PLATFORMS} and name its folder")
    category = str(data["category"])
    if category not in CATEGORIES:
        raise LabelError(f"{path}: category must be one of {', '.join(CATEGORIES)}")
    transience = str(data["transience"])
    if transience not in TRANSIENCES:
        raise LabelError(f"{path}: transience must be one of {', '.join(TRANSIENCES)}")
    keywords = tuple(str(k) for k in data["root_cause_keywords"])
    if not keywords:
        raise LabelError(f"{path}: root_cause_keywords is empty")
    if not any((path.parent / "logs").glob("*")):
        raise LabelError(f"{path}: the case has no logs/")
    return IndependentLabel(
        path=path.parent,
        source=source,
        platform=platform,
        category=category,
        transience=transience,
        root_cause_keywords=keywords,
        root_cause_summary=str(data["root_cause_summary"]),
        fix_keywords=tuple(str(k) for k in data["fix_keywords"]),
        labelled_on=str(data["labelled_on"]),
    )


def load_labels(root: Path = ROOT) -> list[IndependentLabel]:
    """Every independent label under ``root`` (``<platform>/<slug>/label.toml``), sorted by path."""
    return [read_label(p) for p in sorted(root.glob("*/*/label.toml"))]
