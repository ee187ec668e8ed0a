"""A limit that was hit: config, infra or data by what the log shows of the work (the guide's tie-break).

A timeout, a memory cap, a pool or a session lifetime ends a task the same way whether the limit
was set too tight for normal work (``config``: raise the setting), a dependency stopped answering or
a node died (``infra``: the limit only noticed), or the input grew (``data``: the volume rules read
that and explain this rule away). ``knowledge/limits.toml`` says, for each known limit message,
which setting was hit and where it lives; :func:`read_work` says what the task was doing when it
ran out: still reporting progress, blocked reading a reply (a socket frame under the limit's
traceback, or a call-out as its last line), or on a node that was lost.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.knowledge import catalog, classify
from airflow_pipeline_debugger.heuristics.message import is_exception_line, payload, quote_error
from airflow_pipeline_debugger.heuristics.terminal import (
    TerminalBlock,
    failing_node,
    is_chatter,
    is_relayed,
    is_streamed,
    level_of,
    read_error,
    terminal_blocks,
    text_frames,
)

#: Lines after the terminal error line still read as its message (a wrapped or continued message).
AFTER_ANCHOR = 8
#: Lines before the error group read for what the task was doing.
WORK_LINES = 12
#: Progress lines of one kind, each with its own count, that show the work was moving when the limit
#: ran out.
MIN_PROGRESS = 2
#: Levels of lines that report a problem rather than the work.
_PROBLEM_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL", "FATAL"})
#: Characters of one line searched (a megabyte-long line is not scanned whole).
MAX_LINE_CHARS = 4000

_DIGITS_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class Limit:
    """One limit a message means: the setting, where it lives and whether waiting counts against it."""

    message: str
    pattern: re.Pattern[str]
    setting: str
    where: str
    measure: str
    waits: bool
    source: str
    meaning: str
    value: re.Pattern[str] | None = None
    #: The immediate fix when it is not "raise the setting" (a switch such as a keep-alive).
    fix: str = ""
    #: The lasting change when it is not "size the setting from measurements".
    change: str = ""
    #: Appended to the value the message prints (``s``, ``ms``).
    unit: str = ""


@dataclass(frozen=True)
class Knowledge:
    """``limits.toml`` compiled: the limits and the patterns that read the work before one."""

    limits: tuple[Limit, ...]
    waiting_frames: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    delegated_frames: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    handler_frames: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    call_out: re.Pattern[str]
    progress: re.Pattern[str]
    node_loss: tuple[re.Pattern[str], ...]
    node_loss_source: str


def _frames(raw: Any) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((re.compile(str(path)), re.compile(str(func))) for path, func in raw)


@functools.cache
def knowledge() -> Knowledge:
    """The limits table, each entry joined to its message's pattern (a missing id fails at load)."""
    raw = tomllib.loads(
        resources.files("airflow_pipeline_debugger.heuristics.knowledge")
        .joinpath("limits.toml")
        .read_text(encoding="utf-8")
    )
    messages = {prior.code: (pattern, prior) for pattern, prior in catalog().messages}
    limits = []
    for entry in raw["limit"]:
        pattern, prior = messages[str(entry["message"])]
        limits.append(
            Limit(
                message=prior.code,
                pattern=pattern,
                setting=str(entry["setting"]),
                where=str(entry["where"]),
                measure=str(entry["measure"]),
                waits=bool(entry["waits"]),
                source=str(entry["source"]),
                meaning=prior.meaning,
                value=re.compile(str(entry["value"])) if entry.get("value") else None,
                fix=str(entry.get("fix") or ""),
                change=str(entry.get("change") or ""),
                unit=str(entry.get("unit") or ""),
            )
        )
    work = raw["work"]
    return Knowledge(
        limits=tuple(limits),
        waiting_frames=_frames(work["waiting_frames"]),
        delegated_frames=_frames(work["delegated_frames"]),
        handler_frames=_frames(work["handler_frames"]),
        call_out=re.compile(str(work["call_out"])),
        progress=re.compile(str(work["progress"])),
        node_loss=tuple(re.compile(str(p)) for p in work["node_loss"]),
        node_loss_source=str(work["node_loss_source"]),
    )


# --------------------------------------------------------------------------- what the task was doing


@dataclass(frozen=True)
class WorkReading:
    """What the log shows of the work when a limit ran out (each field the line that shows it)."""

    #: The frame the task was blocked in, waiting for a peer's reply (``socket.py:717 in readinto``).
    waiting_frame: str = ""
    #: The call-out the task logged last, with no progress after it.
    call_out: LogLine | None = None
    #: Progress lines right before the limit (the work was moving).
    progress: tuple[LogLine, ...] = ()
    #: A line recording the node or pod under the task lost.
    node_lost: LogLine | None = None

    @property
    def hung(self) -> bool:
        """A dependency stopped answering: blocked on a reply, or a call-out with nothing after it."""
        return bool(self.waiting_frame) or self.call_out is not None


def _loud(line: LogLine) -> bool:
    return not is_chatter(line.text) or is_relayed(line.text)


#: A frame as ``(file, line, function)``, outermost first (``python_exception.traceback_frames``).
Frame = tuple[str, str, str]


def _in(table: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...], path: str, func: str) -> bool:
    return any(p.search(path) and f.search(func) for p, f in table)


def waiting_frame(frames: Sequence[Frame]) -> str:
    """The deepest frame above the limit's handler, when it is one that blocks on a peer's reply.

    Not when a frame above it waits on a peer doing the task's own work (its child process, the
    Spark JVM behind py4j): that wait is the work running, not a dependency that stopped answering.
    """
    know = knowledge()
    for at in range(len(frames) - 1, -1, -1):
        path, line, func = frames[at]
        if _in(know.handler_frames, path, func):
            continue
        if not _in(know.waiting_frames, path, func):
            return ""
        if any(_in(know.delegated_frames, outer, fn) for outer, _, fn in frames[:at]):
            return ""
        return f"{'/'.join(path.split('/')[-2:])}:{line} in {func}"
    return ""


def advancing(lines: Sequence[LogLine]) -> tuple[LogLine, ...]:
    """The progress lines among ``lines`` that show a count advancing, in log order.

    Progress is one kind of line reported again with a new count (``Processed batch 12/40``, then
    ``13/40``): the same text up to the count, numbers aside. Counts of different things (``Found 12
    files``, ``Loaded 3 tables from config``) are an inventory taken once, not work moving.
    """
    kinds: dict[str, list[tuple[LogLine, str]]] = {}
    for ln in lines:
        text = ln.text[:MAX_LINE_CHARS]
        if m := knowledge().progress.search(text):
            kinds.setdefault(_DIGITS_RE.sub("#", text[: m.end()]), []).append((ln, m.group()))
    moving = [
        ln for kind in kinds.values() if len({count for _, count in kind}) >= MIN_PROGRESS for ln, _ in kind
    ]
    return tuple(sorted(moving, key=lambda ln: ln.line_no))


def read_work(block: TerminalBlock, frames: Sequence[Frame], *, waits: bool, until: int) -> WorkReading:
    """What the task was doing when a limit ran out: the frames it was in and the lines before the error.

    ``frames`` are those of the traceback the limit raised; the work lines are the last
    :data:`WORK_LINES` before the error group. A waiting frame, a call-out or a lost node counts only
    for a limit whose clock runs while the task waits (``waits``): a database cancelling its own
    statement was working, not waiting, and a byte or slot cap does not care which node asked. A
    node lost counts only before the limit's line ``until``: one lost after it did not cause it.
    """
    know = knowledge()
    # Lines reporting a problem (a warning the task retried, an error it survived) are neither the
    # work's progress nor its last call-out.
    # The block starts with the child's output relayed just before the error group: work lines too.
    relayed = list(itertools.takewhile(lambda ln: is_relayed(ln.text), block.lines))
    work = [*block.before, *relayed][-WORK_LINES:]
    recent = [ln for ln in work if level_of(ln.text) not in _PROBLEM_LEVELS]
    progress = advancing(recent)
    # A read that kept delivering is not a hang: progress up to the limit, or a child's output still
    # being relayed (an operator streaming a pod's log blocks in a socket read while the pod works).
    moving = len(progress) >= MIN_PROGRESS or any(is_streamed(ln.text) for ln in recent[-3:])
    frame = waiting_frame(frames) if waits and not moving else ""
    last_progress = progress[-1].line_no if progress else 0
    # The call-out must be the last thing the task logged: a line after it shows the call returned.
    last = recent[-1] if recent else None
    call_out = (
        last
        if last is not None
        and last.line_no > last_progress
        and know.call_out.search(last.text[:MAX_LINE_CHARS])
        else None
    )
    lost = next(
        (
            ln
            for ln in (*block.before, *block.lines)
            if ln.line_no < until
            and _loud(ln)
            and any(p.search(ln.text[:MAX_LINE_CHARS]) for p in know.node_loss)
        ),
        None,
    )
    return WorkReading(
        waiting_frame=frame,
        call_out=call_out if waits else None,
        progress=progress if len(progress) >= MIN_PROGRESS and call_out is None else (),
        node_lost=lost if waits else None,
    )


def block_of(bundle: EvidenceBundle, line: LogLine) -> TerminalBlock | None:
    """The terminal block ``line`` is among (its traceback and the lines before it), if any."""
    return next(
        (
            b
            for b in terminal_blocks(bundle)
            if b.evidence_id == line.evidence_id and (line in b.lines or line in b.before)
        ),
        None,
    )


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class _Hit:
    limit: Limit
    line: LogLine
    said: str
    block: TerminalBlock


def _terminal_limit(bundle: EvidenceBundle) -> _Hit | None:
    """The known limit the task died of: named in its terminal error, not in chatter or a warning.

    The terminal error is the block's error group, plus the child's output Airflow relayed right
    before it: a wrapper such as ``AirflowException: Bash command failed`` only reports what the
    child printed.
    """
    know = knowledge()
    for block in reversed(terminal_blocks(bundle)):
        end = block.anchor.line_no + AFTER_ANCHOR if block.anchor else block.lines[-1].line_no
        relayed: list[LogLine] = []
        for line in reversed(block.before[-WORK_LINES:]):
            if not is_relayed(line.text):
                break
            relayed.insert(0, line)
        lines = (*relayed, *block.lines)
        for at in range(len(lines) - 1, -1, -1):
            line = lines[at]
            text = line.text[:MAX_LINE_CHARS]
            if line.line_no > end or not _loud(line) or level_of(text) == "WARNING":
                continue  # chatter, or a warning the task went on from, is not what it died of
            for limit in know.limits:
                if limit.pattern.search(text):
                    if _raised_after(lines[at + 1 :], end, limit):
                        return None  # the task died of a later exception, not of this limit
                    return _Hit(limit, line, read_error(lines, at)[1], block)
    return None


def _raised_after(lines: Sequence[LogLine], end: int, limit: Limit) -> bool:
    """Whether an exception other than the limit's own is raised in ``lines`` (up to line ``end``).

    A limit logged and caught, then another exception the task died of (a ``KeyError`` on the empty
    result the timeout left), is not the terminal error; a ``Caused by:`` deeper in a JVM trace is, and
    so is a wrapper that only re-raises the failure (the knowledge tables' ``wrapper`` types).
    """
    for line in lines:
        if line.line_no > end:
            break
        said = payload(line.text).strip().removeprefix("Caused by:").strip()
        if not is_exception_line(said) or limit.pattern.search(said):
            continue
        types = [m.prior for m in classify([said]) if m.prior.kind in ("python", "jvm")]
        if not (types and all(prior.wrapper for prior in types)):
            return True  # a wrapper re-raising the failure (AirflowException, DbtDatabaseError) is not
    return False


def _value(limit: Limit, said: str) -> tuple[str, str]:
    """The limit's value as the message prints it, and the setting (the one the message names, if any)."""
    m = limit.value.search(said) if limit.value else None
    if m is None:
        return "", limit.setting
    named = m.groupdict().get("setting")
    return f"{m.group('value')}{limit.unit}", named or limit.setting


class LimitHit(Heuristic):
    """A configured limit ended the task: config when the work was normal, infra on a hang or lost node."""

    id = "generic.limit_hit"
    title = "A configured limit was hit"
    #: The same message ends normal work under a tight limit and work stuck on a dependency.
    max_confidence = 65
    supersedes = (
        "generic.error_code",
        "generic.python_exception",
        "generic.network_timeout",
        "generic.auth_failed",
        "airflow.command_failed",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Name the setting and its value, and decide where the fix goes from the work before it."""
        hit = _terminal_limit(bundle)
        if hit is None:
            return None
        value, setting = _value(hit.limit, hit.said)
        limit = dataclasses.replace(hit.limit, setting=setting)
        named = f"{limit.setting} ({value})" if value else limit.setting
        upto = [ln for ln in hit.block.lines if ln.line_no <= hit.line.line_no]
        work = read_work(hit.block, text_frames(upto), waits=limit.waits, until=hit.line.line_no)
        node = failing_node(hit.block, hit.line)
        quoted = quote_error(hit.said, 220)
        ended = f"The task ended{f' in {node}' if node else ''} at {named} ({quoted})"
        common: dict[str, Any] = {
            "severity": Severity.SEVERE,
            "details": [
                ("limit", named),
                ("set in", limit.where),
                ("defined by", limit.source),
            ],
            "monitoring": f"Track the task's {limit.measure} against {limit.setting}; alert at 80 % of it.",
        }
        if work.node_lost is not None:
            return self.finding(
                title=f"The node under the task was lost before {limit.setting} ran out",
                category=Category.INFRA,
                transience=Transience.TRANSIENT,
                likelihood=70,
                summary=sentence(
                    f"{ended}, after {work.node_lost.cite()} recorded a node "
                    f"or pod lost ({quote_error(work.node_lost.text, 160)}): the platform failed under the "
                    "work and the limit only noticed"
                ),
                lines=[hit.line, work.node_lost],
                immediate_fix="Clear the task once the cluster is healthy again; the limit is not the cause.",
                change=(
                    "Give the task retries; run it on on-demand capacity if spot or preemptible "
                    "nodes are reclaimed."
                ),
                prevention="Alert on node loss and preemption in the cluster the task runs on.",
                counter_evidence=(
                    f"If this repeats on healthy nodes, {limit.setting} is too tight for the work."
                ),
                **{
                    **common,
                    "details": [*common["details"], ("node loss known from", knowledge().node_loss_source)],
                },
            )
        if work.hung:
            called = quote_error(work.call_out.text, 160) if work.call_out else ""
            waited = (
                f"blocked in {work.waiting_frame}, waiting for a reply"
                if work.waiting_frame
                else f"its last line a call out ({called}) with no progress after it"
            )
            cited = [hit.line, *([work.call_out] if work.call_out else [])]
            return self.finding(
                title=f"A dependency stopped answering; {limit.setting} ran out while the task waited",
                category=Category.INFRA,
                transience=Transience.INTERMITTENT,
                likelihood=74 if work.waiting_frame else 66,
                summary=sentence(
                    f"{ended} {waited}: what it called did not answer, so "
                    "the limit ended a hang rather than work that needed more time"
                ),
                lines=cited,
                immediate_fix=(
                    "Check the system the task was waiting on (its status, locks, queue), then clear "
                    "the task."
                ),
                change=(
                    f"Give that call its own connect and read timeouts, well under {limit.setting}, with "
                    "retries and backoff, so a hang fails fast and is retried."
                ),
                prevention=f"Alert on the dependency's latency; keep {limit.setting} as the backstop.",
                counter_evidence=(
                    f"A reply that was coming, only slowly, would make {limit.setting} too tight instead."
                ),
                **common,
            )
        if work.progress:
            last = work.progress[-1]
            title = f"{named} is too tight for work that was still progressing: {limit.meaning}"
            reading = (
                f" while the work was still moving ({last.cite()}: {quote_error(last.text, 120)}). "
                "A limit hit by normal work is set too tight"
            )
        else:
            title = f"A limit was hit ({named}): {limit.meaning}"
            reading = (
                ". Nothing in the log shows a hang, a lost node or a grown input, so the likeliest "
                "reading is a limit set too tight for the work"
            )
        return self.finding(
            title=title[:220],
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=70 if work.progress else 68,
            summary=sentence(f"{ended}{reading}: {limit.setting} is set in {limit.where}"),
            lines=[hit.line, *work.progress[-2:]],
            immediate_fix=limit.fix
            or (
                f"Raise {limit.setting}{f' above {value}' if value else ''} for this run (it is set in "
                f"{limit.where}), then clear the task."
            ),
            change=limit.change
            or (
                f"Set {limit.setting} from the measured {limit.measure} (p95 plus a margin), or split the "
                "work so it stays well under the limit."
            ),
            prevention=f"Alert when the task's {limit.measure} approaches {limit.setting}.",
            counter_evidence=(
                ""
                if work.progress
                else "The log does not show whether the work was progressing (a limit too tight) or waiting "
                "on a dependency that hung (infra), or whether the input grew (data)."
            ),
            **common,
        )
