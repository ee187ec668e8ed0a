"""The Slack message of an investigation, as Block Kit JSON plus a plain-text fallback.

One pure function, :func:`build_message`, renders every message the provider sends: the worker-side
failure notice, the runner's "investigating…" placeholder, the finished alert (the parent message of
its incident), the threaded reply that lists repeats, and the pointer a placeholder becomes when its
failure joined an incident. Keeping all layout here means the golden files in
``tests/fixtures/slack/`` pin exactly what reaches a channel.

Everything that came from a log, a task or a model is untrusted: it is redacted again
(``evidence.redact``), then escaped for Slack mrkdwn (``&``, ``<``, ``>``, so a log line can neither
ping ``<!channel>`` nor forge a link), and cut to Slack's limits *after* escaping so that an entity
is never split. Only the mentions configured by the operator are emitted as real Slack mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import quote

from airflow_pipeline_debugger.domain import Category, InvestigationResult, JSONDict, TaskKey, Transience
from airflow_pipeline_debugger.evidence.redact import redact

# Slack's documented limits (Block Kit reference): header text 150, section text 3000, a section
# field 2000, ten fields, fifty blocks, a button label 75 and its URL 3000. The top-level ``text``
# is truncated by Slack past 40 000 characters; it is a notification preview, so keep it short.
MAX_HEADER_CHARS = 150
MAX_SECTION_CHARS = 3000
MAX_FIELD_CHARS = 2000
MAX_BLOCKS = 50
MAX_CONTEXT_ELEMENTS = 10
MAX_URL_CHARS = 3000
MAX_FALLBACK_CHARS = 3000
#: The short real error shown in the alert (the full log is one click away).
MAX_ERROR_CHARS = 280
MAX_ERROR_LINES = 4
MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 1200
MAX_FIX_CHARS = 1200
#: Code blocks of the immediate fix shown, and the characters of each (the section holds 3000).
MAX_FIX_BLOCKS = 2
MAX_FIX_CODE_CHARS = 700
#: Mentions and escalation steps shown (a routing line must fit one 3000-character element).
MAX_MENTIONS = 20
MAX_MENTION_CHARS = 80
MAX_ESCALATIONS = 5
MAX_ESCALATION_CHARS = 120
#: Repeats listed by name in one threaded reply; the rest are counted.
MAX_LISTED_REPEATS = 20
#: Cited evidence lines shown under the root cause (the rest are in the Investigation tab).
MAX_EVIDENCE_LINES = 3
MAX_EVIDENCE_LINE_CHARS = 240

ELLIPSIS = "…"
#: Characters redacted beyond what is shown (longer than any secret the patterns recognise).
REDACT_MARGIN = 2000
TAB_ROUTE = "investigation"

_CATEGORY_EMOJI: dict[Category, str] = {
    Category.DATA: ":card_file_box:",
    Category.CODE: ":bug:",
    Category.CONFIG: ":gear:",
    Category.INFRA: ":construction:",
    Category.UNKNOWN: ":grey_question:",
}
_TRANSIENCE_TEXT: dict[Transience, str] = {
    Transience.TRANSIENT: "transient: a retry is likely to succeed",
    Transience.INTERMITTENT: "intermittent: may recur",
    Transience.PERMANENT: "permanent: a retry will not help",
    Transience.UNKNOWN: "whether a retry helps is unknown",
}
# Configured mentions that are real Slack mention syntax; anything else is shown as plain text.
_USER_ID = re.compile(r"^@?([UW][A-Z0-9]{6,})$")
_GROUP_ID = re.compile(r"^(?:subteam\^|@)?(S[A-Z0-9]{6,})$")
_SPECIAL = {"@here": "<!here>", "@channel": "<!channel>", "here": "<!here>", "channel": "<!channel>"}
_FENCE = "```"
_FENCE_BROKEN = "`\u200b`\u200b`"


class MessageKind(StrEnum):
    """Which message is being built (see the module docstring)."""

    NOTICE = "notice"
    INVESTIGATING = "investigating"
    ALERT = "alert"
    THREAD = "thread"
    GROUPED = "grouped"


@dataclass(frozen=True)
class TaskRef:
    """One failed try and where its Investigation tab is."""

    key: TaskKey
    max_tries: int = 0
    link: str = ""
    #: The investigation the Helpful / Wrong / Re-run buttons act on (none without it).
    investigation_id: str = ""


@dataclass(frozen=True)
class EvidenceLine:
    """One log line the root cause cites: its citation (``E1:L42``) and the line's text."""

    cite: str
    text: str


@dataclass(frozen=True)
class SeenBefore:
    """Earlier investigations with the same fingerprint (the "seen before" line)."""

    count: int
    days: int
    last_at: datetime | None = None
    last_run_id: str = ""


@dataclass(frozen=True)
class IncidentSummary:
    """The incident an alert stands for: how many failures it groups and since when.

    ``suppressed`` counts failures that were not posted (webhook mode cannot thread), reported in
    the next message of the same incident key.
    """

    occurrences: int
    tasks: int
    dags: int
    first_at: datetime
    scope: str = "task"
    suppressed: int = 0
    #: Bot-token mode threads the repeats under the parent; webhook mode cannot.
    threaded: bool = True


@dataclass(frozen=True)
class AlertInput:
    """Everything one message shows; built by ``dispatch`` (runner) or the worker notifier."""

    kind: MessageKind
    task: TaskRef
    error: str = ""
    result: InvestigationResult | None = None
    #: Investigation status (``succeeded``, ``failed``, ``interrupted`` …); empty in the worker.
    status: str = ""
    status_detail: str = ""
    seen_before: SeenBefore | None = None
    incident: IncidentSummary | None = None
    mentions: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    repeats: tuple[TaskRef, ...] = ()
    #: Repeats counted but not listed in ``repeats`` (the thread reply shows "and N more").
    unlisted_repeats: int = 0
    #: The cited lines behind the root cause, as stored with the investigation's evidence.
    evidence: tuple[EvidenceLine, ...] = ()


@dataclass(frozen=True)
class SlackMessage:
    """A rendered message: the fallback ``text`` and the ``blocks``."""

    text: str
    blocks: list[JSONDict] = field(default_factory=list)

    def payload(self) -> JSONDict:
        """The JSON body shared by ``chat.postMessage``, ``chat.update`` and incoming webhooks."""
        return {"text": self.text, "blocks": self.blocks}


# --------------------------------------------------------------------------- text helpers


def escape(text: str) -> str:
    """Escape Slack's three mrkdwn control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped_len(ch: str) -> int:
    return {"&": 5, "<": 4, ">": 4}.get(ch, 1)


def _redacted_prefix(text: str, limit: int) -> str:
    """Redact only what can be shown, plus a margin.

    A secret that straddles the final cut is still seen whole by the redactor, and a megabyte of
    log costs microseconds instead of a full redaction pass.
    """
    text = text or ""
    return redact(text[: limit * 2 + REDACT_MARGIN] if len(text) > limit * 2 + REDACT_MARGIN else text)


def clean(text: str, limit: int) -> str:
    """Redact, escape and cut to ``limit`` characters of escaped output (never inside an entity)."""
    raw = _redacted_prefix(text, limit)
    if sum(_escaped_len(c) for c in raw) <= limit:
        return escape(raw)
    budget = limit - len(ELLIPSIS)
    used = 0
    cut = 0
    for i, ch in enumerate(raw):
        width = _escaped_len(ch)
        if used + width > budget:
            cut = i
            break
        used += width
    return escape(raw[:cut].rstrip()) + ELLIPSIS


def _plain(text: str, limit: int) -> str:
    """Redacted plain text (header, button) cut to ``limit``; Slack shows plain_text literally."""
    raw = " ".join(_redacted_prefix(text, limit).split())
    return raw if len(raw) <= limit else raw[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def short_error(error: str) -> str:
    """The first lines of the error, at most ``MAX_ERROR_CHARS`` raw characters, redacted."""
    head = _redacted_prefix(error.strip() if error else "", MAX_ERROR_CHARS)
    lines = [line.rstrip() for line in head.splitlines() if line.strip()]
    text = "\n".join(lines[:MAX_ERROR_LINES])
    if len(lines) > MAX_ERROR_LINES or len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - len(ELLIPSIS)].rstrip() + ELLIPSIS
    return text


def _code(text: str, limit: int) -> str:
    """A fenced code block whose content cannot close the fence early."""
    body = clean(text, limit - 2 * len(_FENCE) - 2 - len(_FENCE_BROKEN) * 4)
    return f"{_FENCE}\n{body.replace(_FENCE, _FENCE_BROKEN)}\n{_FENCE}"


def _inline(text: str, limit: int) -> str:
    """Inline code for identifiers (backticks inside would end it, so they are dropped)."""
    return "`" + clean(text.replace("`", "'"), limit - 2) + "`"


def _date(moment: datetime) -> str:
    """Slack date token: each reader sees their own time zone, the fallback is UTC."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC)
    fallback = utc.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(utc.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def format_mention(mention: str) -> str:
    """A configured mention as Slack syntax: user/group ids ping, names are shown as text."""
    m = mention.strip()
    if not m:
        return ""
    if m in _SPECIAL:
        return _SPECIAL[m]
    if user := _USER_ID.match(m):
        return f"<@{user.group(1)}>"
    if group := _GROUP_ID.match(m):
        return f"<!subteam^{group.group(1)}>"
    return escape(m if m.startswith(("@", "#")) else f"@{m}")


def tab_url(
    base_url: str, *, dag_id: str, run_id: str, task_id: str, map_index: int = -1, route: str = TAB_ROUTE
) -> str:
    """The Investigation tab of a task instance in the Airflow 3 UI.

    Routes as in the UI bundle: ``dags/:dagId/runs/:runId/tasks/:taskId[/mapped/:mapIndex]`` and a
    plugin tab at ``plugin/<url_route>`` under it. Ids are percent-encoded (run ids hold ``:``/``+``).
    """
    base = base_url.rstrip("/")
    mapped = f"/mapped/{map_index}" if map_index >= 0 else ""
    parts = (quote(dag_id, safe=""), quote(run_id, safe=""), quote(task_id, safe=""))
    return f"{base}/dags/{parts[0]}/runs/{parts[1]}/tasks/{parts[2]}{mapped}/plugin/{route}"


# --------------------------------------------------------------------------- blocks


def _section(text: str, block_id: str) -> JSONDict:
    return {"type": "section", "block_id": block_id, "text": {"type": "mrkdwn", "text": text}}


def _context(elements: Sequence[str], block_id: str) -> JSONDict:
    return {
        "type": "context",
        "block_id": block_id,
        "elements": [{"type": "mrkdwn", "text": e} for e in elements[:MAX_CONTEXT_ELEMENTS]],
    }


def _task_label(task: TaskRef) -> str:
    return f"{task.key.task_id}[{task.key.map_index}]" if task.key.map_index >= 0 else task.key.task_id


def _try_label(task: TaskRef) -> str:
    if task.max_tries > 0 and task.key.try_number > 0:
        return f"{task.key.try_number} of {task.max_tries + 1}"
    return str(task.key.try_number) if task.key.try_number > 0 else "n/a"


def _header(alert: AlertInput) -> JSONDict:
    task = alert.task
    result = alert.result
    if alert.kind is MessageKind.ALERT and result is not None:
        emoji = _CATEGORY_EMOJI[result.category]
        text = f"{emoji} {task.key.dag_id}.{_task_label(task)}: {result.root_cause.title}"
    elif alert.kind is MessageKind.INVESTIGATING:
        text = f":mag: Investigating {task.key.dag_id}.{_task_label(task)}"
    else:
        text = f":red_circle: {task.key.dag_id}.{_task_label(task)} failed"
    return {
        "type": "header",
        "block_id": "header",
        "text": {"type": "plain_text", "text": _plain(text, MAX_HEADER_CHARS), "emoji": True},
    }


def _fields(task: TaskRef) -> JSONDict:
    per_field = MAX_FIELD_CHARS - 20
    return {
        "type": "section",
        "block_id": "task",
        "fields": [
            {"type": "mrkdwn", "text": f"*DAG*\n{_inline(task.key.dag_id, per_field)}"},
            {"type": "mrkdwn", "text": f"*Task*\n{_inline(_task_label(task), per_field)}"},
            {"type": "mrkdwn", "text": f"*Run*\n{_inline(task.key.run_id, per_field)}"},
            {"type": "mrkdwn", "text": f"*Try*\n{_try_label(task)}"},
        ],
    }


#: What an investigation that stored no result went through, in words an on-call reader needs no
#: glossary for (the stored status is a state-machine value).
_ENDED_WITHOUT_RESULT = {"failed": "could not finish", "interrupted": "was stopped before it finished"}


def _root_cause_blocks(alert: AlertInput) -> list[JSONDict]:
    result = alert.result
    if result is None:
        if alert.kind is MessageKind.ALERT:
            detail = clean(alert.status_detail or "no result was stored", 1000)
            ended = _ENDED_WITHOUT_RESULT.get(alert.status, "ended without a result")
            return [
                _section(
                    f"*Root cause*\nNot found: the investigation {ended} ({detail}). Open the "
                    "Investigation tab for the evidence collected so far, and re-run it from there.",
                    "root_cause",
                )
            ]
        return [
            _section(
                "*Root cause*\nInvestigation in progress: the evidence, the root cause and the fix "
                "will appear in the Investigation tab.",
                "root_cause",
            )
        ]
    rc = result.root_cause
    meta = (
        f"{rc.confidence}% confidence · {_CATEGORY_EMOJI[rc.category]} {rc.category.value} · "
        f"{_TRANSIENCE_TEXT[rc.transience]}"
    )
    title = clean(rc.title, MAX_TITLE_CHARS)
    summary = clean(rc.summary, MAX_SUMMARY_CHARS) if rc.summary and rc.summary != rc.title else ""
    reused = " _(reused from an earlier investigation of the same failure)_" if result.reused_from else ""
    text = f"*Root cause* ({meta}){reused}\n*{title}*" + (f"\n{summary}" if summary else "")
    blocks = [_section(text, "root_cause")]
    # The strongest evidence first: the measured facts the root cause rests on, then its cited lines.
    facts = tuple(EvidenceLine(str(f.get("cite", "")), str(f.get("text", ""))) for f in rc.facts)
    if facts or alert.evidence:
        blocks.append(_evidence_block((*facts, *alert.evidence)))
    fix = _fix_text(result)
    if fix:
        blocks.append(_section(f"*Immediate fix*\n{fix}", "fix"))
    return blocks


def _fix_text(result: InvestigationResult) -> str:
    """The immediate fix's prose, then each of its code blocks fenced, labelled when it re-runs work."""
    rem = result.remediation
    parts = [clean(rem.immediate_fix, MAX_FIX_CHARS)] if rem.immediate_fix else []
    for block in rem.immediate_fix_code[:MAX_FIX_BLOCKS]:
        label = "_Re-runs work or changes state:_\n" if block.changes_state else ""
        parts.append(label + _code(block.code, MAX_FIX_CODE_CHARS))
    return "\n".join(parts)


def _evidence_block(lines: Sequence[EvidenceLine]) -> JSONDict:
    """The first cited lines (measured facts first) as ``E1:L42  text`` in a code block.

    Each row is redacted, escaped and cut on its own (``clean``), so one huge line cannot push the
    others out and three rows always fit one section.
    """
    shown = lines[:MAX_EVIDENCE_LINES]
    rows = [
        clean(f"{line.cite[:24]}  {' '.join(line.text.split())}", MAX_EVIDENCE_LINE_CHARS).replace(
            _FENCE, _FENCE_BROKEN
        )
        for line in shown
    ]
    more = len(lines) - len(shown)
    tail = (
        f"\n_+{more} more cited line{'s' if more != 1 else ''} in the Investigation tab_" if more > 0 else ""
    )
    return _section(f"*Evidence*\n{_FENCE}\n" + "\n".join(rows) + f"\n{_FENCE}{tail}", "evidence")


def _history(alert: AlertInput) -> list[str]:
    seen = alert.seen_before
    if seen is None:
        return []
    if seen.count <= 0:
        return [f":new: First time this failure is seen in the last {seen.days} days."]
    times = "once" if seen.count == 1 else f"{seen.count} times"
    last = f", last {_date(seen.last_at)}" if seen.last_at else ""
    run = f" (run {_inline(seen.last_run_id, 300)})" if seen.last_run_id else ""
    return [f":repeat: Seen before: {times} in the last {seen.days} days{last}{run}."]


def _incident(alert: AlertInput, *, in_thread: bool = False) -> list[str]:
    inc = alert.incident
    if inc is None:
        return []
    out: list[str] = []
    if inc.occurrences > 1:
        spread = f" across {inc.tasks} tasks" if inc.tasks > 1 else ""
        spread += f" in {inc.dags} DAGs" if inc.dags > 1 else ""
        where = " (listed in the thread)" if inc.threaded and not in_thread else ""
        out.append(
            f":rotating_light: {inc.occurrences} failures with this cause{spread} since "
            f"{_date(inc.first_at)}{where}."
        )
    if inc.suppressed > 0:
        out.append(
            f":mute: {inc.suppressed} similar failure(s) were grouped without a message since the "
            "previous alert of this kind."
        )
    return out


def _routing(alert: AlertInput) -> list[str]:
    """Mentions and escalation, bounded so the line always fits one context element."""
    out: list[str] = []
    mentions = [m for m in (format_mention(x[:MAX_MENTION_CHARS]) for x in alert.mentions) if m]
    if mentions:
        extra = len(mentions) - MAX_MENTIONS
        out.append("cc " + " ".join(mentions[:MAX_MENTIONS]) + (f" and {extra} more" if extra > 0 else ""))
    if alert.escalation:
        steps = [clean(e, MAX_ESCALATION_CHARS) for e in alert.escalation[:MAX_ESCALATIONS]]
        out.append("Escalate to: " + ", ".join(steps))
    return [" · ".join(out)] if out else []


#: The interactive buttons of an answered alert: action id -> label (the plugin's Slack endpoint
#: maps each action id to feedback or a re-run of the investigation named by the button's value).
FEEDBACK_ACTIONS = {
    "pd_feedback_up": "Helpful",
    "pd_feedback_down": "Wrong",
    "pd_rerun": "Re-run",
}


def _button(task: TaskRef, *, feedback: bool = False) -> list[JSONDict]:
    elements: list[JSONDict] = []
    if task.link and len(task.link) <= MAX_URL_CHARS:
        elements.append(
            {
                "type": "button",
                "action_id": "open_investigation",
                "text": {"type": "plain_text", "text": "Open investigation", "emoji": True},
                "url": task.link,
                "style": "primary",
            }
        )
    if feedback and task.investigation_id:
        elements.extend(
            {
                "type": "button",
                "action_id": action_id,
                "text": {"type": "plain_text", "text": label, "emoji": True},
                "value": task.investigation_id,
            }
            for action_id, label in FEEDBACK_ACTIONS.items()
        )
    return [{"type": "actions", "block_id": "open", "elements": elements}] if elements else []


def _linkable(url: str) -> bool:
    """Whether a URL can sit inside ``<url|label>`` (no characters that would end the link)."""
    return bool(url) and len(url) <= 500 and not any(c in url for c in "<>| \n")


def _repeat_line(task: TaskRef) -> str:
    label = f"{task.key.dag_id}.{_task_label(task)}"
    link = f" · <{task.link}|investigation>" if _linkable(task.link) else ""
    return f"• {_inline(label, 300)} run {_inline(task.key.run_id, 300)} try {task.key.try_number}{link}"


def _thread_blocks(alert: AlertInput) -> tuple[list[JSONDict], str]:
    repeats = alert.repeats[:MAX_LISTED_REPEATS]
    more = alert.unlisted_repeats + len(alert.repeats) - len(repeats)
    count = len(repeats) + more
    head = f"*+{count} more failure{'s' if count != 1 else ''} with the same cause*"
    lines: list[str] = []
    used = len(head)
    for task in repeats:
        line = _repeat_line(task)
        if used + len(line) + 1 > MAX_SECTION_CHARS - 40:
            more += 1
            continue
        lines.append(line)
        used += len(line) + 1
    text = "\n".join([head, *lines] + ([f"…and {more} more"] if more else []))
    blocks = [_section(text, "repeats")]
    ctx = _incident(alert, in_thread=True)
    if ctx:
        blocks.append(_context(ctx, "incident"))
    fallback = f"+{count} more failure(s) with the same cause"
    return blocks, fallback


def _fallback(alert: AlertInput) -> str:
    task = alert.task
    where = f"{task.key.dag_id}.{_task_label(task)} (run {task.key.run_id}, try {task.key.try_number})"
    if alert.kind is MessageKind.INVESTIGATING:
        text = f"Investigating failure of {where}"
    elif alert.result is not None:
        rc = alert.result.root_cause
        text = f"[{rc.category.value}] {where} failed: {rc.title} ({rc.confidence}% confidence)"
    else:
        text = f"{where} failed: {short_error(alert.error) or 'no error message'}"
    if task.link:
        text += f" {task.link}"
    return clean(text, MAX_FALLBACK_CHARS)


def build_message(alert: AlertInput) -> SlackMessage:
    """Render one message (Block Kit + fallback text) within Slack's limits; pure."""
    if alert.kind is MessageKind.THREAD:
        thread, fallback = _thread_blocks(alert)
        return SlackMessage(text=clean(fallback, MAX_FALLBACK_CHARS), blocks=thread)
    if alert.kind is MessageKind.GROUPED:
        inc = alert.incident
        count = f" ({inc.occurrences} failures so far)" if inc else ""
        text = (
            f":link: {_inline(alert.task.key.dag_id + '.' + _task_label(alert.task), 600)} joined an "
            f"ongoing incident with the same cause{count}: see its thread."
        )
        return SlackMessage(
            text=clean(f"{alert.task.key.dag_id}.{alert.task.key.task_id} joined an ongoing incident", 500),
            blocks=[_section(text, "grouped"), *_button(alert.task)],
        )
    blocks: list[JSONDict] = [_header(alert), _fields(alert.task)]
    if alert.error:
        blocks.append(
            _section(f"*Error*\n{_code(short_error(alert.error), MAX_SECTION_CHARS - 20)}", "error")
        )
    if alert.kind is not MessageKind.INVESTIGATING:
        blocks.extend(_root_cause_blocks(alert))
    elif alert.status_detail:  # still investigating, but not as first posted (requeued)
        blocks.append(_section(f"*Status*\n{clean(alert.status_detail, 1000)}", "status"))
    context = _history(alert) + _incident(alert) + _routing(alert)
    if context:
        blocks.append(_context(context, "context"))
    blocks.extend(_button(alert.task, feedback=alert.result is not None))
    return SlackMessage(text=_fallback(alert), blocks=blocks[:MAX_BLOCKS])
