"""Typed, pure parsing of dbt's ``run_results.json`` and ``manifest.json``.

Nothing here reads files: callers hand in text (already size-checked), so the parsers are unit-tested
on golden fixtures and never touch a path. Every schema version dbt wrote in the 1.x line is accepted
(run results v4-v6, manifest v10-v12); unknown newer versions are parsed best-effort and flagged, since
the fields we read (status, message, failures, depends_on, test_metadata, columns) have been stable.

A manifest can be tens of megabytes in a large project. Below ``full_parse_limit`` it is decoded whole;
above it only the nodes we need are decoded in place (``json.JSONDecoder.raw_decode`` at each node's
key), so a 60 MB manifest costs one string search per node instead of a full object tree in memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.tolerant import as_dict, as_float, as_int, as_list, as_str

#: Statuses that mean "this node is why the command failed" (``runtime error`` is freshness, pre-1.5).
FAILURE_STATUSES = frozenset({"error", "fail", "runtime error"})
WARNING_STATUSES = frozenset({"warn"})
SUPPORTED_RUN_RESULTS_VERSIONS = frozenset({4, 5, 6})
SUPPORTED_MANIFEST_VERSIONS = frozenset({10, 11, 12})
#: Manifests up to this size are decoded whole; larger ones are decoded node by node.
DEFAULT_FULL_PARSE_LIMIT = 32 * 1024 * 1024
#: Compiled SQL kept per node (the model sees it; a 5,000-line generated query is not useful whole).
MAX_CODE_CHARS = 8_000

# "https://schemas.getdbt.com/dbt/run-results/v6.json" -> ("run-results", 6)
_SCHEMA_RE = re.compile(r"/dbt/(?P<kind>[a-z-]+)/v(?P<version>\d+)\.json")


class ArtifactError(ValueError):
    """An artifact is not valid JSON or not the dbt artifact it claims to be; the message says which."""


@dataclass(frozen=True)
class ArtifactMeta:
    """The ``metadata`` block every dbt artifact starts with."""

    kind: str = ""
    schema_version: int | None = None
    dbt_version: str = ""
    generated_at: datetime | None = None
    invocation_id: str = ""
    invocation_started_at: datetime | None = None
    adapter_type: str = ""
    project_name: str = ""

    @property
    def supported(self) -> bool:
        """Whether the schema version is one this parser was written against."""
        versions = (
            SUPPORTED_RUN_RESULTS_VERSIONS if self.kind == "run-results" else SUPPORTED_MANIFEST_VERSIONS
        )
        return self.schema_version in versions

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "kind": self.kind,
            "schema_version": self.schema_version,
            "dbt_version": self.dbt_version,
            "generated_at": _iso(self.generated_at),
            "invocation_id": self.invocation_id,
            "adapter_type": self.adapter_type,
            "project_name": self.project_name,
        }


@dataclass(frozen=True)
class Timing:
    """One phase (``compile`` or ``execute``) of a node's run."""

    name: str
    started_at: datetime | None
    completed_at: datetime | None

    @property
    def seconds(self) -> float | None:
        """Duration of the phase, when both ends are known."""
        if self.started_at is None or self.completed_at is None:
            return None
        return (self.completed_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class NodeResult:
    """One entry of ``run_results.json`` ``results``."""

    unique_id: str
    status: str
    message: str = ""
    failures: int | None = None
    execution_time: float | None = None
    thread_id: str = ""
    compiled_code: str = ""
    relation_name: str = ""
    adapter_response: JSONDict = field(default_factory=dict)
    timing: tuple[Timing, ...] = ()

    @property
    def resource_type(self) -> str:
        """``model``, ``test``, ``seed``, ``snapshot``, ``source``, ``unit_test`` … from the unique id."""
        return self.unique_id.split(".", 1)[0]

    @property
    def name(self) -> str:
        """Node name as dbt prints it (tests carry a hash suffix in the unique id, dropped here)."""
        parts = self.unique_id.split(".")
        if self.resource_type in {"test", "unit_test"} and len(parts) >= 4:
            return parts[2] if self.resource_type == "test" else parts[-1]
        if self.resource_type == "source" and len(parts) >= 4:
            return f"{parts[-2]}.{parts[-1]}"
        return parts[-1]

    @property
    def failed(self) -> bool:
        """Whether this node failed the command (error or failing test)."""
        return self.status in FAILURE_STATUSES

    @property
    def rows_affected(self) -> int | None:
        """Rows the warehouse reported for the statement (many adapters say -1 or nothing)."""
        value = self.adapter_response.get("rows_affected")
        return value if isinstance(value, int) and value >= 0 else None


@dataclass(frozen=True)
class RunResults:
    """A parsed ``run_results.json``."""

    meta: ArtifactMeta
    results: tuple[NodeResult, ...]
    elapsed_time: float | None = None
    command: str = ""
    invocation_command: str = ""
    target: str = ""
    project_dir: str = ""
    target_path: str = ""
    #: The run's ``--vars`` (``args.vars``), scalar values only, as text.
    variables: dict[str, str] = field(default_factory=dict)

    def failing(self) -> list[NodeResult]:
        """Nodes that failed, in execution order."""
        return [r for r in self.results if r.failed]

    def status_counts(self) -> dict[str, int]:
        """How many nodes ended in each status."""
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return counts

    def result_for(self, unique_id: str) -> NodeResult | None:
        """The result of one node, if it ran in this invocation."""
        return next((r for r in self.results if r.unique_id == unique_id), None)


@dataclass(frozen=True)
class TestMetadata:
    """What a generic data test checks (``not_null``, ``unique``, ``accepted_values``, ``relationships``)."""

    name: str
    namespace: str = ""
    column_name: str = ""
    kwargs: JSONDict = field(default_factory=dict)


@dataclass(frozen=True)
class ManifestNode:
    """The parts of one manifest node (or source) an investigation needs."""

    unique_id: str
    resource_type: str
    name: str
    package_name: str = ""
    original_file_path: str = ""
    relation_name: str = ""
    depends_on: tuple[str, ...] = ()
    macros: tuple[str, ...] = ()
    checksum: str = ""
    refs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    raw_code: str = ""
    compiled_code: str = ""
    materialized: str = ""
    test_metadata: TestMetadata | None = None
    column_name: str = ""
    attached_node: str = ""
    where: str = ""
    severity: str = ""
    contract_enforced: bool = False
    source_name: str = ""
    loaded_at_field: str = ""
    has_freshness: bool = False

    @property
    def display_name(self) -> str:
        """``raw.orders`` for a source, the node name otherwise."""
        return f"{self.source_name}.{self.name}" if self.resource_type == "source" else self.name

    def to_json(self) -> JSONDict:
        """JSON-able summary (code excluded: it travels with the failing node only)."""
        out: JSONDict = {
            "unique_id": self.unique_id,
            "resource_type": self.resource_type,
            "name": self.display_name,
            "path": self.original_file_path,
            "relation_name": self.relation_name,
            "depends_on": list(self.depends_on),
            "columns": list(self.columns),
        }
        if self.materialized:
            out["materialized"] = self.materialized
        if self.contract_enforced:
            out["contract_enforced"] = True
        if self.resource_type == "source":
            out["has_freshness"] = self.has_freshness
        return out


@dataclass
class Manifest:
    """The nodes of a ``manifest.json`` we looked at, plus how the file was read."""

    meta: ArtifactMeta
    nodes: dict[str, ManifestNode]
    child_map: dict[str, tuple[str, ...]] = field(default_factory=dict)
    partial: bool = False

    def node(self, unique_id: str) -> ManifestNode | None:
        """A node or source by unique id."""
        return self.nodes.get(unique_id)

    def by_name(self, name: str, resource_type: str = "model") -> ManifestNode | None:
        """First node of ``resource_type`` called ``name`` (for log lines that only print names)."""
        return next(
            (n for n in self.nodes.values() if n.resource_type == resource_type and n.name == name),
            None,
        )

    def upstream(self, unique_id: str) -> list[ManifestNode]:
        """Direct parents of a node that the manifest describes."""
        node = self.nodes.get(unique_id)
        if node is None:
            return []
        return [self.nodes[p] for p in node.depends_on if p in self.nodes]


# --------------------------------------------------------------------------------------------- helpers


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_timestamp(value: object) -> datetime | None:
    """Parse dbt's ISO timestamps (``...Z``, ``+00:00`` or naive UTC) into aware datetimes."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _clip(code: str) -> str:
    if len(code) <= MAX_CODE_CHARS:
        return code
    return code[:MAX_CODE_CHARS] + f"\n-- … {len(code) - MAX_CODE_CHARS} more characters cut"


def _loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArtifactError(
            f"{what} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise ArtifactError(f"{what} nests too deeply to be a dbt artifact") from exc


def parse_meta(metadata: object, expected_kind: str) -> ArtifactMeta:
    """Parse a ``metadata`` block, checking it belongs to the expected artifact kind."""
    data = as_dict(metadata)
    kind, version = expected_kind, None
    match = _SCHEMA_RE.search(as_str(data.get("dbt_schema_version")))
    if match:
        kind, version = match["kind"], int(match["version"])
        if kind != expected_kind:
            raise ArtifactError(f"expected a dbt {expected_kind} artifact, got {kind} v{version}")
    return ArtifactMeta(
        kind=kind,
        schema_version=version,
        dbt_version=as_str(data.get("dbt_version")),
        generated_at=parse_timestamp(data.get("generated_at")),
        invocation_id=as_str(data.get("invocation_id")),
        invocation_started_at=parse_timestamp(data.get("invocation_started_at")),
        adapter_type=as_str(data.get("adapter_type")),
        project_name=as_str(data.get("project_name")),
    )


# ----------------------------------------------------------------------------------------- run results


def _parse_result(raw: object) -> NodeResult | None:
    data = as_dict(raw)
    unique_id = as_str(data.get("unique_id"))
    if not unique_id:
        return None
    timing = tuple(
        Timing(
            name=as_str(t.get("name")),
            started_at=parse_timestamp(t.get("started_at")),
            completed_at=parse_timestamp(t.get("completed_at")),
        )
        for t in as_list(data.get("timing"))
        if isinstance(t, Mapping)
    )
    # v4 had no compiled_code at top level; some 1.x writers nested it under "node".
    node = as_dict(data.get("node"))
    compiled = (
        as_str(data.get("compiled_code"))
        or as_str(node.get("compiled_code"))
        or as_str(node.get("compiled_sql"))
    )
    return NodeResult(
        unique_id=unique_id,
        status=as_str(data.get("status")).lower(),
        message=as_str(data.get("message")),
        failures=as_int(data.get("failures")),
        execution_time=as_float(data.get("execution_time")),
        thread_id=as_str(data.get("thread_id")),
        compiled_code=_clip(compiled),
        relation_name=as_str(data.get("relation_name")) or as_str(node.get("relation_name")),
        adapter_response=as_dict(data.get("adapter_response")),
        timing=timing,
    )


def parse_run_results(data: object) -> RunResults:
    """Parse a decoded ``run_results.json`` object."""
    if not isinstance(data, Mapping):
        raise ArtifactError("run_results.json is not a JSON object")
    meta = parse_meta(data.get("metadata"), "run-results")
    if not isinstance(data.get("results"), list):
        raise ArtifactError("run_results.json has no 'results' list")
    args = as_dict(data.get("args"))
    results = tuple(r for r in (_parse_result(x) for x in data["results"]) if r is not None)
    return RunResults(
        meta=meta,
        results=results,
        elapsed_time=as_float(data.get("elapsed_time")),
        command=as_str(args.get("which")),
        invocation_command=as_str(args.get("invocation_command")),
        target=as_str(args.get("target")),
        project_dir=as_str(args.get("project_dir")),
        target_path=as_str(args.get("target_path")),
        variables=_scalar_vars(args.get("vars")),
    )


#: The run's variables kept (a hostile artifact costs no more).
MAX_VARS = 200


def _scalar_vars(raw: object) -> dict[str, str]:
    """``args.vars`` as ``name -> text`` for its string and number values (nested ones dropped)."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(k)[:120]: str(v)[:200]
        for k, v in list(raw.items())[:MAX_VARS]
        if isinstance(v, str | int | float) and not isinstance(v, bool)
    }


def load_run_results(text: str) -> RunResults:
    """Decode and parse ``run_results.json`` text; :class:`ArtifactError` on anything malformed."""
    return parse_run_results(_loads(text, "run_results.json"))


# ------------------------------------------------------------------------------------------- manifest


def _ref_name(ref: object) -> str:
    # v10+ refs are {"name", "package", "version"}; older manifests used ["package", "name"] lists.
    if isinstance(ref, Mapping):
        return as_str(ref.get("name"))
    if isinstance(ref, list) and ref:
        return as_str(ref[-1])
    return ""


def parse_node(raw: object) -> ManifestNode | None:
    """Parse one manifest node or source."""
    data = as_dict(raw)
    unique_id = as_str(data.get("unique_id"))
    if not unique_id:
        return None
    config = as_dict(data.get("config"))
    depends = as_dict(data.get("depends_on"))
    test_meta = as_dict(data.get("test_metadata"))
    kwargs = as_dict(test_meta.get("kwargs"))
    metadata = (
        TestMetadata(
            name=as_str(test_meta.get("name")),
            namespace=as_str(test_meta.get("namespace")),
            column_name=as_str(kwargs.get("column_name")) or as_str(data.get("column_name")),
            kwargs=kwargs,
        )
        if test_meta
        else None
    )
    freshness = as_dict(data.get("freshness"))
    return ManifestNode(
        unique_id=unique_id,
        resource_type=as_str(data.get("resource_type")) or unique_id.split(".", 1)[0],
        name=as_str(data.get("name")),
        package_name=as_str(data.get("package_name")),
        original_file_path=as_str(data.get("original_file_path")),
        relation_name=as_str(data.get("relation_name")),
        depends_on=tuple(n for n in as_list(depends.get("nodes")) if isinstance(n, str)),
        macros=tuple(m for m in as_list(depends.get("macros")) if isinstance(m, str)),
        checksum=_checksum(data),
        refs=tuple(n for n in (_ref_name(r) for r in as_list(data.get("refs"))) if n),
        sources=tuple(
            ".".join(s)
            for s in as_list(data.get("sources"))
            if isinstance(s, list) and all(isinstance(p, str) for p in s)
        ),
        columns=tuple(str(c) for c in as_dict(data.get("columns"))),
        raw_code=_clip(as_str(data.get("raw_code")) or as_str(data.get("raw_sql"))),
        compiled_code=_clip(as_str(data.get("compiled_code")) or as_str(data.get("compiled_sql"))),
        materialized=as_str(config.get("materialized")),
        test_metadata=metadata,
        column_name=as_str(data.get("column_name")),
        attached_node=as_str(data.get("attached_node")),
        where=as_str(config.get("where")),
        severity=as_str(config.get("severity")),
        contract_enforced=bool(as_dict(config.get("contract")).get("enforced")),
        source_name=as_str(data.get("source_name")),
        loaded_at_field=as_str(data.get("loaded_at_field")),
        has_freshness=any(as_dict(freshness.get(k)).get("count") for k in ("warn_after", "error_after")),
    )


def _checksum(data: Mapping[str, Any]) -> str:
    """The file checksum dbt gives a node; a macro has none, so its SQL is hashed (same SQL, same digest)."""
    checksum = as_str(as_dict(data.get("checksum")).get("checksum"))
    if checksum:
        return checksum
    macro_sql = as_str(data.get("macro_sql"))
    return hashlib.sha256(macro_sql.encode("utf-8", "replace")).hexdigest() if macro_sql else ""


def parse_manifest(data: object, wanted: Iterable[str] | None = None) -> Manifest:
    """Parse a decoded ``manifest.json`` object.

    :param wanted: unique ids to keep with their direct parents and test children; ``None`` keeps all.
    """
    if not isinstance(data, Mapping):
        raise ArtifactError("manifest.json is not a JSON object")
    meta = parse_meta(data.get("metadata"), "manifest")
    if not isinstance(data.get("nodes"), Mapping):
        raise ArtifactError("manifest.json has no 'nodes' object")
    raw_nodes: dict[str, object] = {**as_dict(data.get("nodes")), **as_dict(data.get("sources"))}
    child_map = {
        k: tuple(v for v in children if isinstance(v, str))
        for k, children in as_dict(data.get("child_map")).items()
        if isinstance(children, list)
    }
    keep = set(raw_nodes) if wanted is None else _expand(set(wanted), raw_nodes, child_map)
    nodes = {
        uid: node for uid in keep if uid in raw_nodes and (node := parse_node(raw_nodes[uid])) is not None
    }
    return Manifest(meta=meta, nodes=nodes, child_map={k: v for k, v in child_map.items() if k in keep})


def _expand(
    wanted: set[str], raw_nodes: Mapping[str, object], child_map: Mapping[str, tuple[str, ...]]
) -> set[str]:
    """Wanted nodes, their parents and grandparents (where the bad data came from), and tests on them."""
    keep = set(wanted)
    frontier = set(wanted)
    for _ in range(2):
        parents: set[str] = set()
        for uid in frontier:
            raw = as_dict(raw_nodes.get(uid))
            parents.update(
                p for p in as_list(as_dict(raw.get("depends_on")).get("nodes")) if isinstance(p, str)
            )
        frontier = parents - keep
        keep |= parents
    for uid in list(wanted):
        keep.update(c for c in child_map.get(uid, ()) if c.startswith("test."))
    return keep


def load_manifest(
    text: str, wanted: Iterable[str] | None = None, *, full_parse_limit: int = DEFAULT_FULL_PARSE_LIMIT
) -> Manifest:
    """Decode ``manifest.json`` text, whole when small and node by node when large.

    The node-by-node path needs ``wanted``; without it a large manifest yields its metadata only.
    """
    if len(text) <= full_parse_limit:
        return parse_manifest(_loads(text, "manifest.json"), wanted)
    return _load_manifest_partial(text, set(wanted or ()))


_DECODER = json.JSONDecoder()


def _decode_at(text: str, key: str) -> object | None:
    """Decode the JSON object stored under ``"key": {`` without parsing the rest of the document."""
    needle = json.dumps(key) + ": {"
    pos = text.find(needle)
    if pos < 0:
        needle = json.dumps(key) + ":{"
        pos = text.find(needle)
    if pos < 0:
        return None
    try:
        value: object = _DECODER.raw_decode(text, pos + len(needle) - 1)[0]
    except (json.JSONDecodeError, RecursionError):
        return None
    return value


def _load_manifest_partial(text: str, wanted: set[str]) -> Manifest:
    if not text.lstrip().startswith("{"):
        raise ArtifactError("manifest.json is not a JSON object")
    metadata = _decode_at(text, "metadata")
    if metadata is None:
        raise ArtifactError("manifest.json has no readable 'metadata' block")
    meta = parse_meta(metadata, "manifest")
    nodes: dict[str, ManifestNode] = {}
    frontier = set(wanted)
    for _ in range(3):  # the wanted nodes, their parents, their grandparents
        parents: set[str] = set()
        for uid in frontier - set(nodes):
            node = parse_node(_decode_at(text, uid))
            if node is not None:
                nodes[uid] = node
                parents.update(node.depends_on)
        frontier = parents - set(nodes)
        if not frontier:
            break
    return Manifest(meta=meta, nodes=nodes, partial=True)


#: Entry keys a large manifest is indexed by, one pattern per resource type: each starts with a literal
#: (``"model.``) the regex engine scans for quickly, twice as fast as one alternation over every quote.
_ENTRY_KEY_RES = tuple(
    re.compile(rf'"({kind}\.[^"\\]{{1,500}})": ?\{{')
    for kind in (
        "model",
        "seed",
        "snapshot",
        "source",
        "macro",
        "test",
        "analysis",
        "operation",
        "exposure",
        "metric",
        "semantic_model",
        "saved_query",
        "unit_test",
    )
)
#: Entries indexed in a large manifest (a 60 MB manifest of a 10,000-model project has ~60,000).
MAX_INDEXED_ENTRIES = 500_000


class ManifestEntries:
    """The nodes, sources and macros of one manifest by unique id, parsed when asked for.

    A diff follows a node's whole ancestry (macros included), so it visits far more entries than the
    failing node's neighbourhood :func:`load_manifest` keeps. Small manifests are decoded once; a large
    one is indexed in one regex pass (entry key → offset) and each visited entry is decoded in place,
    so a 60 MB manifest is never turned into one object tree and never searched once per node.
    """

    def __init__(self, text: str, *, full_parse_limit: int = DEFAULT_FULL_PARSE_LIMIT) -> None:
        """Decode or index ``text``; :class:`ArtifactError` when it is not a dbt manifest."""
        self._text = ""
        self._entries: dict[str, object] = {}
        self._offsets: dict[str, int] = {}
        if len(text) <= full_parse_limit:
            data = _loads(text, "manifest.json")
            if not isinstance(data, Mapping):
                raise ArtifactError("manifest.json is not a JSON object")
            if not isinstance(data.get("nodes"), Mapping):
                raise ArtifactError("manifest.json has no 'nodes' object")
            self.meta = parse_meta(data.get("metadata"), "manifest")
            for key in ("macros", "sources", "nodes"):
                self._entries.update(as_dict(data.get(key)))
            return
        if not text.lstrip().startswith("{"):
            raise ArtifactError("manifest.json is not a JSON object")
        metadata = _decode_at(text, "metadata")
        if metadata is None:
            raise ArtifactError("manifest.json has no readable 'metadata' block")
        self.meta = parse_meta(metadata, "manifest")
        self._text = text
        for pattern in _ENTRY_KEY_RES:
            for match in pattern.finditer(text):
                # A key quoted inside a string value has an escaped quote before it: not an entry.
                if text[match.start() - 1] != "\\":
                    self._offsets.setdefault(match.group(1), match.end() - 1)
                if len(self._offsets) >= MAX_INDEXED_ENTRIES:
                    return

    @property
    def partial(self) -> bool:
        """Whether entries are decoded one by one (a large manifest)."""
        return bool(self._text)

    def node(self, unique_id: str) -> ManifestNode | None:
        """The entry ``unique_id`` (node, source or macro), or ``None`` when absent or malformed."""
        if self._text:
            offset = self._offsets.get(unique_id)
            if offset is None:
                return None
            try:
                raw: object = _DECODER.raw_decode(self._text, offset)[0]
            except (json.JSONDecodeError, RecursionError):
                return None
        else:
            raw = self._entries.get(unique_id)
        node = parse_node(raw)
        # An entry must describe itself: a value filed under another node's key is not that node.
        return node if node is not None and node.unique_id == unique_id else None
