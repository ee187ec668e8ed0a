"""What a log line may mean: the patterns adapters declare and the streaming scanner matches.

They live beside the scanner rather than with the adapters because the scanner is the layer below:
adapters declare patterns, the scanner runs the union of them in one pass over each log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How much a matched line says about the failure."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class LogPattern:
    """A line pattern that becomes a :class:`~airflow_pipeline_debugger.domain.Signal` when it matches.

    :param code: signal code, ``<platform>.<what>``.
    :param regex: searched (not matched) against each line; named groups become signal attributes.
    :param message: human summary; ``{group}`` placeholders are filled from named groups.
    :param level: error lines feed first/last error and the excerpt; warnings are counted.
    :param literal: a plain substring every matching line must contain, used as a cheap pre-filter
        so that scanning a large log costs one substring search per line for most patterns.
    """

    code: str
    regex: str
    message: str
    level: Level = Level.ERROR
    literal: str = ""
    flags: int = 0

    def compiled(self) -> re.Pattern[str]:
        """Compile the regex with the pattern's flags."""
        return re.compile(self.regex, self.flags)
