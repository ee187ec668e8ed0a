"""A programming error raised inside an installed package, reached without the task's own code (CODE).

By the category guide `code` includes "a bug in Airflow, a provider or a library". When every frame
of the traceback is installed code (site-packages / dist-packages), the innermost frame belongs to a
package, and the exception is one a library raises on its own mistake rather than on its input or
set-up (``AttributeError``, ``NameError``, ``UnboundLocalError``, ``AssertionError``,
``NotImplementedError``, ``RecursionError``, a ``TypeError`` about a call's arguments or ``None``),
the fix goes to that package: upgrade or pin it, read its changelog and issue tracker, work around
it. Airflow providers have their own rule (``generic.provider_bug``); lookup errors (``KeyError``,
``IndexError``) stay with the generic reading, since a library's lookup usually fails on the data it
was given. A line before the error showing the input empty, changed or null hands the failure to the
data readings, and a missing module is the set-up's (``ModuleNotFoundError`` is not read here).
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import input_context, terminal_blocks

#: Exceptions a library raises on its own programming error, whatever its input.
_BUG_TYPES = frozenset(
    {
        "AttributeError",
        "NameError",
        "UnboundLocalError",
        "AssertionError",
        "NotImplementedError",
        "RecursionError",
    }
)
#: A ``TypeError`` counts only when it is about a call not fitting its callee or about ``None``:
#: others (``unsupported operand type(s)``) usually come from values in the data.
_TYPE_ERROR_RE = re.compile(
    r"unexpected keyword argument|got multiple values for (?:keyword )?argument"
    r"|missing \d+ required (?:positional|keyword-only) arguments?"
    r"|takes (?:from \d+ to )?\d+ positional arguments? but \d+ (?:was|were) given"
    r"|'NoneType' object|\bNoneType\b"
)
_PACKAGE_PATH_RE = re.compile(r"(?:site|dist)-packages/(?P<rel>[\w.]+(?:/[\w.]+)*)/[\w.]+\.py$")
#: Namespace folders whose package is named by the levels under them (``google/cloud/bigquery``).
_NAMESPACES = frozenset({"google", "azure", "cloud", "mgmt"})
#: Distribution-style names of a package with a version printed next to them (``pandas==2.1.4``,
#: ``dbt-snowflake 1.7.1``, dbt's ``Registered adapter: snowflake=1.7.1``).
_VERSION = r"(?:==|=|\s+v?|-)(?P<version>\d+\.\d+(?:\.\d+)?(?:[.\w+-]*\w)?)"
#: Characters of the exception's message quoted.
DETAIL_CHARS = 200


def package_of(path: str) -> str:
    """The installed package a frame's file belongs to (``google.cloud.bigquery``), else ``""``.

    ``airflow`` for Airflow core (``airflow/models/taskinstance.py``), the namespace levels read down
    to the first package of its own (``dbt/adapters/snowflake/impl.py`` → ``dbt.adapters.snowflake``).
    """
    m = _PACKAGE_PATH_RE.search(path.replace("\\", "/"))
    if m is None:
        return ""
    parts = m["rel"].split("/")
    if parts[0] == "dbt":
        return f"dbt.adapters.{parts[2]}" if len(parts) > 2 and parts[1] == "adapters" else "dbt"
    taken = [parts[0]]
    for part in parts[1:3]:
        if taken[-1] not in _NAMESPACES:
            break
        taken.append(part)
    return ".".join(taken)


def version_in_logs(bundle: EvidenceBundle, package: str) -> str:
    """The version the logs print next to the package's name (its last dotted part or dist name)."""
    last = package.rsplit(".", 1)[-1]
    names = {package, package.replace(".", "-"), last, last.replace("_", "-")}
    if package.startswith("dbt.adapters."):
        names.add(f"dbt-{last}")
    pattern = re.compile(
        r"(?<![\w.-])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")" + _VERSION,
        re.IGNORECASE,
    )
    for evidence in bundle.evidence:
        if evidence.kind is EvidenceKind.LOG and evidence.content and (m := pattern.search(evidence.content)):
            return m["version"]
    return ""


class LibraryBug(SignalRule):
    """An installed package raised a programming error from its own code, reached without the task's."""

    id = "generic.library_bug"
    title = "Bug in an installed package (or a version that does not fit its callers)"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION)
    read_together = True
    supersedes = ("generic.python_exception", "generic.error_code")
    max_confidence = 55  # a package's bug, or the task's arguments reaching it wrongly

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding naming the package, its version when logged, and the frame that raised."""
        last = max(hits, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc_type = str(last.attributes.get("exception_type") or "").rsplit(".", 1)[-1]
        detail = str(last.attributes.get("detail") or "").strip()
        if exc_type not in _BUG_TYPES and not (exc_type == "TypeError" and _TYPE_ERROR_RE.search(detail)):
            return None
        frames = traceback_frames(bundle, last)
        if not frames or not all(is_library(path) for path, _, _ in frames):
            return None  # the task's own frame is in the chain: its call is the first suspect
        if any("/airflow/providers/" in path.replace("\\", "/") for path, _, _ in frames):
            return None  # generic.provider_bug reads a provider's frames
        path, line, function = frames[-1]
        package = package_of(path)
        if not package or self._input_broke(bundle, last):
            return None
        version = version_in_logs(bundle, package)
        named = f"{package} {version}" if version else package
        rel = path.replace("\\", "/").split("-packages/", 1)[-1]
        frame = f"{rel}:{line} in {function}"
        said = f": {shorten_middle(detail, DETAIL_CHARS)}" if detail else ""
        return self.finding(
            title=f"{exc_type} inside {named} ({frame.rsplit('/', 1)[-1]})",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=62,
            summary=sentence(
                f"{named} raised {exc_type}{said} in its own code ({frame}), with every frame of the "
                "traceback in installed packages and none in the task's files, and no line before it "
                f"showing the input empty or changed: a bug in {named}, or a version of it that does not "
                "fit the code calling it"
            ),
            signals=[last],
            details=[
                ("package", package),
                ("version", version or "not in the log"),
                ("raised at", frame),
                ("exception", exc_type),
            ],
            immediate_fix=(
                f"Look up this error in {package}'s changelog and issue tracker for the installed version"
                f"{f' ({version})' if version else ''} (`pip show {package.split('.')[0]}`); upgrade to the "
                "release that fixes it, or pin the last version that worked."
            ),
            change=(
                f"Pin {package} (with the constraints of the tools that call it) and work around the bug "
                "in the task until the fixed release is installed."
            ),
            prevention="Upgrade packages in a staging environment that runs the same tasks first.",
            monitoring=f"Track failures raised inside {package} after each dependency upgrade.",
        )

    @staticmethod
    def _input_broke(bundle: EvidenceBundle, signal: Signal) -> bool:
        """Whether a line before the error, in the error's own log, shows the input empty or changed."""
        return any(
            input_context(block) is not None
            for block in terminal_blocks(bundle)
            if block.evidence_id == signal.evidence_id
        )
