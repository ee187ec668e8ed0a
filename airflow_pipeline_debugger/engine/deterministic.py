"""The deterministic investigator: rule findings + history + changes → the four steps.

It is the result whenever no model is configured and the fallback whenever the model fails, so it
has to stand on its own: every hypothesis is confirmed or dismissed from cited evidence, the
standard alternatives (transient infrastructure, a recent change, upstream data, resource limits)
are weighed rather than assumed, and when nothing explains the failure it says ``unknown`` with a
low confidence, the first error line and what evidence was missing.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    Hypothesis,
    HypothesisStatus,
    InvestigationResult,
    JSONDict,
    LogLine,
    PipelineType,
    Remediation,
    RootCause,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.engine.facts import (
    DATA_WORDS,
    NOT_TRANSIENT_WORDS,
    RESOURCE_WORDS,
    TRANSIENT_WORDS,
    ChangesView,
    ErrorLineView,
    HistoryView,
    matches_words,
    terminal_error,
)
from airflow_pipeline_debugger.engine.rules import RulesOutcome
from airflow_pipeline_debugger.evidence.frames import describe_frames
from airflow_pipeline_debugger.evidence.levels import is_retried
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.base import sentence
from airflow_pipeline_debugger.heuristics.knowledge import classify
from airflow_pipeline_debugger.heuristics.message import (
    ErrorMessage,
    error_message,
    is_exception_line,
    payload,
    quote_error,
    shorten_middle,
)
from airflow_pipeline_debugger.heuristics.terminal import (
    TRACEBACK_HEADER,
    TerminalBlock,
    closing_message,
    failing_node,
    is_chatter,
    lines_around,
    split_dbt_header,
    states_failure,
    tells_bare_failure,
    terminal_blocks,
    text_frames,
)

MAX_HYPOTHESES = 5
MIN_HYPOTHESES = 3
#: A rule finding at or above this likelihood leaves little room: alternatives only fill up to three.
DECISIVE_LIKELIHOOD = 85
#: A hypothesis needs this adjusted likelihood (and a citation) to be confirmed.
CONFIRM_AT = 50
#: A permanent code/config/data finding this strong makes "it was a blip" implausible.
STRONG_PERMANENT = 70
#: An alternative found without a rule is a pattern, not a diagnosis: its confidence is capped.
ALTERNATIVE_CONFIDENCE_CAP = 50
#: A rule finding with no specific evidence (see :func:`specific_evidence`) is a generic pattern
#: match: it stays under the "confident" band, where answers must be right nine times in ten.
GENERIC_CONFIDENCE_CAP = 65
#: How decisive a documented code must be to make a finding specific (``Prior.specificity``: a
#: vendor's code, SQLSTATE, Spark condition or known message is 4, an HTTP status or errno 3; a bare
#: exception class is 2).
SPECIFIC_CODE = 3
UNKNOWN_CONFIDENCE_WITH_ERROR = 25
#: An error no rule recognised and nothing else explains is read as the task's own (the guide's
#: tie-break for a generic error): a reasoned category, stated with less confidence than any rule's.
OWN_ERROR_CONFIDENCE_CAP = 35
UNKNOWN_CONFIDENCE_BLIND = 10
#: The unknown answer's title quotes the error's message in at most this many characters.
UNKNOWN_TITLE_CHARS = 120
#: A finding resting only on INFO/DEBUG lines, or only on lines before the error the task died with.
CHATTER_PENALTY = 30
EARLIER_PENALTY = 30
#: Rank of a dismissed finding its superseding finding did not list among the alternatives it rules out.
NOT_RULED_OUT = 1_000


@dataclass
class _Candidate:
    """A hypothesis under analysis, with the numbers and links the ranking needs."""

    key: str
    title: str
    description: str
    score: int
    category: Category
    transience: Transience
    finding: RuleFinding | None = None
    status: HypothesisStatus = HypothesisStatus.INCONCLUSIVE
    reasons_for: list[str] = field(default_factory=list)
    reasons_against: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    verdict: str = ""
    #: Rule id of the finding this one corroborates: shown under it, never ranked or dismissed.
    supports: str = ""
    #: Where the superseding finding listed this one among the alternatives it rules out (rank order).
    ruled_out_at: int = NOT_RULED_OUT
    supporting: list[JSONDict] = field(default_factory=list)

    def to_hypothesis(self) -> Hypothesis:
        reasoning = self.verdict or " ".join([*self.reasons_for, *self.reasons_against])
        return Hypothesis(
            title=self.title,
            description=self.description,
            likelihood=max(0, min(100, self.score)),
            status=self.status,
            reasoning=reasoning,
            evidence_for=list(self.reasons_for),
            evidence_against=list(self.reasons_against),
            evidence=list(dict.fromkeys(self.cites)),
            rule_id=self.finding.rule_id if self.finding else self.key,
            supporting=list(self.supporting),
        )


@dataclass(frozen=True)
class _Context:
    """Everything the analysis reads, computed once."""

    bundle: EvidenceBundle
    history: HistoryView
    changes: ChangesView
    error: ErrorLineView
    #: Findings not explained away by another finding, strongest first.
    findings: tuple[RuleFinding, ...]
    #: Every finding, superseded ones included: a rule that looked at a question covers it.
    all_findings: tuple[RuleFinding, ...]
    #: The lines each log ended with (its last error and what follows), by evidence id.
    terminal: Mapping[str, TerminalBlock]

    def signals_about(self, words: tuple[str, ...]) -> list[Signal]:
        return [s for s in self.bundle.signals if matches_words(s.code, words)]

    def strong_permanent(self) -> RuleFinding | None:
        """The top live finding if it is a permanent code/config/data cause a retry would reproduce."""
        for f in self.findings:
            if (
                f.transience is Transience.PERMANENT
                and f.category in (Category.CODE, Category.CONFIG, Category.DATA)
                and f.likelihood >= STRONG_PERMANENT
            ):
                return f
        return None


def _signal_cites(signals: list[Signal], limit: int = 3) -> list[str]:
    cites: list[str] = []
    for s in signals:
        cites.extend(line.cite() for line in s.lines[:1])
        if not s.lines and s.evidence_id:
            cites.append(s.evidence_id)
    return list(dict.fromkeys(cites))[:limit]


def _finding_cites(f: RuleFinding) -> list[str]:
    """Line citations first; a bare evidence id only when none of its lines is cited."""
    lines = [line.cite() for line in f.evidence]
    cited = {c.split(":", 1)[0] for c in lines}
    return list(dict.fromkeys([*lines, *(i for i in f.evidence_ids if i not in cited)]))


def _quote(text: str, limit: int) -> str:
    """A log line quoted in a reason: whitespace folded, cut at a word boundary, never mid-word."""
    return textwrap.shorten(text, limit, placeholder=" …")


def _cite_suffix(cites: list[str] | tuple[str, ...]) -> str:
    return f" ({', '.join(cites)})" if cites else ""


# --- rule findings -----------------------------------------------------------------------------


def _rule_candidate(f: RuleFinding, ctx: _Context, superseded_by: RuleFinding | None) -> _Candidate:
    cand = _Candidate(
        key=f.rule_id,
        title=f.title,
        description=f.summary,
        score=f.likelihood,
        category=f.category,
        transience=f.transience,
        finding=f,
        cites=_finding_cites(f),
    )
    cand.reasons_for.append(f"Rule {f.rule_id} matched: {f.summary}{_cite_suffix(cand.cites[:3])}")
    for label, value in f.details[:4]:
        cand.reasons_for.append(sentence(f"{label}: {value}"))
    if superseded_by is not None:
        _explained_by(cand, f, superseded_by)
        return cand
    if f.counter_evidence:
        cand.reasons_against.append(f.counter_evidence)
        cand.score -= 15
    weak = _weak_evidence(f, ctx.terminal)
    if weak:
        cand.reasons_against.append(weak[1])
        cand.score -= weak[0]
    if f.severity is Severity.CRITICAL:
        cand.score += 5
    elif f.severity <= Severity.LOW:
        cand.score -= 10
    _weigh_changes_and_history(cand, f, ctx)
    if cand.cites and cand.score >= CONFIRM_AT and not weak:
        cand.status = HypothesisStatus.CONFIRMED
        cand.verdict = "Confirmed by the evidence it cites."  # listed with it, not repeated here
    elif not cand.cites:
        cand.verdict = "Inconclusive: the rule matched but cites no evidence line."
    else:
        cand.verdict = "Inconclusive: the support is weak after adjustments. " + " ".join(
            cand.reasons_against
        )
    cand.verdict = cand.verdict.strip()
    return cand


def _explained_by(cand: _Candidate, f: RuleFinding, by: RuleFinding) -> None:
    """Place a finding another one explains: under it when it corroborates it, else dismissed with its reason.

    The reason is the superseding rule's own for this alternative when it gives one; otherwise a
    sentence saying how the two relate. Never the other finding's summary: the reader has it above.
    """
    cand.score = min(cand.score, 10)
    if f.rule_id in by.supports:
        cand.supports = by.rule_id
        return
    cand.status = HypothesisStatus.DISMISSED
    reasons = dict(by.ruled_out)
    if f.rule_id in reasons:
        cand.ruled_out_at = [rule_id for rule_id, _ in by.ruled_out].index(f.rule_id)
        reason = reasons[f.rule_id]
    elif f.symptom:
        reason = f"How the operator reported the failure, not why it failed ({by.title} is why)."
    else:
        reason = f"An effect of {by.title}, not a separate cause."
    cand.reasons_against.append(reason)
    cand.verdict = reason


def _weigh_changes_and_history(cand: _Candidate, f: RuleFinding, ctx: _Context) -> None:
    """What changed since the last success and how earlier occurrences ended, for or against ``f``."""
    changes, history = ctx.changes, ctx.history
    if changes.anything_changed and f.category in (Category.CODE, Category.CONFIG):
        cand.score += 10
        cand.reasons_for.append(
            f"Code or config changed since the last success ({', '.join(changes.changed[:3]) or 'see diff'})"
            f"{_cite_suffix(changes.citations)}, consistent with a {f.category.value} cause."
        )
        cand.cites.extend(changes.citations)
    elif changes.available and changes.code_changed is False and f.category is Category.CODE:
        cand.score -= 5
        cand.reasons_against.append(
            f"No code change since the last success{_cite_suffix(changes.citations)}: the code bug must "
            "have been latent and triggered by new input."
        )
    if history.resolved_on_retry:
        if f.transience is Transience.PERMANENT:
            cand.score -= 10
            cand.reasons_against.append(
                "Last time this error signature occurred a retry succeeded"
                f"{_cite_suffix(history.citations)}, which a permanent cause does not explain."
            )
        else:
            cand.score += 10
            cand.reasons_for.append(
                f"Last time this error signature occurred a retry succeeded{_cite_suffix(history.citations)}."
            )


def _weak_evidence(f: RuleFinding, terminal: Mapping[str, TerminalBlock]) -> tuple[int, str] | None:
    """How much a finding's log evidence is worth less than it looks, and why (``None``: it is not).

    Words in INFO/DEBUG chatter ("3 entries evicted") are weak next to a terminal error (in a log with
    no error at all they are all there is); so is what follows the task's failure (Airflow's email
    alert, a failure callback) or came from an earlier attempt the task got past, and a problem the
    task said it retries, earlier in a log whose last error is something else (a connection that was
    refused, retried and recovered) or with later lines after it. A warning that does not say so
    keeps its weight ("Received SIGTERM" is why the task died), and so does an earlier *error*: a JVM
    that died of OutOfMemoryError makes later lines fail too. Findings that cite non-log evidence
    (event logs, dbt results) are not judged here.
    """
    lines = list(f.evidence)
    if not lines or any(line.evidence_id not in terminal for line in lines):
        return None
    cites = _cite_suffix([line.cite() for line in lines[:3]])
    ended = [block for block in terminal.values() if block.has_error]
    # The line the log ends in is the terminal error whatever its level (Airflow logs a SIGKILL's
    # "return code -9" at INFO): only lines other than it can be chatter.
    anchors = {block.anchor for block in ended}
    if ended and all(
        is_chatter(line.text)
        and line not in anchors
        and not tells_bare_failure(line, terminal[line.evidence_id])
        for line in lines
    ):
        return CHATTER_PENALTY, f"Its lines{cites} are INFO/DEBUG chatter, weak evidence next to the error."
    why = _outside_attempt(lines, terminal) or _retried(lines, terminal, ended)
    return (EARLIER_PENALTY, f"Its lines{cites} {why}") if why else None


def _outside_attempt(lines: list[LogLine], terminal: Mapping[str, TerminalBlock]) -> str:
    """Why ``lines`` are not the failing attempt's own (``""``: they are).

    Each is in the failure's aftermath (after Airflow marked the task failed), or before the attempt
    the terminal error belongs to: an earlier attempt's error is one the next attempt got past.
    """
    blocks = [terminal[line.evidence_id] for line in lines]
    after = [
        b.aftermath is not None and line.line_no >= b.aftermath.line_no
        for line, b in zip(lines, blocks, strict=True)
    ]
    earlier = [
        b.earlier_attempt is not None and line.line_no <= b.earlier_attempt.line_no
        for line, b in zip(lines, blocks, strict=True)
    ]
    if not all(a or e for a, e in zip(after, earlier, strict=True)):
        return ""
    reasons = []
    if any(earlier):
        mark = next(
            b.earlier_attempt for b, e in zip(blocks, earlier, strict=True) if e and b.earlier_attempt
        )
        reasons.append(
            f"come from an earlier attempt, which the task got past ({mark.cite()}: {_quote(mark.text, 120)})"
        )
    if any(after):
        first = next(b.aftermath for b, a in zip(blocks, after, strict=True) if a and b.aftermath)
        reasons.append(
            f"come after the task had already failed ({first.cite()}: {_quote(first.text, 120)}): "
            "Airflow's alert or a failure callback"
        )
    return f"{' or '.join(reasons)}, not the error the task died with."


def _retried(lines: list[LogLine], terminal: Mapping[str, TerminalBlock], ended: list[TerminalBlock]) -> str:
    """Why ``lines`` are problems the task retried and survived (``""``: they are not)."""
    if not all(is_retried(line.text) for line in lines):
        return ""
    if any(_exhausted(line, terminal[line.evidence_id]) for line in lines):
        return ""
    if ended and not any(_in_block(line, terminal[line.evidence_id]) for line in lines):
        last = ended[-1].anchor
        where = f" ({last.cite()}: {_quote(last.text, 120)})" if last else ""
        return f"are problems the task retried, earlier in the log, not the error it died with{where}."
    # In a log with no error line to compare with (a pod's output relayed as INFO), a retried problem
    # the log goes on after is one the task survived, whatever level it was relayed at.
    if all(_went_on_after(line, terminal[line.evidence_id]) for line in lines):
        return "are problems the task retried and went on from: later lines follow them."
    return ""


def _exhausted(line: LogLine, block: TerminalBlock) -> bool:
    """Whether the task died of the problem it said it would retry: its retries ran out.

    The failure follows the retried line at once (the next line is the terminal error) and names no
    error of its own: the traceback under it is cut before its exception line, so the retried
    problem is the only error the log gives.
    """
    anchor = block.anchor
    if anchor is None or anchor.evidence_id != line.evidence_id or anchor.line_no != line.line_no + 1:
        return False
    if states_failure(error_message(anchor.text).message) or is_exception_line(payload(anchor.text)):
        return False
    return not any(is_exception_line(payload(ln.text)) for ln in block.lines if ln.line_no > anchor.line_no)


def _went_on_after(line: LogLine, block: TerminalBlock) -> bool:
    """Whether the log goes on after ``line``: a later line that is not itself a retry of it."""
    return any(ln.line_no > line.line_no and not is_retried(ln.text) for ln in block.lines)


def _in_block(line: LogLine, block: TerminalBlock) -> bool:
    return bool(block.lines) and block.lines[0].line_no <= line.line_no <= block.lines[-1].line_no


# --- standard alternatives ---------------------------------------------------------------------


def _alt_transient(ctx: _Context) -> _Candidate | None:
    live = ctx.findings
    if any(
        f.category is Category.INFRA and f.transience in (Transience.TRANSIENT, Transience.INTERMITTENT)
        for f in live
    ):
        return None
    cand = _Candidate(
        key="alternative.transient_infrastructure",
        title="Transient infrastructure problem",
        description="A network, service or node blip that a retry would not hit again.",
        score=15,
        category=Category.INFRA,
        transience=Transience.TRANSIENT,
    )
    # A connection that is not defined is set-up, not a blip: "missing_connection" is not a network signal.
    signals = [
        s for s in ctx.signals_about(TRANSIENT_WORDS) if not matches_words(s.code, NOT_TRANSIENT_WORDS)
    ]
    strong = ctx.strong_permanent()
    effects = [s for s in signals if strong is not None and _after(s, strong)]
    signals = [s for s in signals if s not in effects]
    if signals:
        cites = _signal_cites(signals)
        cand.score += 20
        cand.cites.extend(cites)
        cand.reasons_for.append(
            f"Network or timeout signals: {', '.join(sorted({s.code for s in signals}))}"
            f"{_cite_suffix(cites)}."
        )
    h = ctx.history
    if h.resolved_on_retry:
        cand.score += 30
        cand.cites.extend(h.citations)
        cand.reasons_for.append(
            f"The previous occurrence of this error resolved on retry{_cite_suffix(h.citations)}."
        )
    if h.recent_failures is not None and h.recent_runs and 1 < h.recent_failures < h.recent_runs:
        cand.transience = Transience.INTERMITTENT
        cand.reasons_for.append(
            f"{h.recent_failures} of the last {h.recent_runs} runs failed with successes in between."
        )
    if strong is not None:
        cand.score -= 25
        cites = _finding_cites(strong)[:2]
        cand.cites.extend(cites)
        cand.reasons_against.append(
            f"{strong.title}{_cite_suffix(cites)} is a deterministic error a retry would reproduce."
        )
        if effects:
            late = _signal_cites(effects)
            cand.cites.extend(late)
            cand.reasons_against.append(
                f"The network errors{_cite_suffix(late)} come after it in the log: its effects, not a blip."
            )
    if h.seen_before and h.resolved_on_retry is False:
        cand.score -= 15
        cand.cites.extend(h.citations)
        cand.reasons_against.append(
            f"The same error signature failed before and a retry did not fix it{_cite_suffix(h.citations)}."
        )
    _decide(cand, no_evidence="No network/timeout signals and no run history to say a retry helps.")
    return cand


def _after(signal: Signal, finding: RuleFinding) -> bool:
    """Whether every line of ``signal`` comes after the first line ``finding`` cites in the same log."""
    first: dict[str, int] = {}
    for line in finding.evidence:
        first[line.evidence_id] = min(first.get(line.evidence_id, line.line_no), line.line_no)
    return bool(signal.lines) and all(
        line.evidence_id in first and line.line_no > first[line.evidence_id] for line in signal.lines
    )


def _alt_change(ctx: _Context) -> _Candidate | None:
    ch = ctx.changes
    category = Category.CONFIG if ch.config_changed and not ch.code_changed else Category.CODE
    cand = _Candidate(
        key="alternative.recent_change",
        title="Recent code or config change",
        description="Something deployed since the last successful run broke the task.",
        score=20,
        category=category,
        transience=Transience.PERMANENT,
        cites=list(ch.citations),
    )
    if not ch.available:
        cand.verdict = (
            "Inconclusive: no record of what changed since the last success was available, so a recent "
            "change can neither be confirmed nor ruled out."
        )
        return cand
    if ch.anything_changed:
        what = ", ".join(ch.changed[:5]) or ("code" if ch.code_changed else "config")
        cand.score = 40
        cand.reasons_for.append(
            f"Changed since the last success{f' ({ch.since})' if ch.since else ''}: {what}"
            f"{_cite_suffix(ch.citations)}."
        )
        top = ctx.findings[0] if ctx.findings else None
        if top is not None and top.category in (Category.CODE, Category.CONFIG):
            cand.score += 20
            cand.reasons_for.append(f"The failure itself is a {top.category.value} error ({top.title}).")
        elif top is not None:
            cand.score -= 10
            cand.reasons_against.append(
                f"The failure is a {top.category.value} problem ({top.title}), which a code change does "
                "not usually cause."
            )
    elif ch.code_changed is False and ch.config_changed is not True:
        cand.score = 5
        cand.reasons_against.append(
            f"Neither code nor config changed since the last success{_cite_suffix(ch.citations)}."
        )
    _decide(cand, no_evidence="The change record does not say whether code or config changed.")
    return cand


def _alt_data(ctx: _Context) -> _Candidate | None:
    if any(f.category is Category.DATA for f in ctx.all_findings):
        return None
    cand = _Candidate(
        key="alternative.upstream_data",
        title="Upstream data problem",
        description="Input data was missing, late, duplicated or changed shape.",
        score=15,
        category=Category.DATA,
        transience=Transience.UNKNOWN,
    )
    signals = ctx.signals_about(DATA_WORDS)
    if signals:
        cites = _signal_cites(signals)
        cand.score += 30
        cand.cites.extend(cites)
        cand.reasons_for.append(
            f"Data-shaped signals: {', '.join(sorted({s.code for s in signals}))}{_cite_suffix(cites)}."
        )
    upstream = ctx.bundle.facts.get("upstream")
    if isinstance(upstream, dict):
        failed = (
            [str(u) for u in upstream.get("failed", []) if u]
            if isinstance(upstream.get("failed"), list)
            else []
        )
        if failed:
            cand.score += 30
            cand.cites.extend(e.id for e in ctx.bundle.evidence if e.kind is EvidenceKind.UPSTREAM)
            cand.reasons_for.append(f"Upstream tasks failed in this run: {', '.join(failed[:5])}.")
    strong = ctx.strong_permanent()
    if strong is not None and strong.category is not Category.DATA:
        cites = _finding_cites(strong)[:2]
        cand.score -= 20
        cand.cites.extend(cites)
        cand.reasons_against.append(
            f"The failure is explained by a {strong.category.value} error ({strong.title}"
            f"{_cite_suffix(cites)}), not by the input."
        )
    _decide(cand, no_evidence="No data-quality signal and no upstream facts either way.")
    return cand


def _alt_resources(ctx: _Context) -> _Candidate | None:
    if any(matches_words(f.rule_id, RESOURCE_WORDS) for f in ctx.all_findings):
        return None
    cand = _Candidate(
        key="alternative.resource_limits",
        title="Resource limits (memory, disk)",
        description="The task ran out of memory or disk, or was killed for exceeding a limit.",
        score=15,
        category=Category.CONFIG,
        transience=Transience.PERMANENT,
    )
    signals = ctx.signals_about(RESOURCE_WORDS)
    if signals:
        cites = _signal_cites(signals)
        cand.score += 35
        cand.cites.extend(cites)
        cand.reasons_for.append(
            f"Resource signals: {', '.join(sorted({s.code for s in signals}))}{_cite_suffix(cites)}."
        )
    elif ctx.error.line is not None and "memory" not in ctx.error.text.lower():
        cand.score -= 10
        cand.cites.append(ctx.error.line.cite())
        quoted = quote_error(ctx.error.said or ctx.error.line.text, 160)
        cand.reasons_against.append(
            f"The log ends in an ordinary error ({ctx.error.line.cite()}: {quoted}) and no out-of-memory, "
            "kill or disk-full line was found."
        )
    strong = ctx.strong_permanent()
    if strong is not None and not signals:
        cites = _finding_cites(strong)[:2]
        cand.score -= 10
        cand.cites.extend(cites)
        cand.reasons_against.append(f"{strong.title}{_cite_suffix(cites)} explains the failure without it.")
    last = last_log_line(ctx.bundle) if ctx.error.line is None and not ctx.error.text else None
    _decide(
        cand,
        no_evidence=(
            f"The log stops at {last.cite()} without any error and without an out-of-memory, kill or "
            "disk-full line; a process killed from outside (OOM killer, eviction) leaves none."
            if last is not None
            else "No log lines to check for out-of-memory, kill or disk-full errors."
        ),
    )
    return cand


def _decide(cand: _Candidate, *, no_evidence: str) -> None:
    """Verdict of an alternative from the reasons gathered for and against it."""
    if cand.reasons_for and cand.score >= CONFIRM_AT:
        cand.status = HypothesisStatus.CONFIRMED
        cand.verdict = "Confirmed: " + " ".join(cand.reasons_for)
        if cand.reasons_against:
            cand.verdict += " Against: " + " ".join(cand.reasons_against)
    elif cand.reasons_against and not cand.reasons_for:
        cand.status = HypothesisStatus.DISMISSED
        cand.verdict = " ".join(cand.reasons_against)
    elif cand.reasons_for or cand.reasons_against:
        cand.verdict = "Inconclusive: " + " ".join([*cand.reasons_for, *cand.reasons_against])
    else:
        cand.verdict = "Inconclusive: " + no_evidence
    cand.cites = list(dict.fromkeys(cand.cites))


ALTERNATIVES: tuple[Callable[[_Context], _Candidate | None], ...] = (
    _alt_transient,
    _alt_change,
    _alt_data,
    _alt_resources,
)

_STATUS_RANK = {
    HypothesisStatus.CONFIRMED: 0,
    HypothesisStatus.INCONCLUSIVE: 1,
    HypothesisStatus.DISMISSED: 2,
}


def _rank(cand: _Candidate) -> tuple[int, int, int]:
    """Confirmed, then inconclusive, then dismissed; rivals a rule rules out (in its order) before effects."""
    return (_STATUS_RANK[cand.status], cand.ruled_out_at, -cand.score)


# --- gaps, root cause, remediation -------------------------------------------------------------


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def last_log_line(bundle: EvidenceBundle) -> LogLine | None:
    """The last numbered line of the last log (where a log that stops without an error stops)."""
    for ev in reversed(bundle.evidence):
        if ev.kind is not EvidenceKind.LOG or not ev.content:
            continue
        for line_no, text in reversed(numbered_lines(ev)):
            clean = _ANSI_RE.sub("", text).strip()
            if line_no is not None and clean:
                return LogLine(ev.id, line_no, clean[:300])
    return None


def _closing_message(bundle: EvidenceBundle) -> tuple[LogLine, str] | None:
    """What the last log ends with when it has no error line (its last message, wrapped lines joined)."""
    for ev in reversed(bundle.evidence):
        if ev.kind is EvidenceKind.LOG and ev.content:
            lines = [LogLine(ev.id, n, t) for n, t in numbered_lines(ev) if n is not None and t.strip()]
            if lines:
                return closing_message(lines)
    return None


def evidence_gaps(bundle: EvidenceBundle, outcome: RulesOutcome | None = None) -> list[str]:
    """What could not be checked, in words an engineer can act on."""
    kinds = {e.kind for e in bundle.evidence}
    gaps: list[str] = []
    if EvidenceKind.LOG not in kinds:
        gaps.append("No task log was available: error lines could not be read.")
    error = terminal_error(bundle)
    last = last_log_line(bundle) if error.line is None and not error.text else None
    if last is not None:
        gaps.append(
            f"The log ends at {last.cite()} ({last.text[:120]}) with no error at all: the process was "
            "probably stopped from outside (SIGKILL by the OOM killer, a timeout, a pod eviction). Its "
            "exit code or signal and the host's kernel or container events are needed."
        )
    if bundle.pipeline_type is PipelineType.SPARK and EvidenceKind.SPARK_EVENT_LOG not in kinds:
        oom = any(matches_words(s.code, RESOURCE_WORDS) for s in bundle.signals)
        gaps.append(
            "No Spark event log: "
            + (
                "whether the out-of-memory error comes from data skew or undersized executors could not "
                "be measured (stage/task metrics)."
                if oom
                else "stage and task metrics (skew, spill, GC, failed tasks) could not be checked."
            )
        )
    if bundle.pipeline_type is PipelineType.DBT and EvidenceKind.DBT_RESULTS not in kinds:
        gaps.append(
            "No dbt run_results.json: failing nodes and test results could only be read from the log."
        )
    if "history" not in bundle.facts:
        gaps.append("No run history: whether this error was seen before and ended on retry is unknown.")
    if "changes" not in bundle.facts:
        gaps.append("No change record: whether code or config changed since the last success is unknown.")
    for e in bundle.evidence:
        if e.kind is EvidenceKind.COLLECTION_ERROR:
            reason = e.content.strip().splitlines()[0][:200] if e.content.strip() else "unreadable"
            gaps.append(f"Could not read {e.name} ({e.id}): {reason}")
        elif e.truncated and e.kind is EvidenceKind.LOG and not e.summary.get("line_map"):
            # A scanner excerpt is truncated by design (its decisive lines are kept); a log cut
            # for size elsewhere is a gap. A scan stopped at the byte cap is a collection error.
            gaps.append(
                f"{e.name} ({e.id}) was truncated from {e.size_bytes} bytes; lines in between were not kept."
            )
    for err in outcome.errors if outcome else ():
        gaps.append(f"Rule {err.rule_id} crashed and could not be evaluated ({err.error[:160]}).")
    return gaps


#: A name an answer gives: quoted (``'orders'``, `` `customer_id` ``) or shaped like an identifier,
#: a setting or a path (``my_var``, ``spark.driver.memory``, ``s3://bucket/key``), not a plain word
#: and not a bare number (``1.5``, a measured value, names nothing).
_NAMED_RE = re.compile(
    r"['\"`]([^'\"`\s]{3,120})['\"`]|(?<![\w.])(?=[\w./:-]*[A-Za-z])([A-Za-z0-9]+(?:[_./:-]+[A-Za-z0-9]+)+)"
)


def specific_evidence(f: RuleFinding, cites: Sequence[str]) -> str:
    """What makes a finding's evidence specific, in words; ``""`` when it is a generic pattern match.

    Specific means one of: measured facts (event-log metrics, row counts against history); two
    independent pieces of evidence cited (a log and dbt's run results, a log and the change record);
    a name the answer gives that a cited line says verbatim (the column, connection, variable, path
    or setting the error names); or a documented code in a cited line (a SQLSTATE, a vendor's code, a
    Spark condition, a component's exact message, an HTTP status) whose documented category is the
    finding's own. A rule that matched only an error's shape ("Compilation Error", "permission
    denied") without any of these is a pattern: the same words end failures of other kinds.
    """
    if f.measured:
        return "measured facts"
    sources = {c.split(":", 1)[0] for c in cites}
    if len(sources) >= 2:
        return f"{len(sources)} independent pieces of evidence"
    lines = [line.text for line in f.evidence]
    for m in _NAMED_RE.finditer(f.title):
        name = m.group(1) or m.group(2)
        if any(name in text for text in lines):
            return f"it names {name!r}, as the evidence does"
    for match in classify(lines):
        prior = match.prior
        if prior.specificity >= SPECIFIC_CODE and prior.category is f.category:
            return f"the documented meaning of {prior.label} agrees ({prior.source})"
    return ""


def _confidence(best: _Candidate, ranked: list[_Candidate], gaps: list[str]) -> tuple[int, list[str]]:
    """Confidence of the chosen hypothesis and the reasons for each adjustment."""
    confidence = best.score
    why: list[str] = []
    rivals = [
        c
        for c in ranked
        if c is not best and c.status is HypothesisStatus.CONFIRMED and best.score - c.score <= 10
    ]
    if rivals:
        confidence -= 15
        why.append(f"-15: {rivals[0].title} is confirmed almost as strongly")
    sources = {c.split(":", 1)[0] for c in best.cites}
    if len(sources) >= 2:
        confidence += 5
        why.append(f"+5: supported by {len(sources)} independent pieces of evidence")
    if gaps:
        penalty = min(15, 5 * len(gaps))
        confidence -= penalty
        why.append(f"-{penalty}: {len(gaps)} evidence gap(s)")
    if best.key == "alternative.own_error":
        confidence = min(confidence, OWN_ERROR_CONFIDENCE_CAP)
        why.append(
            f"capped at {OWN_ERROR_CONFIDENCE_CAP}: no rule recognised the error, the category is the guide's"
        )
    elif best.finding is None:
        confidence = min(confidence, ALTERNATIVE_CONFIDENCE_CAP)
        why.append(f"capped at {ALTERNATIVE_CONFIDENCE_CAP}: no specific rule matched")
    elif confidence > best.finding.max_confidence:
        confidence = best.finding.max_confidence
        why.append(f"capped at {confidence}: this evidence fits more than one category")
    if best.finding is not None and confidence > GENERIC_CONFIDENCE_CAP:
        specific = specific_evidence(best.finding, best.cites)
        if specific:
            why.append(f"specific evidence: {specific}")
        else:
            confidence = GENERIC_CONFIDENCE_CAP
            why.append(
                f"capped at {GENERIC_CONFIDENCE_CAP}: a generic pattern match (no documented code, named "
                "object or second source confirms it)"
            )
    return max(10, min(95, confidence)), why or ["no adjustment"]


_ALTERNATIVE_REMEDIATION = {
    "alternative.transient_infrastructure": Remediation(
        immediate_fix="Clear the task to retry it; the cause looks transient.",
        change="Give the task retries with exponential backoff (retries=3, retry_exponential_backoff=True).",
        prevention="Make the external calls idempotent so retries are safe.",
        monitoring="Alert when the same task needs more than one retry in a day.",
    ),
    "alternative.recent_change": Remediation(
        immediate_fix="Revert or fix the change made since the last successful run, then clear the task.",
        change="Review the diff since the last success for the failing code path.",
        prevention="Run the task against a sample in CI before deploying DAG changes.",
        monitoring="Track failures per deployment version.",
    ),
    "alternative.upstream_data": Remediation(
        immediate_fix="Check the upstream data for this run (row counts, schema, freshness), fix it, then "
        "clear the task.",
        change="Add a data-quality check or sensor before this task.",
        prevention="Agree a schema/freshness contract with the upstream owner.",
        monitoring="Alert on upstream freshness and volume anomalies.",
    ),
    "alternative.resource_limits": Remediation(
        immediate_fix="Re-run with more memory/disk for the task, or on a larger worker.",
        change="Raise the task's resource request or reduce the data processed per task.",
        prevention="Size resources from the observed peak plus headroom.",
        monitoring="Alert on memory and disk usage of the worker near the limit.",
    ),
}


def _remediation(best: _Candidate | None, bundle: EvidenceBundle, error: ErrorLineView) -> Remediation:
    commands = list(dict.fromkeys(bundle.diagnostic_commands))
    if best is not None and best.finding is not None:
        f = best.finding
        return Remediation(
            f.immediate_fix,
            f.change,
            f.prevention,
            f.monitoring,
            commands,
            immediate_fix_code=list(f.immediate_fix_code),
            change_code=list(f.change_code),
        )
    if best is not None and best.key in _ALTERNATIVE_REMEDIATION:
        template = _ALTERNATIVE_REMEDIATION[best.key]
        return Remediation(
            template.immediate_fix, template.change, template.prevention, template.monitoring, commands
        )
    where = f" at {error.line.cite()}" if error.line else ""
    last = last_log_line(bundle) if not error.text else None
    if error.text:
        immediate = (
            f"Read the error the task ended with{where} ({quote_error(error.text)}) and the lines before it; "
        )
        immediate += "no rule recognised it."
    elif last is not None:
        immediate = (
            f"The log stops at {last.cite()} without an error: find out what stopped the process — its exit "
            "code or signal (137 = SIGKILL), the kernel log (dmesg: 'Out of memory: Killed process') or the "
            "container's events (OOMKilled, Evicted) — then re-run."
        )
    else:
        immediate = "Collect the task log and re-run the investigation; no error line was available."
    return Remediation(
        immediate_fix=immediate,
        change="",
        prevention="If this failure recurs, add a rule for it so it is recognised next time.",
        monitoring="",
        diagnostic_commands=commands,
    )


#: An exception the program raised (``KeyError``, ``SQLException``, ``AnalysisException`` …).
_EXCEPTION_NAME_RE = re.compile(r"\b[A-Z][A-Za-z0-9]{0,80}(?:Error|Exception)\b")


def _own_error(ctx: _Context, ranked: list[_Candidate]) -> _Candidate | None:
    """The error the task ended with, read as its own when nothing else explains it (CODE, weakly).

    By the category guide a generic error with nothing showing the input, the set-up or the platform
    at fault is fixed where it was raised: the task's code, or the tool or library it drives. Only
    when the log ends in a reported error — an exception the program raised, a message that starts
    by reporting the failure (``error: dbt9002: …``), or one under dbt's header for a failed node
    (``Runtime Error in model …``) — and no hypothesis of another category is left open. Not when
    the log just stops (something killed it from outside), stops inside a traceback with no message
    before it saying what failed (the exception is missing), or ends in an ERROR line with neither
    (Airflow's "Task failed with exception", a child's exit report: the error is elsewhere). The
    answer says no rule recognised the error and stays below every rule's confidence.
    """
    err = ctx.error
    if err.line is None or not err.text:
        return None
    said = error_message(err.text)
    # A log cut inside a traceback lacks what was raised, unless the error read is a message printed
    # before it that reports the failure in words (``BigQuery error in query operation: …``), not
    # one saying it retries (``Upload failed: retrying in 5s``: the cut traceback is what failed).
    if err.cut and (
        is_exception_line(err.text) or is_retried(said.message) or not states_failure(said.message)
    ):
        return None
    block = ctx.terminal.get(err.line.evidence_id)
    reported = (
        err.error_type
        or _EXCEPTION_NAME_RE.search(err.text)
        # The line right under a traceback's last frame is what was raised, whatever its class is
        # called (``InvalidOperation``, ``re.error``, ``ReadTimeout``).
        or err.raised_at
        or err.stated
        or states_failure(said.message)
        # dbt heads a failure's lines with its node (``Runtime Error in model x``): the message under
        # it is a reported error even when it names no exception (``Invalid SessionHandle: …``).
        or (block is not None and failing_node(block, err.line))
    )
    if not reported:
        return None
    # A rule's finding, or an alternative with evidence for it, left open: the evidence points
    # elsewhere without settling it, so the answer stays unknown.
    if any(
        c.status is HypothesisStatus.INCONCLUSIVE
        and (c.finding is not None or c.reasons_for)
        and c.category is not Category.CODE
        for c in ranked
    ):
        return None
    cite = err.line.cite()
    raised = f", raised at {err.raised_at}" if err.raised_at else ""
    cand = _Candidate(
        key="alternative.own_error",
        title=f"The task's own error{_headline(said)}",
        description=sentence(
            f"The task ended with an error no rule recognised ({cite}: {said.quote()}{raised}). Nothing "
            "shows the input, the set-up or the platform at fault, so by the category guide the fix goes "
            "where it was raised: the task's code, or the library it calls"
        ),
        score=CONFIRM_AT,
        category=Category.CODE,
        transience=Transience.UNKNOWN,
        cites=[cite],
    )
    cand.reasons_for.append(
        f"The log ends in this error ({cite}){raised}, and no data, set-up, resource or transient "
        "signal confirmed another reading."
    )
    _decide(cand, no_evidence="")
    return cand


def _headline(said: ErrorMessage) -> str:
    """``: <the error>`` for a title; a dbt header's node leads, so its path does not crowd the message out.

    ``Database Error in model orders (models/marts/orders.sql) Query error: Cannot coerce …`` is
    titled `` in model orders: Query error: Cannot coerce …``.
    """
    if not said.exception and (header := split_dbt_header(said.message)):
        return f" in {header[0]}: {shorten_middle(header[1], UNKNOWN_TITLE_CHARS)}"
    return f": {said.quote(UNKNOWN_TITLE_CHARS)}"


def _unknown_root_cause(ctx: _Context, gaps: list[str], dismissed: list[dict[str, str]]) -> RootCause:
    err = ctx.error
    if err.line is not None and err.text.startswith(TRACEBACK_HEADER):
        # The log stops inside the traceback: the header is no message, the last frame is what is known.
        lines, at = lines_around(ctx.bundle, err.line)
        frame = describe_frames(text_frames(lines[at:])) if at >= 0 else ""
        last = f" (last frame: {frame})" if frame else ""
        title = "Unknown: the log stops inside a traceback, before its exception"
        cites = [err.line.cite()]
        summary = sentence(
            f"No rule recognised this failure. The traceback at {cites[0]} is cut before the line that "
            f"names the exception{last}: the rest of the log (or the process's stderr) says what was raised"
        )
        confidence = UNKNOWN_CONFIDENCE_WITH_ERROR
    elif err.line is not None or err.text:
        said = error_message(err.text)
        title = f"Unknown{_headline(said)}" if err.text else "Unknown root cause"
        cites = [err.line.cite()] if err.line else []
        raised = f", raised at {err.raised_at}" if err.raised_at else ""
        summary = sentence(
            f"No rule recognised this failure. It ended with the error{f' at {cites[0]}' if cites else ''}: "
            f"{said.quote()}{raised}"
        )
        confidence = UNKNOWN_CONFIDENCE_WITH_ERROR
    else:
        title, cites, confidence = "Unknown root cause", [], UNKNOWN_CONFIDENCE_BLIND
        summary = "No rule recognised this failure and no error line was found in the evidence."
        if (closing := _closing_message(ctx.bundle)) is not None:
            cites = [closing[0].cite()]
            summary += f" The log ends at {cites[0]}: {sentence(quote_error(closing[1]))}"
    return RootCause(
        title=title,
        summary=summary,
        confidence=confidence,
        justification="No hypothesis was confirmed by the evidence; see the evidence gaps.",
        category=Category.UNKNOWN,
        transience=Transience.UNKNOWN,
        evidence=cites,
        dismissed=dismissed,
        evidence_gaps=gaps,
    )


def _superseding(
    f: RuleFinding, findings: Sequence[RuleFinding], weak: Collection[str] = ()
) -> RuleFinding | None:
    """The finding that explains ``f`` away, or ``None``.

    That is one naming ``f`` in ``supersedes``; for a symptom (the operator's view of a failure),
    else the strongest non-symptom finding more likely than it. A finding resting on weak evidence
    (rule ids in ``weak``: chatter, a retried problem, an earlier attempt, the aftermath) explains
    nothing away: a retried "Connection refused" must not dismiss the KeyError the task died of.
    """
    strong = [g for g in findings if g is not f and g.rule_id not in weak]
    explicit = next((g for g in strong if f.rule_id in g.supersedes), None)
    if explicit is not None or not f.symptom:
        return explicit
    causes = [g for g in strong if not g.symptom and g.likelihood > f.likelihood]
    return max(causes, key=lambda g: g.likelihood, default=None)


def investigate(bundle: EvidenceBundle, outcome: RulesOutcome) -> InvestigationResult:
    """Rank 3 to 5 hypotheses, confirm or dismiss each from the evidence, and choose the root cause."""
    terminal = {block.evidence_id: block for block in terminal_blocks(bundle)}
    weak = {f.rule_id for f in outcome.findings if _weak_evidence(f, terminal) is not None}
    ctx = _Context(
        bundle=bundle,
        history=HistoryView.of(bundle),
        changes=ChangesView.of(bundle),
        error=terminal_error(bundle),
        findings=tuple(f for f in outcome.findings if _superseding(f, outcome.findings, weak) is None),
        all_findings=tuple(outcome.findings),
        terminal=terminal,
    )
    judged = [_rule_candidate(f, ctx, _superseding(f, outcome.findings, weak)) for f in outcome.findings]
    candidates = [c for c in judged if not c.supports]
    alternatives = [c for c in (alt(ctx) for alt in ALTERNATIVES) if c is not None]
    ranked = sorted(candidates, key=_rank)[:MAX_HYPOTHESES]
    top_live = max((c.score for c in ranked if c.status is HypothesisStatus.CONFIRMED), default=0)
    room = MAX_HYPOTHESES if top_live < DECISIVE_LIKELIHOOD else MIN_HYPOTHESES
    # Alternatives with something to say (for or against) come before the merely possible ones.
    alternatives.sort(
        key=lambda c: (not (c.reasons_for or c.reasons_against), _STATUS_RANK[c.status], -c.score)
    )
    for alt in alternatives:
        if len(ranked) >= max(room, MIN_HYPOTHESES):
            break
        ranked.append(alt)
    ranked.sort(key=_rank)
    for cand in ranked:
        cand.supporting = [
            {"title": s.title, "rule_id": s.key, "evidence": list(dict.fromkeys(s.cites))}
            for s in judged
            if s.supports == cand.key
        ]

    gaps = evidence_gaps(bundle, outcome)
    dismissed = [
        {"title": c.title, "reason": c.verdict, "rule_id": c.finding.rule_id if c.finding else c.key}
        for c in ranked
        if c.status is HypothesisStatus.DISMISSED
    ]
    best = next((c for c in ranked if c.status is HypothesisStatus.CONFIRMED), None)
    if best is None and (own := _own_error(ctx, ranked)) is not None:
        ranked = [own, *ranked][:MAX_HYPOTHESES]
        best = own
    if best is None:
        root = _unknown_root_cause(ctx, gaps, dismissed)
    else:
        confidence, why = _confidence(best, ranked, gaps)
        transience = best.transience
        if ctx.history.resolved_on_retry and transience is Transience.PERMANENT:
            transience = Transience.INTERMITTENT
        measured = best.finding.measured if best.finding else ()
        root = RootCause(
            title=best.title,
            summary=best.description,
            confidence=confidence,
            justification=(
                f"Confidence {confidence}% is this hypothesis's likelihood ({best.score}%, how well it alone "
                f"fits the evidence) weighed against the whole picture: {'; '.join(why)}."
            ),
            category=best.category,
            transience=transience,
            evidence=list(dict.fromkeys([*(cite for cite, _ in measured), *best.cites])),
            facts=[{"cite": cite, "text": text} for cite, text in measured],
            dismissed=dismissed,
            evidence_gaps=gaps,
            rule_id=best.finding.rule_id if best.finding else best.key,
        )
    return InvestigationResult(
        pipeline_type=bundle.pipeline_type,
        hypotheses=[c.to_hypothesis() for c in ranked],
        root_cause=root,
        remediation=_remediation(best, bundle, ctx.error),
        signals=list(bundle.signals),
        engine="deterministic",
        notes=list(outcome.notes),
    )
