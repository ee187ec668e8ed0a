"""The triage topology: stages, prompts, categories and escalation routing, from a TOML file.

A topology lives in the DAGs repository so a data team can change how failures are triaged without a
release of this package: which stages run (default ``classify → investigate → recommend``), what each
stage is told, which evidence each may read, what the categories mean for them, and which Slack
channel and people each category goes to. The default ships with the package; ``[pipeline_debugger]
topology_file`` replaces it. A bad file is rejected with a :class:`TopologyError` naming the file
and the line or key, at start-up rather than in the middle of an incident.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import Category, EvidenceKind

DEFAULT_TOPOLOGY = Path(__file__).with_name("default_topology.toml")
CALL_MODES = ("single", "per_stage")
ANSWER_PARTS = ("hypotheses", "evidence_analysis", "root_cause", "remediation")
#: The extra part a classifying stage produces: one category, on which later stages branch (``when``).
CLASS_PART = "class"
MAX_PROMPT_CHARS = 20_000
#: A topology is a short hand-written file; anything larger is a mistake, not a configuration.
MAX_TOPOLOGY_BYTES = 1024 * 1024

#: Which "readable root" each kind of evidence belongs to (stages list the roots they may read).
EVIDENCE_ROOTS: Mapping[EvidenceKind, str] = {
    EvidenceKind.LOG: "logs",
    EvidenceKind.ERROR: "airflow",
    EvidenceKind.RUN_HISTORY: "airflow",
    EvidenceKind.CONFIG: "airflow",
    EvidenceKind.DIFF: "airflow",
    EvidenceKind.UPSTREAM: "airflow",
    # Another task's log: a stage reads it only when its topology says so (``upstream_log``).
    EvidenceKind.UPSTREAM_LOG: "upstream",
    EvidenceKind.DBT_RESULTS: "dbt",
    EvidenceKind.DBT_MANIFEST: "dbt",
    EvidenceKind.SPARK_EVENT_LOG: "spark",
    EvidenceKind.SCHEMA: "artifacts",
    EvidenceKind.TRACE: "artifacts",
    EvidenceKind.DATASET: "artifacts",
    EvidenceKind.SOURCE: "artifacts",
    EvidenceKind.COLLECTION_ERROR: "errors",
}
READABLE_ROOTS = frozenset(EVIDENCE_ROOTS.values())
#: Evidence a stage reads only through a tool, never in a first prompt: the upstream tasks' logs are
#: worth reading only when the failure points upstream, and would crowd out the task's own evidence.
ON_REQUEST_KINDS = frozenset({EvidenceKind.UPSTREAM_LOG})
#: Which root each collector's ``bundle.facts`` entry is read from (facts are evidence too).
FACT_ROOTS: Mapping[str, str] = {
    "dbt": "dbt",
    "spark": "spark",
    "airflow": "airflow",
    "detection": "airflow",
    "task_config": "airflow",
    "history": "airflow",
    "changes": "airflow",
    "upstream": "airflow",
}


def evidence_root(kind: EvidenceKind) -> str:
    """The readable root of a kind of evidence."""
    return EVIDENCE_ROOTS.get(kind, "artifacts")


def fact_root(name: str) -> str:
    """The readable root of a ``bundle.facts`` entry (unknown collectors' facts are artifacts)."""
    return FACT_ROOTS.get(name, "artifacts")


_TOP_KEYS = frozenset({"version", "calls", "categories", "stages", "routing"})
_STAGE_KEYS = frozenset(
    {"depends_on", "readable", "produces", "prompt", "prompt_file", "when", "max_tool_calls"}
)
_CATEGORY_KEYS = frozenset({"description"})
_ROUTE_KEYS = frozenset({"channel", "mentions", "escalation"})


class TopologyError(ValueError):
    """The topology file is invalid; the message names the file and the line or key."""


@dataclass(frozen=True)
class Stage:
    """One step of the triage: a prompt, what it may read, what part of the answer it writes."""

    name: str
    prompt: str
    depends_on: tuple[str, ...] = ()
    readable: frozenset[str] = READABLE_ROOTS
    produces: tuple[str, ...] = ()
    #: The classes (categories) this stage runs for; empty: every class not claimed by a branch.
    when: frozenset[str] = frozenset()
    #: This stage's share of the investigation's tool calls (``None``: whatever is left).
    max_tool_calls: int | None = None

    def may_read(self, kind: EvidenceKind) -> bool:
        """Whether evidence of this kind is shown to the stage (collection errors always are)."""
        root = evidence_root(kind)
        return root == "errors" or root in self.readable


@dataclass(frozen=True)
class Route:
    """Where an alert of one category goes."""

    channel: str = ""
    mentions: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topology:
    """A validated topology; stages are in dependency order."""

    source: str
    stages: tuple[Stage, ...]
    categories: Mapping[str, str]
    routes: Mapping[str, Route] = field(default_factory=dict)
    calls: str = "single"

    def route_for(self, category: Category | str) -> Route:
        """The route of a category, else the ``default`` route, else an empty one."""
        key = category.value if isinstance(category, Category) else category
        return self.routes.get(key) or self.routes.get("default") or Route()

    def readable_union(self) -> frozenset[str]:
        """Roots readable by any stage (what one composed call may show)."""
        return frozenset().union(*(s.readable for s in self.stages)) | {"errors"}

    def may_read(self, kind: EvidenceKind) -> bool:
        """Whether any stage may read this kind of evidence."""
        root = EVIDENCE_ROOTS.get(kind, "artifacts")
        return root in self.readable_union()

    def category_names(self) -> list[str]:
        """The category set, in file order."""
        return list(self.categories)

    def plan(self, klass: str | None) -> tuple[Stage, ...]:
        """The stages that run for a class, in order.

        A stage with ``when`` runs only for its classes, and replaces the unconditioned stages that
        produce the same answer parts; before the class is known (``None``) only stages without
        ``when`` are planned.
        """
        chosen = [s for s in self.stages if s.when and klass in s.when]
        claimed = {p for s in chosen for p in s.produces}
        return tuple(
            s for s in self.stages if s in chosen or (not s.when and not claimed.intersection(s.produces))
        )


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line number of a key or table header (tomllib reports none for semantic errors)."""
    leaf = re.escape(key.rsplit(".", 1)[-1])
    pattern = re.compile(rf'^\s*(\[+[^\]]*\b{leaf}\b[^\]]*\]+|"?{leaf}"?\s*=)', re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


class _Validator:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, key: str, message: str) -> TopologyError:
        line = _line_of(self.text, key)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return TopologyError(f"{where}: {key}: {message}")

    def table(self, raw: Any, key: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(key, f"expected a table, got {type(raw).__name__}")
        return raw

    def strings(self, raw: Any, key: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise self.fail(key, "expected a list of strings")
        return tuple(raw)

    def known_keys(self, raw: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
        for key in raw:
            if key not in allowed:
                name = f"{prefix}.{key}" if prefix else key
                raise self.fail(name, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def categories(self, raw: Any) -> dict[str, str]:
        cats = self.table(raw, "categories")
        known = {c.value for c in Category}
        out: dict[str, str] = {}
        for name, raw_body in cats.items():
            key = f"categories.{name}"
            if name not in known:
                raise self.fail(key, f"unknown category (allowed: {', '.join(sorted(known))})")
            body = self.table(raw_body, key)
            self.known_keys(body, _CATEGORY_KEYS, key)
            desc = body.get("description")
            if not isinstance(desc, str) or not desc.strip():
                raise self.fail(f"{key}.description", "a non-empty description is required")
            out[name] = desc.strip()
        if "unknown" not in out:
            raise self.fail("categories", "the category set must include 'unknown' (the honest answer)")
        return out

    def prompt(self, body: Mapping[str, Any], key: str) -> str:
        if ("prompt" in body) == ("prompt_file" in body):
            raise self.fail(key, "give exactly one of 'prompt' or 'prompt_file'")
        if "prompt" in body:
            text = body["prompt"]
            if not isinstance(text, str):
                raise self.fail(f"{key}.prompt", "expected a string")
        else:
            rel = body["prompt_file"]
            if not isinstance(rel, str):
                raise self.fail(f"{key}.prompt_file", "expected a path string")
            file = (self.path.parent / rel).resolve()
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise self.fail(f"{key}.prompt_file", f"cannot read {file}: {exc}") from exc
        if not text.strip():
            raise self.fail(key, "the prompt is empty")
        if len(text) > MAX_PROMPT_CHARS:
            raise self.fail(key, f"the prompt is longer than {MAX_PROMPT_CHARS} characters")
        return text.strip()

    def stage(self, name: str, raw: Any) -> Stage:
        key = f"stages.{name}"
        body = self.table(raw, key)
        self.known_keys(body, _STAGE_KEYS, key)
        readable = self.strings(body.get("readable", sorted(READABLE_ROOTS)), f"{key}.readable")
        unknown = sorted(set(readable) - READABLE_ROOTS)
        if unknown:
            raise self.fail(
                f"{key}.readable",
                f"unknown root(s) {', '.join(unknown)} (known: {', '.join(sorted(READABLE_ROOTS))})",
            )
        produces = self.strings(body.get("produces", []), f"{key}.produces")
        known = (*ANSWER_PARTS, CLASS_PART)
        bad = sorted(set(produces) - set(known))
        if bad:
            raise self.fail(
                f"{key}.produces", f"unknown part(s) {', '.join(bad)} (known: {', '.join(known)})"
            )
        when = self.strings(body.get("when", []), f"{key}.when")
        unknown_classes = sorted(set(when) - {c.value for c in Category})
        if unknown_classes:
            raise self.fail(f"{key}.when", f"unknown class(es) {', '.join(unknown_classes)}")
        calls = body.get("max_tool_calls")
        if calls is not None and (not isinstance(calls, int) or isinstance(calls, bool) or calls < 0):
            raise self.fail(f"{key}.max_tool_calls", "expected a non-negative integer")
        return Stage(
            name=name,
            prompt=self.prompt(body, key),
            depends_on=self.strings(body.get("depends_on", []), f"{key}.depends_on"),
            readable=frozenset(readable),
            produces=produces,
            when=frozenset(when),
            max_tool_calls=calls,
        )

    def branches(self, ordered: tuple[Stage, ...], categories: Mapping[str, str]) -> None:
        """Branches need a classifier before them and per-stage calls; each class gets every part once."""
        classifiers = [s for s in ordered if CLASS_PART in s.produces]
        if len(classifiers) > 1:
            raise self.fail("stages", f"only one stage may produce {CLASS_PART!r}")
        branched = [s for s in ordered if s.when]
        if not branched:
            return
        if not classifiers:
            raise self.fail(
                f"stages.{branched[0].name}.when", f"no stage produces {CLASS_PART!r} to branch on"
            )
        by_name = {s.name: s for s in ordered}

        def ancestors(stage: Stage) -> set[str]:
            seen: set[str] = set()
            todo = list(stage.depends_on)
            while todo:
                name = todo.pop()
                if name not in seen:
                    seen.add(name)
                    todo.extend(by_name[name].depends_on)
            return seen

        for s in branched:
            if classifiers[0].name not in ancestors(s):
                raise self.fail(f"stages.{s.name}.when", f"must depend on {classifiers[0].name!r}")
            outside = sorted(s.when - set(categories))
            if outside:
                raise self.fail(
                    f"stages.{s.name}.when", f"class(es) not in the categories: {', '.join(outside)}"
                )
        for klass in categories:
            produced = [p for s in Topology("", ordered, categories).plan(klass) for p in s.produces]
            if any(produced.count(p) > 1 for p in produced):
                raise self.fail("stages", f"for class {klass!r} an answer part is produced by two stages")

    def order(self, stages: dict[str, Stage]) -> tuple[Stage, ...]:
        """Topological order (file order among independent stages); cycles are an error."""
        ordered: list[Stage] = []
        state: dict[str, int] = {}

        def visit(name: str, path: tuple[str, ...]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = " -> ".join([*path[path.index(name) :], name])
                raise self.fail(f"stages.{name}.depends_on", f"dependency cycle: {cycle}")
            state[name] = 1
            for dep in stages[name].depends_on:
                if dep not in stages:
                    raise self.fail(f"stages.{name}.depends_on", f"unknown stage {dep!r}")
                visit(dep, (*path, name))
            state[name] = 2
            ordered.append(stages[name])

        for name in stages:
            visit(name, ())
        return tuple(ordered)

    def routes(self, raw: Any, categories: Mapping[str, str]) -> dict[str, Route]:
        table = self.table(raw, "routing")
        out: dict[str, Route] = {}
        for name, raw_body in table.items():
            key = f"routing.{name}"
            if name != "default" and name not in categories:
                raise self.fail(key, f"routing for unknown category (categories: {', '.join(categories)})")
            body = self.table(raw_body, key)
            self.known_keys(body, _ROUTE_KEYS, key)
            channel = body.get("channel", "")
            if not isinstance(channel, str):
                raise self.fail(f"{key}.channel", "expected a string")
            out[name] = Route(
                channel=channel,
                mentions=self.strings(body.get("mentions", []), f"{key}.mentions"),
                escalation=self.strings(body.get("escalation", []), f"{key}.escalation"),
            )
        return out

    def topology(self, data: Mapping[str, Any]) -> Topology:
        self.known_keys(data, _TOP_KEYS, "")
        version = data.get("version", 1)
        if version != 1:
            raise self.fail("version", f"unsupported version {version!r} (supported: 1)")
        calls = data.get("calls", "single")
        if calls not in CALL_MODES:
            raise self.fail("calls", f"must be one of {', '.join(CALL_MODES)}, got {calls!r}")
        categories = self.categories(data.get("categories", {}))
        raw_stages = self.table(data.get("stages", {}), "stages")
        if not raw_stages:
            raise self.fail("stages", "at least one stage is required")
        stages = {name: self.stage(name, body) for name, body in raw_stages.items()}
        ordered = self.order(stages)
        self.branches(ordered, categories)
        if any(s.when for s in ordered) and calls != "per_stage":
            raise self.fail("calls", "stages with 'when' (branches) need calls = 'per_stage'")
        if calls == "per_stage":
            for klass in categories:
                produced = [
                    p
                    for s in Topology("", ordered, categories).plan(klass)
                    for p in s.produces
                    if p != CLASS_PART
                ]
                missing = [p for p in ANSWER_PARTS if p not in produced]
                if missing or len(produced) != len(set(produced)):
                    raise self.fail(
                        "stages",
                        "with calls = 'per_stage' every answer part must be produced by exactly one stage "
                        f"(class {klass}: missing {', '.join(missing) or 'none'})",
                    )
        return Topology(
            source=str(self.path),
            stages=ordered,
            categories=categories,
            routes=self.routes(data.get("routing", {}), categories),
            calls=calls,
        )


def load_topology(path: Path | str | None = None) -> Topology:
    """Load and validate a topology file (the packaged default when ``path`` is ``None``)."""
    file = Path(path) if path else DEFAULT_TOPOLOGY
    try:
        with file.open("rb") as fh:
            raw = fh.read(MAX_TOPOLOGY_BYTES + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TopologyError(f"{file}: cannot read the topology file: {exc}") from exc
    if len(raw) > MAX_TOPOLOGY_BYTES:
        raise TopologyError(f"{file}: the topology file is larger than {MAX_TOPOLOGY_BYTES} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopologyError(f"{file}: invalid TOML: {exc}") from exc
    except RecursionError:
        raise TopologyError(f"{file}: invalid TOML: nested too deeply") from None
    return _Validator(file, text).topology(data)


@cache
def _cached(path: str, mtime_ns: int) -> Topology:
    return load_topology(path or None)


def configured_topology() -> Topology:
    """The topology named by ``[pipeline_debugger] topology_file``, or the default.

    Cached per file modification time, so an edit in the DAGs repository is picked up by a running
    runner on its next investigation.
    """
    path = conf.topology_file() or ""
    try:
        mtime = Path(path).stat().st_mtime_ns if path else 0
    except OSError:
        mtime = -1
    return _cached(path, mtime)
