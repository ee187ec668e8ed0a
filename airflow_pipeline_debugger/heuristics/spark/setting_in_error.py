"""The error quotes a value the job's own Spark settings hold: the setting is what to fix (CONFIG).

``[INVALID_SAVE_MODE] The specified save mode "apend" is invalid``, ``Failed to find the data source:
parquett``, ``invalid literal for int() with base 10: '7d'``, ``UnknownHostException: nn-prod-01…``:
each is raised where the value is used, so it reads as the code's error (or the input's). The event
log lists every property the application set (``--conf``, the session builder, spark-defaults); when
the value the error quotes is one of them, the code did what the setting told it to, and an on-call
engineer's first question — where does that value come from? — is answered: the submit command.

Only values that could not appear by chance: not a boolean, at least three characters, bounded as a
whole word; a number only where the error says it is out of range (``Sampling fraction (5.0) must be
on interval [0, 1]``), not among the bounds it states. A path counts only in an error about creating
or reaching it (a path also names the input a run reads, and an error about the data under it is the
data's), a URL's host only in one about resolving its name (a host that refuses or hangs is the
remote side's). Every more specific rule outranks this one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    PipelineType,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.message import payload, shorten_middle
from airflow_pipeline_debugger.heuristics.refused import PLAIN_VALUE_RE, REFUSED_RE, as_word, telling
from airflow_pipeline_debugger.heuristics.terminal import is_chatter, terminal_blocks

#: Under the confident band (the setting may hold what its owner meant and the code misuse it), and
#: under the rules that say how the setting broke the line (:mod:`..generic.setting_value`).
LIKELIHOOD = 60
#: Characters of an error line searched for a value (a hostile line costs no more).
LINE_CHARS = 2000
#: Properties that size the application: their small numbers are counts every error may print.
_SIZING_PREFIXES = (
    *("spark.executor.", "spark.driver.", "spark.sql.shuffle.partitions", "spark.default.parallelism"),
    *("spark.dynamicAllocation.", "spark.task.", "spark.cores.", "spark.memory.", "spark.port."),
)
#: A number a property holds (``5``, ``0.25``): quoted only where an error says it is out of range.
_NUMBER_RE = re.compile(r"^-?\d{1,12}(?:\.\d{1,12})?$")
#: A number an error quotes as a value: in parentheses or quotes (``fraction (5.0)``, ``'5'``), not a
#: bare index or length.
_NUMBER_IN_TEXT_RE = re.compile(r"[('\"`]\s?(-?\d{1,12}(?:\.\d{1,12})?)\s?[)'\"`]")
#: An error saying a value is outside what is allowed (Spark's ``require``, a range check).
_RANGE_ERROR_RE = re.compile(
    r"(?i)must be (?:on|in|within|between|positive|non-negative|at (?:least|most)|greater|less)|"
    r"out of (?:range|bounds)|should be (?:in|between|positive|greater|less)|requirement failed"
)
#: The bounds an error states (``[0, 1]``, ``(0, 100)``): their numbers are not the value refused.
_BOUNDS_RE = re.compile(r"[\[(]\s*-?[\d.]+\s*,\s*-?[\d.]+\s*[\])]")
#: An error about reaching or creating a path, the only kind a path setting is blamed for.
_PATH_ERROR_RE = re.compile(
    r"Mkdirs failed|[Pp]ermission denied|Read-only file system|Cannot run program|AccessDenied|"
    r"Operation not permitted|Failed to initiali[sz]e filesystem|Wrong FS|No FileSystem for scheme"
)
#: An error about resolving a host name, the only kind a URL setting's host is blamed for (a host that
#: resolves and then refuses or hangs is the remote side's).
_HOST_ERROR_RE = re.compile(r"UnknownHostException|Name or service not known|nodename nor servname")


class SettingInError(Heuristic):
    """The terminal error quotes the value of a property the job set: the submit's setting is wrong."""

    id = "spark.setting_in_error"
    title = "A Spark setting's value in the error"
    platforms = frozenset({PipelineType.SPARK})
    requires = frozenset({"spark"})
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "spark.driver_code_error",
        "generic.input_broke_code",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Config finding naming the property whose value the error quotes."""
        settings = _settings(bundle)
        if not settings:
            return None
        found = _quoted_setting(bundle, settings)
        if found is None:
            return None
        key, value, quoted, line = found
        shown = shorten_middle(value, 80)
        error = shorten_middle(payload(line.text).strip(), 240)
        return self.finding(
            title=f"The job's setting {key}={shown} is the value the error refuses",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=LIKELIHOOD,
            summary=sentence(
                f"The error at {line.cite()} ({error}) quotes `{shorten_middle(quoted, 80)}`, "
                + ("" if quoted == value else f"from `{shown}`, ")
                + f"the value the application was given for `{key}` (the event log's properties: the "
                "submit's `--conf`, the session builder or spark-defaults). The code used the setting as it "
                "was told; the setting is what to check"
            ),
            lines=[line],
            evidence_ids=[e.id for e in bundle.evidence if e.kind is EvidenceKind.SPARK_EVENT_LOG][:1],
            details=[("setting", f"{key}={shown}"), ("error", shorten_middle(line.text.strip(), 300))],
            immediate_fix=(
                f"Correct `{key}` where the job is submitted (the `--conf` of spark-submit or the operator's "
                "`conf`, the session builder, spark-defaults.conf), then clear the task."
            ),
            change=f"Set `{key}` to a value the job accepts, in the one place the job's settings are kept.",
            prevention=(
                "Validate the job's settings when it starts (an allowed-values check for each custom "
                "`spark.*` key) and review changes to submit settings like code."
            ),
            monitoring="Alert on the first failure after a change to a job's submit settings.",
        )


def _settings(bundle: EvidenceBundle) -> dict[str, str]:
    """The properties the job set, as the event-log adapter kept them (redacted, no secrets)."""
    facts = bundle.facts.get("spark")
    raw = facts.get("settings") if isinstance(facts, dict) else None
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _quoted_setting(bundle: EvidenceBundle, settings: dict[str, str]) -> tuple[str, str, str, LogLine] | None:
    """The first setting an error line of the last terminal block quotes: key, value, what, line."""
    blocks = [b for b in terminal_blocks(bundle) if b.has_error]
    if not blocks:
        return None
    candidates = [
        (key, value)
        for key, value in settings.items()
        if telling(value) or (_NUMBER_RE.match(value.strip()) and not key.startswith(_SIZING_PREFIXES))
    ]
    for line in blocks[-1].lines:
        text = line.text[:LINE_CHARS]
        if is_chatter(text):
            continue
        for key, value in candidates:
            if quoted := _quoted(text, value):
                return key, value, quoted, line
    return None


def _number_quoted(text: str, value: str) -> str:
    """The number of a numeric setting an error quotes while saying it is out of range (``""`` if not)."""
    if not _RANGE_ERROR_RE.search(text):
        return ""
    wanted = float(value)
    for found in _NUMBER_IN_TEXT_RE.finditer(_BOUNDS_RE.sub(" ", text)):
        if float(found.group(1)) == wanted:
            return found.group(1)
    return ""


def _quoted(text: str, value: str) -> str:
    """What of the value an error line quotes as a whole word (``""`` when nothing).

    A path counts only in an error about reaching it, a URL's host only in one about resolving it.
    """
    value = value.strip()
    if _NUMBER_RE.match(value):
        return _number_quoted(text, value)
    if as_word(value).search(text):
        refused = _PATH_ERROR_RE if _is_path(value) else REFUSED_RE
        return value if refused.search(text) else ""
    host = urlsplit(value).hostname if "://" in value else None
    if not host or PLAIN_VALUE_RE.match(host):
        return ""
    return host if as_word(host).search(text) and _HOST_ERROR_RE.search(text) else ""


def _is_path(value: str) -> bool:
    """A file system path or a URL (``/data/out``, ``s3a://b/x``), not any value with a slash in it."""
    return value.startswith(("/", "./", "../", "~")) or "://" in value or value.startswith("file:")
