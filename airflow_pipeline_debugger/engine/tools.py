"""Evidence tools the model calls to read more than its first prompt, within its stage's permissions.

The first prompt carries the facts, the signals and windows around the decisive lines; when the model
needs more (the lines around a citation, a dbt node's compiled SQL, a Spark stage's task
distribution) it asks through these tools. Every tool reads the evidence the collectors already
gathered through the allow-listed file access, so nothing outside those roots is ever opened; every
result is redacted again and fenced as data like the prompt's blocks, clipped to a fixed size; and
every read is checked against the calling stage's readable roots. A denied read returns a refusal
the model sees, and not one byte of the denied evidence.

``upstream_log`` reads the last lines of an upstream task's log in the same run, which the Airflow
adapter collected as ``upstream_log`` evidence: never in a first prompt, and only for a stage that may
read ``upstream``; a log that could not be read, or a task that is not upstream, is a refusal too.

Each call returns the lines it showed, so the citation check can accept ``E<n>:L<m>`` for exactly the
lines the stage has seen.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, JSONDict
from airflow_pipeline_debugger.engine.llm.base import ToolSpec
from airflow_pipeline_debugger.engine.topology import evidence_root, fact_root
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.tolerant import as_int, clip

#: Most lines one ``read_lines`` call returns, and the window ``around`` gives on each side by default.
MAX_READ_LINES = 200
DEFAULT_AROUND = 20
MAX_SEARCH_HITS = 40
MAX_PATTERN_CHARS = 200
MAX_LINE_CHARS = 1_000
#: Every tool result is clipped to this many characters (a tool is a window, never a dump).
MAX_RESULT_CHARS = 12_000
MAX_HISTORY = 20

_EVIDENCE_ARG = {"type": "string", "description": "Evidence id, e.g. E2", "pattern": "^E[0-9]+$"}


@dataclass(frozen=True)
class ToolOutcome:
    """One tool call's result: the text the model gets, and what it showed (for citations and steps)."""

    content: str
    is_error: bool = False
    refused: bool = False
    seen: Mapping[str, frozenset[int]] = field(default_factory=dict)


class ToolInputError(ValueError):
    """The model's arguments are unusable; the message is sent back to it."""


def _int_arg(args: Mapping[str, Any], name: str, *, minimum: int, maximum: int) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolInputError(f"{name} must be an integer")
    if not minimum <= value <= maximum:
        raise ToolInputError(f"{name} must be between {minimum} and {maximum}")
    return value


class EvidenceTools:
    """The tools of one stage over one bundle; ``readable`` is the stage's roots (``logs``, ``dbt`` …)."""

    def __init__(
        self, bundle: EvidenceBundle, *, stage: str, readable: frozenset[str], boundary: str
    ) -> None:
        """Index the bundle; ``boundary`` is the prompt's data-block token, reused for tool results."""
        self.bundle = bundle
        self.stage = stage
        self.readable = readable | {"errors"}
        self.boundary = boundary
        self._by_id = {e.id: e for e in bundle.evidence}
        self._handlers: dict[str, Callable[[Mapping[str, Any]], ToolOutcome]] = {
            "list_evidence": self._list_evidence,
            "read_lines": self._read_lines,
            "search": self._search,
            "dbt_node": self._dbt_node,
            "spark_stage": self._spark_stage,
            "run_history": self._run_history,
            "diff_since_last_success": self._diff,
            "upstream_log": self._upstream_log,
        }

    # -- what is offered -----------------------------------------------------------------------

    def specs(self) -> tuple[ToolSpec, ...]:
        """The tools offered: the generic readers always, each platform tool when its data exists.

        A platform tool the stage may not read is still offered when its data exists, so that a
        stage asking for it is told why not (and the refusal is recorded) rather than left guessing.
        """
        specs = [
            ToolSpec(
                "list_evidence",
                "List the evidence pieces of this investigation: id, kind, name, size, line count, and "
                "whether this stage may read them.",
                {"type": "object", "properties": {}, "additionalProperties": False},
            ),
            ToolSpec(
                "read_lines",
                f"Read numbered lines of one piece of evidence: either `around` a line (± `radius`, "
                f"default {DEFAULT_AROUND}) or a `start`..`end` range; at most {MAX_READ_LINES} lines.",
                {
                    "type": "object",
                    "properties": {
                        "evidence": _EVIDENCE_ARG,
                        "around": {"type": "integer", "minimum": 1},
                        "radius": {"type": "integer", "minimum": 0, "maximum": MAX_READ_LINES // 2},
                        "start": {"type": "integer", "minimum": 1},
                        "end": {"type": "integer", "minimum": 1},
                    },
                    "required": ["evidence"],
                    "additionalProperties": False,
                },
            ),
            ToolSpec(
                "search",
                f"Find lines of one piece of evidence containing `pattern` (plain text, case-insensitive); "
                f"at most {MAX_SEARCH_HITS} hits.",
                {
                    "type": "object",
                    "properties": {
                        "evidence": _EVIDENCE_ARG,
                        "pattern": {"type": "string", "minLength": 1, "maxLength": MAX_PATTERN_CHARS},
                    },
                    "required": ["evidence", "pattern"],
                    "additionalProperties": False,
                },
            ),
        ]
        facts = self.bundle.facts
        if facts.get("dbt") or self._of_kind(EvidenceKind.DBT_MANIFEST):
            specs.append(
                ToolSpec(
                    "dbt_node",
                    "One dbt node by unique_id (or name): compiled SQL, columns, parents and last result.",
                    {
                        "type": "object",
                        "properties": {"unique_id": {"type": "string", "minLength": 1, "maxLength": 300}},
                        "required": ["unique_id"],
                        "additionalProperties": False,
                    },
                )
            )
        if (facts.get("spark") or {}).get("stages"):
            specs.append(
                ToolSpec(
                    "spark_stage",
                    "One Spark stage by id: task distribution, spill, GC time and failed tasks.",
                    {
                        "type": "object",
                        "properties": {"stage_id": {"type": "integer", "minimum": 0}},
                        "required": ["stage_id"],
                        "additionalProperties": False,
                    },
                )
            )
        if facts.get("history") or self._of_kind(EvidenceKind.RUN_HISTORY):
            specs.append(
                ToolSpec(
                    "run_history",
                    "The task's last runs and tries (state, duration, try number).",
                    {
                        "type": "object",
                        "properties": {"n": {"type": "integer", "minimum": 1, "maximum": MAX_HISTORY}},
                        "additionalProperties": False,
                    },
                )
            )
        if facts.get("changes") or self._of_kind(EvidenceKind.DIFF):
            specs.append(
                ToolSpec(
                    "diff_since_last_success",
                    "What changed since the task's last success: DAG version, source diff, config diff.",
                    {"type": "object", "properties": {}, "additionalProperties": False},
                )
            )
        upstream = self._upstream_tasks()
        if upstream:
            specs.append(
                ToolSpec(
                    "upstream_log",
                    "The last lines of the log of a task upstream of the failed one in the same DAG run "
                    f"(direct upstream tasks first: {', '.join(upstream)}): how it ended, what it wrote.",
                    {
                        "type": "object",
                        "properties": {"task_id": {"type": "string", "enum": upstream}},
                        "required": ["task_id"],
                        "additionalProperties": False,
                    },
                )
            )
        return tuple(specs)

    # -- calling -------------------------------------------------------------------------------

    def call(self, name: str, args: Mapping[str, Any]) -> ToolOutcome:
        """Run one tool; bad arguments and unknown tools are errors the model sees, never exceptions."""
        handler = self._handlers.get(name)
        offered = {s.name for s in self.specs()}
        if handler is None or name not in offered:
            return ToolOutcome(f"error: no tool named {clip(name, 80)!r}", is_error=True)
        try:
            return handler(args)
        except ToolInputError as exc:
            return ToolOutcome(f"error: {name}: {exc}", is_error=True)

    def _refusal(self, what: str, root: str) -> ToolOutcome:
        return ToolOutcome(
            f"refused: stage {self.stage!r} may not read {root} evidence ({what}); it may read "
            f"{', '.join(sorted(self.readable - {'errors'}))}. Conclude from what this stage can read, "
            "and name the missing evidence as a gap.",
            is_error=True,
            refused=True,
        )

    def _evidence(self, args: Mapping[str, Any]) -> Evidence | ToolOutcome:
        raw = args.get("evidence")
        if not isinstance(raw, str) or not raw.strip():
            raise ToolInputError("evidence must be an id such as E2")
        ev = self._by_id.get(raw.strip())
        if ev is None:
            raise ToolInputError(f"no evidence {clip(raw, 40)!r} (see list_evidence)")
        root = evidence_root(ev.kind)
        if root not in self.readable:
            return self._refusal(ev.id, root)
        return ev

    def _of_kind(self, kind: EvidenceKind) -> list[Evidence]:
        return [e for e in self.bundle.evidence if e.kind is kind]

    def _lines(self, ev: Evidence) -> list[tuple[int, str]]:
        """The evidence's numbered lines, redacted and clipped (annotations dropped)."""
        return [
            (n, clip(redact(text).replace(self.boundary, ""), MAX_LINE_CHARS))
            for n, text in numbered_lines(ev)
            if n is not None
        ]

    def _block(self, ev: Evidence, lines: list[tuple[int, str]], note: str) -> ToolOutcome:
        head = f"<<<EVIDENCE {self.boundary} id={ev.id} kind={ev.kind.value} {note}>>>"
        end = f"<<<END {self.boundary} id={ev.id}>>>"
        room = MAX_RESULT_CHARS - len(head) - len(end) - 80
        body: list[str] = []
        shown: set[int] = set()
        for n, text in lines:
            row = f"{n:>6}| {text}"
            room -= len(row) + 1
            if room < 0:
                body.append(f"      … {len(lines) - len(shown)} more line(s) not shown for size")
                break
            body.append(row)
            shown.add(n)
        return ToolOutcome("\n".join([head, *body, end]), seen={ev.id: frozenset(shown)})

    def _tail(self, ev: Evidence, note: str) -> ToolOutcome:
        """The last lines of ``ev`` that fit one result (an ending is read from its end)."""
        lines = self._lines(ev)
        room = MAX_RESULT_CHARS - 400
        keep = 0
        for _, text in reversed(lines):
            room -= len(text) + 9
            if room < 0:
                break
            keep += 1
        chosen = lines[len(lines) - keep :]
        if not chosen:
            return ToolOutcome(f"{ev.id} has no lines")
        last = as_int(ev.summary.get("total_lines")) or chosen[-1][0]
        return self._block(ev, chosen, f"{note} lines={chosen[0][0]}-{chosen[-1][0]} of {last}")

    def _json_result(self, title: str, value: Any) -> ToolOutcome:
        text = json.dumps(redact_value(value), default=str, ensure_ascii=False, sort_keys=True)
        text = clip(redact(text).replace(self.boundary, ""), MAX_RESULT_CHARS - 200)
        return ToolOutcome(
            f"<<<EVIDENCE {self.boundary} tool={title}>>>\n{text}\n<<<END {self.boundary} tool={title}>>>"
        )

    # -- the tools -----------------------------------------------------------------------------

    def _list_evidence(self, args: Mapping[str, Any]) -> ToolOutcome:
        rows = []
        for ev in self.bundle.evidence:
            root = evidence_root(ev.kind)
            if root in self.readable:
                count = sum(1 for n, _ in numbered_lines(ev) if n is not None)
                rows.append(
                    f"{ev.id} kind={ev.kind.value} name={json.dumps(redact(ev.name))} "
                    f"size_bytes={ev.size_bytes} lines={count}"
                )
            else:
                rows.append(f"{ev.id} kind={ev.kind.value} (not readable by this stage: {root})")
        return ToolOutcome("\n".join(rows) or "no evidence was collected")

    def _read_lines(self, args: Mapping[str, Any]) -> ToolOutcome:
        ev = self._evidence(args)
        if isinstance(ev, ToolOutcome):
            return ev
        lines = self._lines(ev)
        if not lines:
            return ToolOutcome(f"{ev.id} has no numbered lines")
        last = lines[-1][0]
        around = _int_arg(args, "around", minimum=1, maximum=max(1, last))
        radius = _int_arg(args, "radius", minimum=0, maximum=MAX_READ_LINES // 2)
        start = _int_arg(args, "start", minimum=1, maximum=max(1, last))
        end = _int_arg(args, "end", minimum=1, maximum=2**31)
        if around is not None:
            width = DEFAULT_AROUND if radius is None else radius
            low, high = around - width, around + width
        elif start is not None:
            low, high = start, min(end if end is not None else start + MAX_READ_LINES - 1, last)
            if high < low:
                raise ToolInputError("end must not be before start")
        else:
            raise ToolInputError("give either around or start (and end)")
        high = min(high, low + MAX_READ_LINES - 1)
        chosen = [(n, t) for n, t in lines if low <= n <= high]
        note = f"lines={low}-{high} of {last}"
        if not chosen:
            return ToolOutcome(f"{ev.id} has no lines in {low}-{high} (it has lines up to {last})")
        return self._block(ev, chosen, note)

    def _search(self, args: Mapping[str, Any]) -> ToolOutcome:
        ev = self._evidence(args)
        if isinstance(ev, ToolOutcome):
            return ev
        pattern = args.get("pattern")
        if not isinstance(pattern, str) or not pattern.strip() or len(pattern) > MAX_PATTERN_CHARS:
            raise ToolInputError(f"pattern must be 1 to {MAX_PATTERN_CHARS} characters")
        needle = pattern.casefold()
        hits = [(n, t) for n, t in self._lines(ev) if needle in t.casefold()]
        if not hits:
            return ToolOutcome(f"no line of {ev.id} contains {json.dumps(redact(pattern))}")
        more = len(hits) - MAX_SEARCH_HITS
        note = f"search={json.dumps(redact(pattern).replace(self.boundary, ''))} hits={len(hits)}"
        if more > 0:
            note += f" shown={MAX_SEARCH_HITS}"
        return self._block(ev, hits[:MAX_SEARCH_HITS], note)

    def _fact(self, name: str, what: str) -> JSONDict | ToolOutcome:
        root = fact_root(name)
        if root not in self.readable:
            return self._refusal(what, root)
        value = self.bundle.facts.get(name)
        return value if isinstance(value, dict) else {}

    def _dbt_node(self, args: Mapping[str, Any]) -> ToolOutcome:
        wanted = args.get("unique_id")
        if not isinstance(wanted, str) or not wanted.strip():
            raise ToolInputError("unique_id must be a dbt unique_id or node name")
        facts = self._fact("dbt", f"dbt node {clip(wanted, 80)}")
        if isinstance(facts, ToolOutcome):
            return facts
        sources: list[Any] = [facts]
        for ev in self._of_kind(EvidenceKind.DBT_MANIFEST):
            try:
                sources.append(json.loads(ev.content))
            except json.JSONDecodeError:
                continue
        found: list[JSONDict] = []
        for source in sources:
            _collect_nodes(source, wanted.strip(), found)
        # A node asked for by name: what the other artifacts say about its unique_id belongs too.
        for uid in {n["unique_id"] for n in found if isinstance(n.get("unique_id"), str)} - {wanted.strip()}:
            for source in sources:
                _collect_nodes(source, uid, found)
        if not found:
            return ToolOutcome(f"no dbt node {json.dumps(redact(wanted))} in the collected artifacts")
        merged: JSONDict = {}
        for node in found:
            for key, value in node.items():
                merged.setdefault(key, value)
        return self._json_result("dbt_node", merged)

    def _spark_stage(self, args: Mapping[str, Any]) -> ToolOutcome:
        stage_id = _int_arg(args, "stage_id", minimum=0, maximum=2**31)
        if stage_id is None:
            raise ToolInputError("stage_id is required")
        facts = self._fact("spark", f"Spark stage {stage_id}")
        if isinstance(facts, ToolOutcome):
            return facts
        stages = [
            s for s in facts.get("stages") or [] if isinstance(s, dict) and s.get("stage_id") == stage_id
        ]
        if not stages:
            known = [s.get("stage_id") for s in facts.get("stages") or [] if isinstance(s, dict)]
            return ToolOutcome(f"no Spark stage {stage_id} in the event log summary (stages: {known})")
        return self._json_result("spark_stage", stages[0])

    def _run_history(self, args: Mapping[str, Any]) -> ToolOutcome:
        n = _int_arg(args, "n", minimum=1, maximum=MAX_HISTORY) or 5
        facts = self._fact("history", "run history")
        if isinstance(facts, ToolOutcome):
            return facts
        if facts:
            runs = facts.get("runs")
            value: Any = {**facts, "runs": runs[:n]} if isinstance(runs, list) else facts
            return self._json_result("run_history", value)
        [ev, *_] = self._of_kind(EvidenceKind.RUN_HISTORY)
        return self._block(ev, self._lines(ev)[: n * 4], "run_history")

    def _upstream_tasks(self) -> list[str]:
        """The upstream tasks the collector read (or failed to read) a log of, in its order."""
        names = (e.summary.get("upstream_task_id") for e in self.bundle.evidence)
        return list(dict.fromkeys(n for n in names if isinstance(n, str)))

    def _upstream_log(self, args: Mapping[str, Any]) -> ToolOutcome:
        wanted = args.get("task_id")
        if not isinstance(wanted, str) or not wanted.strip():
            raise ToolInputError("task_id must be the id of an upstream task")
        root = evidence_root(EvidenceKind.UPSTREAM_LOG)
        if root not in self.readable:
            return self._refusal(f"the log of task {clip(wanted, 80)}", root)
        found = [e for e in self.bundle.evidence if e.summary.get("upstream_task_id") == wanted.strip()]
        for ev in found:
            if ev.kind is EvidenceKind.UPSTREAM_LOG:
                return self._tail(ev, f"upstream_log task_id={ev.summary['upstream_task_id']}")
        reason = (
            f"it could not be read ({clip(redact(found[0].content), 300)})"
            if found
            else f"it is not an upstream task with a log (those are: {', '.join(self._upstream_tasks())})"
        )
        return ToolOutcome(
            f"refused: no log of task {json.dumps(redact(clip(wanted, 80)))}: {reason}. Name the missing "
            "evidence as a gap.",
            is_error=True,
            refused=True,
        )

    def _diff(self, args: Mapping[str, Any]) -> ToolOutcome:
        facts = self._fact("changes", "the diff since the last success")
        if isinstance(facts, ToolOutcome):
            return facts
        if facts:
            return self._json_result("diff_since_last_success", facts)
        [ev, *_] = self._of_kind(EvidenceKind.DIFF)
        return self._block(ev, self._lines(ev), "diff_since_last_success")


def _collect_nodes(value: Any, wanted: str, found: list[JSONDict], depth: int = 0) -> None:
    """Every dict describing the node ``wanted`` (by unique_id, or by name) anywhere in ``value``."""
    if depth > 8:
        return
    if isinstance(value, dict):
        uid, name = value.get("unique_id"), value.get("name")
        if uid == wanted or (isinstance(uid, str) and name == wanted):
            found.append(value)
        for child in value.values():
            _collect_nodes(child, wanted, found, depth + 1)
    elif isinstance(value, list):
        for child in value:
            _collect_nodes(child, wanted, found, depth + 1)
