"""What a log line says about itself, beyond its words: an exception it ends in, a problem it retries.

Shared by the log scanner (a retried problem is not the error a log ends in) and the rules and the
engine (it is weak evidence for a cause); both read the same words.
"""

from __future__ import annotations

import re

#: A Python exception line: ``pkg.mod.SomeError: message`` at the start of a line.
EXCEPTION_LINE_RE = re.compile(
    r"^(?P<type>(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Timeout|Failure|Fault|Warning))(?::|$)"
)
_RETRY_RE = re.compile(r"(?i)\bretrying\b|\bwill retry\b|\bretry(?:ing)? in \d|\battempt \d+ (?:of|/) ?\d+")


def is_retried(text: str) -> bool:
    """A line that reports a problem the program meant to survive: it says it retries.

    Not an exception line on its own (a traceback's last line): that is what was raised, whatever its
    message says of attempts ("ConnectionError: gave up on attempt 5 of 5").
    """
    return bool(_RETRY_RE.search(text)) and not EXCEPTION_LINE_RE.match(text.strip())
