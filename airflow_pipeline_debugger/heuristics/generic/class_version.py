"""A JVM refused a class compiled for a newer Java than its own (``UnsupportedClassVersionError``, CONFIG).

The error gives class file versions, not Java versions; the on-call engineer translates them (a class
file's major version is the Java release plus 44: 52 is Java 8, 55 Java 11, 61 Java 17, 65 Java 21)
and finds the jar, the job and the runtime that do not match. The code is fine: the JVM that runs
it (``JAVA_HOME``, the cluster's runtime, the image) is older than the one the jar was built for.
"""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute
from airflow_pipeline_debugger.heuristics.base import SignalRule

#: A class file's major version minus this is the Java release that writes it (Java 5 = 49).
_MAJOR_OFFSET = 44
#: The oldest major version that maps this way (Java 1.4 and older predate the rule).
_FIRST_MAJOR = 49


def java_release(major: str) -> str:
    """``"52"`` → ``"Java 8"``; ``""`` for a number that is not a class file major version."""
    if not major.isdigit() or int(major) < _FIRST_MAJOR:
        return ""
    return f"Java {int(major) - _MAJOR_OFFSET}"


class ClassVersion(SignalRule):
    """``UnsupportedClassVersionError``: the jar needs a newer Java than the JVM that loaded it."""

    id = "generic.class_version"
    title = "Class compiled for a newer Java than the runtime"
    reads = (G.CLASS_VERSION,)
    supersedes = ("generic.python_exception", "generic.error_code", "generic.library_bug")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming both Java releases when the error gives them."""
        found = attribute(hits, "found")
        needed = java_release(found)
        runtime = java_release(attribute(hits, "runtime"))
        minor = attribute(hits, "minor") or "0"
        built = f"{needed} (class file version {found}.{minor})" if needed else "a newer Java"
        ran = runtime or (f"a Java older than {needed}" if needed else "an older Java")
        return self.finding(
            title=f"A class was compiled for {built}, but the JVM running it is {ran}",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=90,
            summary=(
                f"The JVM refused to load a class compiled for {built}: the runtime is {ran}. A jar on "
                "the classpath (a library, a connector or the job itself) needs a newer Java than the "
                "one JAVA_HOME, the image or the cluster's runtime provides."
            ),
            signals=hits[:2],
            details=[("class file needs", built), ("runtime", ran)],
            immediate_fix=(
                f"Run the job on {needed or 'the Java the jar was built for'} or newer (set JAVA_HOME / "
                "the cluster runtime / the image), or use the build of the library made for the older Java."
            ),
            change=(
                "Pin the Java release in the image or cluster definition, and pin library versions whose "
                "minimum Java matches it."
            ),
            prevention="Run the job's classpath on the production Java release in CI.",
            monitoring="Alert on UnsupportedClassVersionError after image or dependency upgrades.",
        )
