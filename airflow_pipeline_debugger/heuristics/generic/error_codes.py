"""Failures no specific rule knows, classified from the codes in the lines the task died with.

:class:`ErrorCode` reads the terminal block of each log (and the worker's structured error), finds
every SQLSTATE, vendor code, HTTP status, errno, Spark error condition and exception type there
(:mod:`..knowledge`), and reports the most decisive one with the category and transience its
taxonomy gives. It is a symptom: any rule that recognises the failure itself explains it away.

:class:`InputBrokeCode` is the tie-break of the category guide for generic errors (``KeyError``,
``ZeroDivisionError``, division by zero, a null where a value was expected): a data problem when the
lines before the error show the input empty, changed or null, and a code problem otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import code_changed
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.generic.value_source import library_reader, setup_reader
from airflow_pipeline_debugger.heuristics.knowledge import CodeMatch, Prior, classify, codes_in
from airflow_pipeline_debugger.heuristics.message import error_message, quote_error, shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import (
    InputContext,
    TerminalBlock,
    closing_message,
    failing_node,
    innermost_cause,
    innermost_cause_line,
    input_context,
    is_chatter,
    is_relayed,
    lines_around,
    raised_at_line,
    read_error,
    said_at,
    terminal_blocks,
)

#: Likelihood by how decisive the code is (``Prior.specificity``): a vendor's own code says more.
LIKELIHOOD_BY_SPECIFICITY = {4: 58, 3: 56, 2: 53, 1: 50}
#: Characters of the error's message a title quotes.
TITLE_QUOTE_CHARS = 110
#: The message inside Trino's client error (``TrinoUserError(type=…, name=…, message="…", …)``).
_TRINO_MESSAGE_RE = re.compile(r'\bmessage="(?P<message>[^"\n]{1,1000})"')
#: Characters of a data error's message a title adds to its meaning (where the value is).
VALUE_QUOTE_CHARS = 90
#: Lines above an error read for the frame a message entry names (``frame = "cloudpickle"``).
TRACEBACK_LINES_READ = 40
#: A code named only on an INFO/DEBUG line is weak evidence.
WEAK_PENALTY = 6
#: A generic error after a line that shows the input broken is a data diagnosis, not a guess.
INPUT_BROKE_LIKELIHOOD = {
    "empty": 72,
    "columns": 72,
    "value": 62,
    "nulls": 66,
    "duplicates": 66,
    "suggestion": 60,
}

_WHERE = {
    Category.DATA: "the input data or its producer",
    Category.CODE: "the task's code or SQL",
    Category.CONFIG: "the set-up: a setting, credential, permission, package or limit",
    Category.INFRA: "the platform or a remote service, not the task",
}
#: Signals of a Python traceback the fallback rule (generic.python_exception) reports itself.
_TRACEBACKS = (G.PYTHON_EXCEPTION, G.CODE_ERROR)
#: A quoted name: no space at either end, so the text between two quoted operators
#: (``'>' not supported between instances of 'method'``) is not read as one.
_NAMED_RE = re.compile(r"['\"`]([\w.\-](?:[\w.\- ]{0,78}[\w.\-])?)['\"`]")
#: A quoted name that is a Python type, not a key or column: ``'NoneType' object has no attribute``,
#: ``object of type 'generator' has no len()``, ``operand type(s) for +: 'int' and 'str'``.
_TYPE_AFTER_RE = re.compile(r"\s+object\b")
#: Words a type's name follows (``of type 'int'``, ``unhashable type: 'list'``, ``instances of 'method'``).
_TYPE_BEFORE_RE = re.compile(
    r"(?:\bof type|\btype\(s\) for [^'\"`]{0,12}|\btypes?:|\binstances of|\bnot|\band|\bmust be)\s*$"
)


@dataclass(frozen=True)
class _Decisive:
    """The most decisive code of the failure, the line that names it, and whether that line is chatter."""

    match: CodeMatch
    line: LogLine | None
    weak: bool = False


def _best_in(lines: list[LogLine], *, weak: bool) -> _Decisive | None:
    for match in classify(ln.text for ln in lines):
        if not match.prior.wrapper:
            return _Decisive(match, lines[match.index], weak)
    return None


def _in_joined_message(block: TerminalBlock) -> _Decisive | None:
    """A code in the block's error message read whole: wrapped over lines, or a relayed traceback's end.

    A child's output relayed line by line wraps a long message, so a vendor's wording can span two
    lines that no single-line match sees. Relayed output counts as the task's own (not chatter).
    """
    if block.anchor is not None:
        at = next((i for i, ln in enumerate(block.lines) if ln == block.anchor), len(block.lines) - 1)
        line, text = read_error(block.lines, at)
    elif (closing := closing_message(block.lines)) is not None:
        line, text = closing
    else:
        return None
    match = next((m for m in classify([text]) if not m.prior.wrapper), None)
    if match is None:
        return None
    return _Decisive(match, line, is_chatter(line.text) and not is_relayed(line.text))


def _under_a_wrapper(bundle: EvidenceBundle, block: TerminalBlock) -> _Decisive | None:
    """A code in the deepest ``Caused by:`` of a JVM trace a wrapper opens in the block.

    A wrapper (``Py4JJavaError``, ``[TASK_WRITE_FAILED]``) says only that something failed under it;
    the trace's last cause says what, and a long trace puts it past the block's cap.
    """
    for line in reversed(block.lines):
        if is_chatter(line.text) or not any(prior.wrapper for prior in codes_in(line.text)):
            continue
        cause = innermost_cause_line(bundle, line)
        if cause is not None:
            match = next((m for m in classify([cause.text]) if not m.prior.wrapper), None)
            return _Decisive(match, cause) if match is not None else None
    return None


def decisive_code(bundle: EvidenceBundle) -> _Decisive | None:
    """The most decisive non-wrapper code in the worker's error and the logs' terminal blocks.

    Error and warning lines are read first; INFO/DEBUG chatter only when they name no code at all
    (then the finding is weak). The worker's structured error counts as the task's own last line.
    """
    best: _Decisive | None = None
    blocks = terminal_blocks(bundle)
    for block in blocks:
        loud = [ln for ln in block.lines if not is_chatter(ln.text)]
        found = _best_in(loud, weak=False) or _best_in(
            [ln for ln in block.lines if is_chatter(ln.text)], weak=True
        )
        for candidate in (found, _in_joined_message(block), _under_a_wrapper(bundle, block)):
            if candidate is not None and (best is None or _rank(candidate) > _rank(best)):
                best = candidate
    ctx = bundle.context
    if ctx.error_type or ctx.error_message:
        match = next(
            (m for m in classify([f"{ctx.error_type}: {ctx.error_message}"]) if not m.prior.wrapper), None
        )
        if match is not None and (best is None or match.prior.specificity > best.match.prior.specificity):
            best = _Decisive(match, _line_naming(blocks, ctx.error_type))
    return best


def _line_naming(blocks: list[TerminalBlock], error_type: str) -> LogLine | None:
    """The last terminal line that names the worker's exception type (what to cite for it), if any."""
    name = error_type.rsplit(".", 1)[-1]
    if not name:
        return None
    return next((ln for block in reversed(blocks) for ln in reversed(block.lines) if name in ln.text), None)


def _rank(found: _Decisive) -> tuple[bool, int]:
    return (not found.weak, found.match.prior.specificity)


def quoted_name(text: str) -> str:
    """The first quoted name in an error line (``'customer_id'``) that is not a type's, else ``""``.

    An attribute of ``None`` (``'NoneType' object has no attribute 'strip'``) is a method the code
    called on a missing value, not a column, so such a line names none.
    """
    for m in _NAMED_RE.finditer(text):
        if _TYPE_AFTER_RE.match(text, m.end()):
            if m.group(1) == "NoneType":
                return ""
            continue
        if _TYPE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        return m.group(1)
    return ""


class ErrorCode(Heuristic):
    """The category a failure's error codes give it when no rule recognises the failure itself."""

    id = "generic.error_code"
    title = "Classified by its error code"
    symptom = True
    supersedes = ("generic.python_exception",)
    max_confidence = 60  # a documented meaning, not a diagnosis of this run

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """A finding from the most decisive code; none for a generic Python error (the fallback has it)."""
        found = decisive_code(bundle)
        if found is None:
            return None
        prior = found.match.prior
        if prior.kind == "python" and prior.category is Category.CODE and bundle.has_signal(*_TRACEBACKS):
            return None  # generic.python_exception names the frame; InputBrokeCode flips it on evidence
        if prior.frame and not _raised_under(bundle, found.line, prior.frame):
            return None  # the message means this only where that frame raised it
        category = prior.category
        # A code known only by its class (a Trino error by its type) says less than its own message.
        coarse = prior.kind == "trino_type" or prior.meaning == prior.code
        meaning = f": {prior.meaning}" if prior.kind != "message" and not coarse else ""
        label = prior.label
        setup = _setup_frame(bundle, found.line) if category is Category.DATA else ""
        if (
            not setup
            and category is Category.DATA
            and prior.kind == "message"
            and bundle.has_signal(*_TRACEBACKS)
            and _read_by_a_library(bundle, found.line)
        ):
            return None  # generic.python_exception names the library's frame
        if setup:
            category = Category.CONFIG
            label = f"A setting's value does not parse where the set-up is read ({setup})"
        quoted = quote_error(said_at(bundle, found.line) or found.match.text)
        node = _node_of(bundle, found.line)
        where = f" in {node}" if node else ""
        raised = raised_at_line(bundle, found.line)
        # A known message's meaning and the set-up's label are clauses (``the input's bytes are not
        # UTF-8``) that follow a colon; a code's name follows "with".
        joint = ": " if prior.kind == "message" or setup else " with "
        changed_here = code_changed(bundle) and category in (Category.CODE, Category.CONFIG)
        cause = innermost_cause(bundle, found.line)
        under = f" Under it, the innermost cause: {quote_error(cause, 240)}." if cause else ""
        return self.finding(
            # A class the taxonomy knows by name only says nothing more than its message: show that.
            title=_title(prior, label, meaning, category, said_at(bundle, found.line) or found.match.text),
            severity=Severity.SEVERE,
            category=category,
            transience=prior.transience,
            likelihood=LIKELIHOOD_BY_SPECIFICITY.get(prior.specificity, 50)
            + (4 if changed_here else 0)
            - (WEAK_PENALTY if found.weak else 0),
            summary=sentence(
                f"The task failed{where}{joint}{_mid_sentence(label)}{meaning} ({quoted})"
                f"{f', raised at {raised}' if raised else ''}. "
                f"{'Read from the set-up' if setup else 'By its documented meaning'}, "
                f"this is {'an' if category.value[0] in 'aeiou' else 'a'} {category.value} failure: "
                f"the fix goes to {_WHERE[category]}"
            )
            + under,
            lines=[found.line] if found.line else [],
            details=[
                ("code", prior.label),
                *([("where", node)] if node else []),
                *([("raised at", raised)] if raised else []),
                ("defined by", prior.source),
                ("fix goes to", _WHERE[category]),
            ],
            immediate_fix=_immediate(prior, quoted, raised),
            change=_ADVICE[category][0],
            prevention=_ADVICE[category][1],
            monitoring=f"Count failures by error code ({prior.label}) per task to see whether it recurs.",
        )


def _mid_sentence(label: str) -> str:
    """A label that opens with an article (``A temporary BigQuery server failure``) read inside a sentence."""
    return label[0].lower() + label[1:] if label.startswith(("A ", "An ", "The ")) else label


def _title(prior: Prior, label: str, meaning: str, category: Category, said: str) -> str:
    """The finding's title: the code's meaning, with the error's own words where they carry the value.

    A class the taxonomy knows by name only says nothing more than its message, so the message is
    shown; a data message (``could not convert string to float: 'n/a'``) names the value to look for.
    """
    if meaning or prior.kind == "message":
        title = f"{label}{meaning}"
        words = shorten_middle(error_message(said).message, VALUE_QUOTE_CHARS)
        if prior.kind == "message" and category is Category.DATA and words:
            title += f": {words}"
        return title[:160]
    if prior.kind == "trino_type" and (m := _TRINO_MESSAGE_RE.search(said)):
        said = m.group("message")
    return _titled(label, said)[:160]


def _titled(label: str, said: str) -> str:
    """The error's own words, after ``label`` unless they already name it."""
    quoted = quote_error(said, TITLE_QUOTE_CHARS)
    if not quoted or label.rsplit(".", 1)[-1] in error_message(said).exception + quoted:
        return quoted or label
    return f"{label}: {quoted}"


def _node_of(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """The dbt node the error line's log names, if any."""
    for block in terminal_blocks(bundle):
        if (line is None or block.evidence_id == line.evidence_id) and (node := failing_node(block, line)):
            return node
    return ""


def _raised_under(bundle: EvidenceBundle, line: LogLine | None, frame: str) -> bool:
    """Whether one of the ``TRACEBACK_LINES_READ`` lines above ``line`` matches ``frame``."""
    lines, at = lines_around(bundle, line)
    pattern = re.compile(frame)
    return any(pattern.search(ln.text) for ln in lines[max(0, at - TRACEBACK_LINES_READ) : max(0, at)])


def _setup_frame(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """Where the failing value on ``line`` was read from the set-up, else ``""`` (:mod:`.value_source`)."""
    lines, at = lines_around(bundle, line)
    return setup_reader(lines, at) if at >= 0 else ""


def _read_by_a_library(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """The installed library that reads no data and raised the error on ``line``, else ``""``."""
    lines, at = lines_around(bundle, line)
    return library_reader(lines, at) if at >= 0 else ""


def _immediate(prior: Prior, quoted: str, raised: str = "") -> str:
    """The first step for the code's category, naming where the error was raised when that is known."""
    at = f", raised at {raised}" if raised else ""
    if prior.category is Category.INFRA and prior.transience in (
        Transience.TRANSIENT,
        Transience.INTERMITTENT,
    ):
        return (
            f"Clear the task to retry it: {prior.label} is usually a passing failure of the service or "
            "network. If the retry fails the same way, check that service's status and logs."
        )
    if prior.category is Category.CONFIG:
        return f"Fix the setting the error names ({quoted}{at}), then clear the task."
    if prior.category is Category.DATA:
        return (
            f"Inspect the input the error names ({quoted}{at}), correct it or its producer, then clear "
            "the task."
        )
    return f"Fix the code or SQL at the error ({quoted}{at}), then clear the task."


#: The change and the prevention a category calls for, when only the code's meaning is known.
_ADVICE = {
    Category.INFRA: (
        "Give the task retries with exponential backoff (retries=3, retry_exponential_backoff=True).",
        "Make the task idempotent so retries are safe; alert on the service's availability.",
    ),
    Category.CONFIG: (
        "Correct the connection, credential, permission, dependency or limit in the deployment.",
        "Check connections, grants and package versions in CI against the target environment.",
    ),
    Category.DATA: (
        "Add a check on the input (a data test or sensor) before this task.",
        "Agree a contract with the producer (schema, freshness, volume) and test it.",
    ),
    Category.CODE: (
        "Correct the code path that fails and add a test for it.",
        "Test the task against realistic inputs in CI.",
    ),
}


def _holds(block: TerminalBlock, line: LogLine | None) -> bool:
    return line is not None and block.evidence_id == line.evidence_id


def _ends_with(block: TerminalBlock, line: LogLine) -> bool:
    """Whether another log's terminal block carries the same error line (the same failure, logged twice)."""
    text = line.text.strip()
    return bool(text) and any(ln.text.strip().endswith(text) for ln in block.lines)


class InputBrokeCode(Heuristic):
    """A generic error after lines showing the input empty, changed or null: the input broke it (DATA)."""

    id = "generic.input_broke_code"
    title = "The input broke the code"
    #: A Spark job's driver code meets the same inputs a task's does.
    supersedes = ("generic.python_exception", "generic.error_code", "spark.driver_code_error")

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Data finding citing the context line and the error, when the error is generic."""
        found = decisive_code(bundle)
        if found is None or not found.match.prior.generic:
            return None
        error_text = found.line.text if found.line else found.match.text
        name = quoted_name(error_text)
        context: InputContext | None = None
        for block in sorted(terminal_blocks(bundle), key=lambda b: not _holds(b, found.line)):
            # The error's own log first; another log of the same failure (dbt's console beside its
            # dbt.log, whose excerpt may not reach back to the step's report) when it ends the same way.
            if found.line is None or _holds(block, found.line) or _ends_with(block, found.line):
                context = input_context(block, name)
                if context is not None:
                    break
        if context is None:
            return None
        changed = code_changed(bundle)
        prior = found.match.prior
        subject = f"{name!r}" if name else "the value it needed"
        lines = [context.line, *([found.line] if found.line and found.line != context.line else [])]
        return self.finding(
            title=f"The input broke the task: {context.detail}"[:160],
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=INPUT_BROKE_LIKELIHOOD[context.kind] - (12 if changed else 0),
            summary=sentence(
                f"{prior.label} ({quote_error(error_text, 200)}) came right after {context.line.cite()} "
                f"({quote_error(context.line.text, 160)}): {context.detail}, so the code did not get "
                f"{subject}"
            ),
            lines=lines,
            details=[("error", prior.label), ("input", context.detail)],
            counter_evidence=(
                "The task's code changed since its last success: the change may have introduced the error."
                if changed
                else ""
            ),
            immediate_fix=(
                f"Check this run's input ({context.detail}; {context.line.cite()}) with its producer, fix or "
                "re-deliver it, then clear the task."
            ),
            change=f"Validate the input before using it (fail clearly when it is empty or lacks {subject}).",
            prevention="Add a data contract or test on the producer's output (row count, columns, nulls).",
            monitoring="Alert on input volume and schema changes of this source.",
        )
