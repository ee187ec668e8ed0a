"""The Markdown report of one investigation (``report.md`` in the API, ``--format markdown`` in the CLI).

Every text that came from a log or a model is escaped: HTML is neutralised (a report viewer that
renders HTML must not run a ``<script>`` a log contained) and Markdown control characters at line
starts cannot turn evidence into headings or links. Only what could become markup is touched, so
the raw file stays readable: ``<`` (which opens every tag) and an ``&`` that would start an entity,
never the ``&&`` of a shell command. Commands go in code spans long enough to hold any backticks
they contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from airflow_pipeline_debugger.domain import CodeBlock, Evidence, FailureContext, InvestigationResult, Step

#: An ``&`` that a renderer would read as an entity (``&lt;``, ``&#60;``, ``&#x3c;``); a bare ``&`` is text.
_ENTITY_AMP = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
#: Characters that start emphasis, code, links or tables anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*\[\]|~])")
#: ``_`` only matters at a word boundary (``customer_id`` is safe in CommonMark).
_MD_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
#: Line starts that would become a heading, quote, list item or rule.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Escape HTML and the Markdown that could restructure the report, in untrusted text.

    ``<`` becomes ``&lt;`` (no tag, comment or autolink can open without it) and an ``&`` that
    would start an entity becomes ``&amp;`` (so ``&lt;`` in a log stays those four characters);
    every other ``&`` and ``>`` is left as written.
    """
    text = _ENTITY_AMP.sub("&amp;", text).replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


#: A code span in prose (a rule writes `email_address as email`): kept as code, not shown as backticks.
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def prose(text: str) -> str:
    """:func:`escape` for text that may hold code spans: the spans stay code, the rest is escaped."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out += [escape(text[last : match.start()]), code(match.group(1))]
        last = match.end()
    return "".join([*out, escape(text[last:])])


def block(text: str, language: str = "") -> str:
    """A fenced code block that survives backtick fences inside ``text`` (code, config, commands)."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def code(text: str) -> str:
    """An inline code span that survives backticks inside ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cites(cites: Sequence[str]) -> str:
    return ", ".join(code(c) for c in cites) if cites else "none"


def _summary(result: InvestigationResult, context: FailureContext | None, title: str) -> list[str]:
    rc = result.root_cause
    heading = title or (
        f"Investigation: {context.key.dag_id}.{context.key.task_id}"
        if context and context.key.dag_id
        else "Investigation"
    )
    out = [f"# {escape(heading)}", ""]
    if context and context.key.dag_id:
        key = context.key
        out.append(
            f"- DAG: {code(key.dag_id)}, task: {code(key.task_id)}, run: {code(key.run_id)}, "
            f"try: {key.try_number}"
        )
    engine = result.engine + (f" ({result.model})" if result.model else "")
    out += [
        f"- Pipeline type: {result.pipeline_type.value}",
        f"- Category: **{result.category.value}**, transience: **{result.transience.value}**",
        f"- Confidence: **{rc.confidence}/100**"
        + (f" ({escape(rc.confidence_note)})" if rc.confidence_note else ""),
        f"- Engine: {escape(engine)}",
    ]
    if result.reused_from:
        out.append(f"- Reused the finding of investigation {code(result.reused_from)}")
    out += ["", f"## Root cause: {escape(rc.title)}", "", prose(rc.summary), ""]
    # The strongest evidence first: measured facts, then the cited lines.
    facts = [f"- {code(str(f.get('cite', '')))} {escape(str(f.get('text', '')))}" for f in rc.facts]
    if facts:
        out += ["**Measured:**", "", *facts, ""]
    out += [f"**Evidence:** {_cites(rc.evidence)}", ""]
    return out


def _code_blocks(blocks: Sequence[CodeBlock]) -> list[str]:
    """Each block fenced with its language, labelled when it re-runs work, its placeholders named."""
    out: list[str] = []
    for item in blocks:
        labels = ["Re-runs work or changes state."] if item.changes_state else []
        if item.placeholders:
            labels.append(f"Fill in before running: {', '.join(code(p) for p in item.placeholders)}.")
        out += ["", *(f"  _{label}_" for label in labels)]
        fenced = block(item.code, item.language.value).split("\n")
        out += [*([""] if labels else []), *(f"  {line}" if line else "" for line in fenced)]
    return [*out, ""] if out else []


def _remediation(result: InvestigationResult) -> list[str]:
    rem = result.remediation
    out = ["## Remediation", ""]
    for label, value, blocks in (
        ("Immediate fix", rem.immediate_fix, rem.immediate_fix_code),
        ("Change", rem.change, rem.change_code),
        ("Prevention", rem.prevention, ()),
        ("Monitoring", rem.monitoring, ()),
    ):
        if value and "\n" in value.strip():  # an answer stored before code blocks: code in its text
            out += [f"- **{label}:**", "", block(value.strip()), ""]
        elif value:
            out.append(f"- **{label}:** {prose(value)}")
        out += _code_blocks(blocks)
    if rem.diagnostic_commands:
        out += ["", "Diagnostic commands:", "", *(f"- {code(c)}" for c in rem.diagnostic_commands)]
    return [*out, ""]


def _hypotheses(result: InvestigationResult) -> list[str]:
    out = ["## Hypotheses", ""]
    if result.root_cause.justification:
        out += [escape(result.root_cause.justification), ""]
    out += [
        "| # | Hypothesis | Likelihood | Verdict | Evidence |",
        "|---|---|---|---|---|",
    ]
    for i, h in enumerate(result.hypotheses, 1):
        out.append(f"| {i} | {escape(h.title)} | {h.likelihood}% | {h.status.value} | {_cites(h.evidence)} |")
    out.append("")
    for i, h in enumerate(result.hypotheses, 1):
        if h.reasoning:
            out.append(f"{i}. **{escape(h.title)}** ({h.status.value}): {escape(h.reasoning)}")
        # Findings that corroborate a hypothesis sit under it, not among the dismissed.
        out += [
            f"   - Supported by: {escape(str(s.get('title', '')))} ({_cites(list(s.get('evidence') or []))})"
            for s in h.supporting
        ]
    return [*out, ""]


def _appendix(result: InvestigationResult, evidence: Sequence[Evidence]) -> list[str]:
    rc = result.root_cause
    out: list[str] = []
    # Dismissals the hypotheses above already give (with their reasons) are not repeated.
    listed = {h.title for h in result.hypotheses}
    dismissed = [d for d in rc.dismissed if str(d.get("title", "")) not in listed]
    if dismissed:
        out += ["## Dismissed", ""]
        out += [
            f"- **{escape(str(d.get('title', '')))}**: {escape(str(d.get('reason', '')))}" for d in dismissed
        ]
        out.append("")
    if rc.evidence_gaps:
        out += ["## Evidence gaps", "", *(f"- {escape(g)}" for g in rc.evidence_gaps), ""]
    if result.signals:
        out += ["## Signals", ""]
        for s in result.signals[:50]:
            lines = ", ".join(line.cite() for line in s.lines[:3])
            out.append(f"- {code(s.code)} {escape(s.message)}{f' ({lines})' if lines else ''}")
        out.append("")
    if evidence:
        out += [
            "## Evidence",
            "",
            "| Id | Kind | Name | Source | Size | Truncated |",
            "|---|---|---|---|---|---|",
        ]
        for e in evidence:
            truncated = "yes" if e.truncated else "no"
            out.append(
                f"| {e.id} | {e.kind.value} | {escape(e.name)} | {escape(e.source)} | {e.size_bytes} "
                f"| {truncated} |"
            )
        out.append("")
    if result.notes:
        out += ["## Notes", "", *(f"- {escape(n)}" for n in result.notes), ""]
    return out


def _method(steps: Sequence[Step]) -> list[str]:
    """The stages that ran and the evidence each read through tools (refusals included), in order."""
    rows: list[str] = []
    for step in steps:
        stage = step.data.get("stage")
        if not isinstance(stage, str):
            continue
        if "tool" in step.data:
            call = str(step.data.get("call") or step.data["tool"])
            outcome = str(step.data.get("outcome") or "")
            summary = str(step.data.get("summary") or "")
            rows.append(f"  - {code(call)} {escape(outcome)}{f': {escape(summary)}' if summary else ''}")
        else:
            reads = ", ".join(str(r) for r in step.data.get("readable") or [])
            klass = step.data.get("class")
            chosen = f", chosen for class {escape(str(klass))}" if klass else ""
            people = step.data.get("escalation")
            escalate = f"; escalation: {escape(', '.join(map(str, people)))}" if people else ""
            rows.append(
                f"- **{escape(stage)}** ({escape(step.source)}; reads {escape(reads)}{chosen}{escalate})"
            )
    return ["## Stages", "", *rows, ""] if rows else []


def render_markdown(
    result: InvestigationResult,
    *,
    context: FailureContext | None = None,
    evidence: Sequence[Evidence] = (),
    title: str = "",
    steps: Sequence[Step] = (),
) -> str:
    """Render the investigation as a self-contained Markdown document (with its stages when given)."""
    out = [
        *_summary(result, context, title),
        *_remediation(result),
        *_hypotheses(result),
        *_method(steps),
        *_appendix(result, evidence),
    ]
    return "\n".join(out).rstrip() + "\n"
