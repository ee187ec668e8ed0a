"""What an error line says: its message without the log's prefix, and the exception's short name.

Rules and the unknown answer quote the line a task died with. A raw log line spends its first
hundred characters on a timestamp, a logger, Spark's task wrapper and a class path (``09:49:50 WARN
TaskSetManager: Lost task 0.0 in stage 11.0 (TID 4) (host executor driver): org.apache.spark…
QueryExecutionException: …``), so a quote cut at a fixed width loses what the on-call engineer needs:
the column, table, test, status code or host, which sit at the end. :func:`error_message` drops the
prefix (also the ``b'…\\n'`` wrapping of a pod's or subprocess's output relayed by Airflow, and all
but the innermost ``Caused by:``), keeps the exception's short name apart, and :func:`shorten_middle`
cuts from the middle so the tail survives.

The input is capped and every pattern is anchored or bounded, so a hostile line costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters of a line read at most: its start (the prefix, the exception) and its end (the
#: identifiers); a longer middle is dropped before any pattern runs.
HEAD_CHARS = 4_000
TAIL_CHARS = 12_000
#: Length of a quoted message when the caller does not say.
QUOTE_CHARS = 400
#: Share of a middle cut's room kept from the end, where a message names its column, table or host.
TAIL_SHARE = 0.6
_ELLIPSIS = " … "
_DASH = " — "
#: Room kept for the rest of a message quoted after its response body's own message.
_FRAME_CHARS = 60
#: How far a middle cut looks for a word boundary before it cuts inside a word.
_BOUNDARY_SLACK = 24
#: Prefix layers peeled at most (timestamp, source, level, logger, relay wrapping, again inside it).
_MAX_LAYERS = 12

_CONTROL_RE = re.compile(r"\x1b\[[0-9;?]{0,32}[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
_PREFIX_RE = re.compile(
    r"\s*(?:"
    # Celery's worker format: ``[2021-09-07 16:28:32,919: ERROR/MainProcess]``
    r"\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?: [A-Z]{4,8}/[\w.\-]{1,64}\]"
    # 2024-01-15 10:00:00,123 / 2024-01-15T10:00:00.123456Z / [2020-11-13 19:34:02,846] / 24/01/15 10:00:00
    # / Airflow 2's [2022-02-24, 06:16:47 UTC]
    r"|\[?(?:\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{2,4})(?:[T ]|, )\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?"
    r"(?:Z|[+-]\d{2}:?\d{2}| ?UTC| [A-Z]{2,5}(?=\]))?\]?"
    r"|\[?\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\]?(?=\s)"  # dbt's and log4j's time of day
    r"|\{\{?[\w.\-]{1,120}:\d{1,7}\}\}?"  # Airflow's {taskinstance.py:1150}
    r"|\[(?:error|critical|warning|warn|info|debug)\s{0,12}\]"  # Airflow 3's [error    ]
    # dbt's log file names the thread in ten characters, cut or padded: ``[MainThread]:``,
    # ``[Thread-1 (]:``, ``[Thread-10 ]:``, ``[Dummy-1   ]:``
    r"|\[(?=[^\]\n]{10}\]:)(?:MainThread|(?:Thread|Dummy)-\d[^\]\n]{0,7})\]:"
    r"|-(?=\s)"  # the separator before Airflow's message
    r")"
)
#: docker compose's service column, only at the very start of a line (a colour code left a space):
#: ``worker_1  | ``, ``airflow-worker-1 | `` (a replica number) or a padded ``dependencies    | ``. A
#: table's ``order_id | amount``, ``1 |   10.0`` or text's ``a | b`` is not one.
_COMPOSE_RE = re.compile(r"\s?[A-Za-z][\w.\-]{0,63}(?:[_-]\d{1,4}\s{1,40}|\s{2,40})\|(?: |(?=\s)|$)")
_LEVEL_RE = re.compile(
    r"\s*\[?(?P<level>ERROR|CRITICAL|FATAL|SEVERE|WARN(?:ING)?|INFO|DEBUG|TRACE)\]?(?P<sep>\s+-\s+|:(?=\S)|\s+|$)"
)
#: A logger after a log4j level (``WARN TaskSetManager: ``) or Python's ``ERROR:root:`` format.
_LOGGER_RE = re.compile(
    r"(?:[A-Za-z_$][\w$\-]{0,100}\.){0,20}[A-Za-z_$][\w$\-]{0,100}:\s*|\[[\w.$\-]{1,100}\]\s+"
)
#: Relayed output of another process, as Airflow logs it: ``b'…\\n'`` or ``b"…\\n"``.
_RELAYED_RE = re.compile(r"\s*b(?P<q>['\"])(?P<body>.*)(?P=q)\s*", re.DOTALL)
_ESCAPES = (("\\n", " "), ("\\r", " "), ("\\t", " "), ("\\'", "'"), ('\\"', '"'), ("\\\\", "\\"))
#: ``Caused by: `` of a JVM trace: the innermost cause is what failed.
_CAUSED_BY = "Caused by: "
#: Spark's wrapper of a failed task: ``Lost task 0.3 in stage 11.0 (TID 4, host, executor 1): ``.
_LOST_TASK_RE = re.compile(
    r"Lost task [\d.]{1,20} in stage [\d.]{1,20} \([^()]{0,300}\)(?: \([^()]{0,300}\))?:\s*"
)
#: Hadoop's RPC wrapper of the server's exception: the class in parentheses is the one raised.
_REMOTE_RE = re.compile(r"(?:[\w$]{1,100}\.){0,20}RemoteException\((?P<name>[\w.$]{1,300})\):")
#: Airflow 3's structured error, rendered inline: ``error_detail=[{"exc_type":"X","exc_value":"…"``.
_ERROR_DETAIL_RE = re.compile(
    r'"exc_type"\s*:\s*"(?P<type>[\w.$]{1,200})"\s*,\s*"exc_value"\s*:\s*"(?P<value>(?:[^"\\]|\\.){0,8000})'
)
#: Airflow 3's JSON task log line as the log scanner renders it: the event, ``[logger]`` and its
#: fields, then `` | `` and the structured error (``FileNotFoundError: … at dags/x.py:73 in load``),
#: causes after `` <- ``. The error is the message; the fields and the frame are not.
_RENDERED_ERROR_RE = re.compile(r"\[[\w.\-]{1,80}\](?: [\w.\-]{1,60}=\S{0,400}){0,40} \| (?P<error>\S.*)$")
#: The same line without a structured error: its ``[logger]`` (Airflow's ``task`` or a dotted
#: logger path) and fields after the message, which are the line's context, not what it says.
_RENDERED_FIELDS_RE = re.compile(
    r" \[(?:task|[\w\-]{1,60}(?:\.[\w\-]{1,60}){1,12})\](?: [\w.\-]{1,60}=\S{0,400}){0,40}$"
)
_RENDERED_WHERE_RE = re.compile(
    r" at (?P<file>\S{1,500}):(?P<line>\d{1,7}) in (?P<func>[\w<>.$\-]{1,200})"
    r"(?: \(surfaced in [^()]{1,600}\))?$"
)
#: The human message of a response body an error embeds: JSON's ``"message": "…"`` (Kubernetes'
#: Status, Google's and most HTTP APIs' errors) or a Python dict's ``'message': '…'``.
_BODY_MESSAGE_RE = re.compile(
    r"[{,]\s{0,40}(?:\"message\"\s*:\s*\"(?P<text>(?:[^\"\\]|\\.){8,2000})\""
    r"|'message'\s*:\s*'(?P<single>(?:[^'\\]|\\.){8,2000})')"
)
_EXCEPTION_SUFFIXES = r"(?:Error|Exception|Exit|Interrupt|Timeout|Failure|Fault|Errors|Warning)"
#: An exception class at the start of a message: ``pkg.mod.SomeError: `` (any dotted path, or alone at
#: the end), or a dotted path ending in a capitalised name (``google.api_core.exceptions.NotFound: ``).
_CLASS_RE = re.compile(
    r"(?:[A-Za-z_$][\w$]{0,100}\.){0,20}(?P<name>[A-Z][\w$]{0,100}" + _EXCEPTION_SUFFIXES + r")(?::\s+|:?$)"
)
_DOTTED_CLASS_RE = re.compile(r"(?:[a-z_][\w$]{0,100}\.){1,20}(?P<name>[A-Z][\w$]{0,100}):\s+")
_SUFFIXED_RE = re.compile(r"(?:[\w$]{1,100}\.){0,20}[A-Z][\w$]{0,100}" + _EXCEPTION_SUFFIXES + r":")
_QUOTES = "\"'`"


@dataclass(frozen=True)
class ErrorMessage:
    """An error line's message (prefix and class path dropped) and its exception's short name."""

    exception: str
    message: str
    #: The ``"message"`` of a response body the message embeds (an HTTP API's JSON error), if any.
    body: str = ""

    def quote(self, limit: int = QUOTE_CHARS) -> str:
        """``Exception: message`` in at most ``limit`` characters, cut in the middle.

        A message too long to quote whole that embeds a response body (headers, JSON, a URL) leads
        with the body's own message, which a middle cut would drop, and frames it with the rest.
        """
        named = f"{self.exception}: " if self.exception and (self.message or self.body) else self.exception
        whole = f"{named}{self.message}"
        if len(whole) <= limit or not self.body or self.body in whole[: len(named) + len(self.body) + 40]:
            return shorten_middle(whole, limit)
        gist = shorten_middle(self.body, max(limit - len(named) - _FRAME_CHARS, limit // 2))
        room = limit - len(named) - len(gist) - len(_DASH)
        framed = shorten_middle(self.message, room) if room >= _FRAME_CHARS // 2 else ""
        return f"{named}{gist}{_DASH}{framed}" if framed else shorten_middle(f"{named}{gist}", limit)


def error_message(line: str) -> ErrorMessage:
    """The message a log line carries and the short name of its exception (``""`` when none)."""
    text = _CONTROL_RE.sub(" ", _capped(line))
    text = _peel_prefixes(text)
    if rendered := _RENDERED_ERROR_RE.search(text):
        text = _RENDERED_WHERE_RE.sub("", rendered.group("error").split(" <- ", 1)[0], count=1)
    else:
        text = _RENDERED_FIELDS_RE.sub("", text, count=1)
    if detail := _ERROR_DETAIL_RE.search(text):
        text = f"{detail.group('type')}: {_unescape(detail.group('value'))}"
    if (cause := text.rfind(_CAUSED_BY)) >= 0:
        text = text[cause + len(_CAUSED_BY) :]
    if lost := _last_match(_LOST_TASK_RE, text):
        text = text[lost:]
    text = _REMOTE_RE.sub(r"\g<name>:", text, count=1)
    text = _unquoted(" ".join(_unescape(text, quotes=False).split()))
    exception = ""
    for _ in range(_MAX_LAYERS):
        m = _CLASS_RE.match(text) or _DOTTED_CLASS_RE.match(text)
        if not m:
            break
        exception, text = m.group("name"), text[m.end() :]
    message = text.strip()
    if not message and not exception:
        return ErrorMessage("", " ".join(_CONTROL_RE.sub(" ", _capped(line)).split()))
    body = _BODY_MESSAGE_RE.search(message)
    said = (body.group("text") or body.group("single")) if body else ""
    return ErrorMessage(exception, message, " ".join(_unescape(said).split()))


def rendered_where(line: str) -> str:
    """Where the error of a rendered Airflow 3 log line was raised (``dags/load.py:80 in main``), else ``""``.

    The scanner renders a JSON line's structured error with its frame, the last in the task's own
    code; a text traceback has the frame on the lines above instead.
    """
    text = _peel_prefixes(_CONTROL_RE.sub(" ", _capped(line)))
    if not (rendered := _RENDERED_ERROR_RE.search(text)):
        return ""
    if not (where := _RENDERED_WHERE_RE.search(rendered.group("error").split(" <- ", 1)[0])):
        return ""
    return f"{'/'.join(where.group('file').split('/')[-2:])}:{where.group('line')} in {where.group('func')}"


def payload(line: str) -> str:
    """A log line without its prefixes and relay wrapping: what the process that wrote it printed."""
    return _peel_prefixes(_CONTROL_RE.sub(" ", _capped(line))).strip()


def indentation(line: str) -> int:
    """How far the message of a log line is indented after its prefix (a continuation's is deeper)."""
    said = _peel_prefixes(_CONTROL_RE.sub(" ", _capped(line)))
    return len(said) - len(said.lstrip(" \t"))


def is_exception_line(text: str) -> bool:
    """Whether a payload starts with an exception class (``ValueError: …``, ``pkg.errors.NotFound: …``)."""
    return bool(_CLASS_RE.match(text) or _DOTTED_CLASS_RE.match(text))


def quote_error(line: str, limit: int = QUOTE_CHARS) -> str:
    """The message of an error line as a rule quotes it: ``Exception: message``, cut in the middle."""
    return error_message(line).quote(limit)


def shorten_middle(text: str, limit: int) -> str:
    """``text`` with whitespace folded, in at most ``limit`` characters, cut in the middle.

    :data:`TAIL_SHARE` of the room goes to the end, where a message names its column, table, key or
    host, the rest to its start (what went wrong); both cuts fall on a word boundary when one is near.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(0, limit - len(_ELLIPSIS))
    tail_len = int(room * TAIL_SHARE)
    head = text[: room - tail_len]
    tail = text[len(text) - tail_len :] if tail_len else ""
    if (space := head.rfind(" ", len(head) - _BOUNDARY_SLACK)) > 0:
        head = head[:space]
    if 0 <= (space := tail.find(" ", 0, _BOUNDARY_SLACK)) < len(tail) - 1:
        tail = tail[space + 1 :]
    return f"{head.rstrip()}{_ELLIPSIS}{tail.lstrip()}".strip()


def _capped(line: str) -> str:
    """The line's start and end when it is too long to read whole."""
    if len(line) <= HEAD_CHARS + TAIL_CHARS:
        return line
    return f"{line[:HEAD_CHARS]}{_ELLIPSIS}{line[-TAIL_CHARS:]}"


def _peel_prefixes(text: str) -> str:
    """``text`` without its log prefixes, also inside a relayed ``b'…'`` line (which has its own)."""
    if compose := _COMPOSE_RE.match(text):
        text = text[compose.end() :]
    for _ in range(_MAX_LAYERS):
        before = text
        text = _strip_log_prefix(text)
        if relayed := _RELAYED_RE.fullmatch(text):
            text = _unescape(relayed.group("body"))
        if text == before:
            break
    return text


def _strip_log_prefix(text: str) -> str:
    """``text`` without leading timestamps, ``{file.py:N}`` sources, a level and the logger after it.

    The message's own indentation is kept (a tool indents the lines that continue an error).

    Python's ``LEVEL:logger:message`` logger is dropped. A log4j logger (``<time> LEVEL
    org.apache.spark.SparkContext: message``) names the component that reports, so only its package
    path goes (``SparkContext: message``); Airflow's ``LEVEL - message`` names it in ``{file.py:N}``.
    """
    pos = 0
    for _ in range(_MAX_LAYERS):
        if (m := _PREFIX_RE.match(text, pos)) and m.end() > pos:
            pos = m.end()
            continue
        if (level := _LEVEL_RE.match(text, pos)) and level.end() > pos:
            pos = level.end()
            sep = level.group("sep")
            logger = None if "-" in sep or _SUFFIXED_RE.match(text, pos) else _LOGGER_RE.match(text, pos)
            if logger is not None and not text.startswith("/", logger.end()):
                pos = logger.end() if sep == ":" else pos + logger.group(0).rfind(".", 0, -1) + 1
            continue
        break
    return text[pos:]


def _unescape(body: str, *, quotes: bool = True) -> str:
    """A Python or JSON string literal's body with its common escapes read.

    ``quotes=False`` reads only the whitespace escapes: a message that quotes a JSON body keeps
    the body's own escaped quotes, so the body can still be read.
    """
    body = body.rstrip()
    while body.endswith(("\\n", "\\r")):
        body = body[:-2]
    for escaped, plain in _ESCAPES if quotes else _ESCAPES[:3]:
        body = body.replace(escaped, plain)
    return body


def _last_match(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` ends, 0 when none."""
    end = 0
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _unquoted(text: str) -> str:
    """``text`` without one pair of quotes around all of it (a message logged as a repr)."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        return text[1:-1].strip()
    return text
