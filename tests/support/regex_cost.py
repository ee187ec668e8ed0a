"""How long a set of regular expressions takes over a text: for tests that compare two such costs.

A pattern that backtracks on a near-match grows with the square of the line, a linear one with its
length, so the hostile-line tests compare the cost of a text with that of a tenth of it, measured in
the same run, rather than asserting a time limit that depends on the machine.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

#: Runs per measurement; the fastest is kept (the least disturbed by the rest of the machine).
RUNS = 5


def scan_seconds(patterns: Iterable[re.Pattern[str]], text: str, repeats: int = 1) -> float:
    """Seconds to search ``text`` once with every pattern: the fastest of :data:`RUNS` runs, each
    searching it ``repeats`` times (so a short text is timed over as long as a long one)."""
    patterns = list(patterns)
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for _ in range(repeats):
            for pattern in patterns:
                pattern.search(text)
        runs.append((time.perf_counter() - started) / repeats)
    return min(runs)


def growth(patterns: Iterable[re.Pattern[str]], big: str, small: str) -> float:
    """How many times longer ``big`` takes than ``small`` (about their length ratio when linear).

    ``small`` is searched as many times as it is shorter, so both are timed over about the same
    span: a busy machine's noise weighs on a microsecond measurement far more than on a millisecond one.
    """
    patterns = list(patterns)
    repeats = max(1, len(big) // max(1, len(small)))
    return scan_seconds(patterns, big) / scan_seconds(patterns, small, repeats)
