"""A value an error says it refused, and whether a value is telling enough to be looked for.

An error quoting a value does not blame it: ``0 rows for business date 2024-06-01`` names the run's
date, ``save mode "apend" is invalid`` refuses the mode. The rules that ask where a refused value
came from (a Spark property, a dbt variable) look for it only in a line that says it was refused,
as a whole word, and only when it is distinctive (not a boolean, a bare number, a date or a word
any setting may hold).
"""

from __future__ import annotations

import re

#: Shortest value that says where it came from.
MIN_VALUE_CHARS = 3
#: Values any property may hold that say nothing of which: booleans, numbers, sizes, common words.
PLAIN_VALUE_RE = re.compile(
    r"(?i)^(?:true|false|yes|no|none|null|on|off|default|auto|local|utc|\d+(?:\.\d+)?(?:[kmgt]b?|ms|s|m|h)?)$"
)
#: An error saying a value was refused (an unknown mode, format, class or source; one it cannot parse):
#: a setting's word quoted elsewhere (a run date in a data check, a table in a row count) is not blamed.
REFUSED_RE = re.compile(
    r"(?i)\binvalid\b|\bunknown\b|\bnot (?:found|supported|recogni[sz]ed|valid|allowed|a valid)\b|"
    r"unsupported|unrecogni[sz]ed|\billegal\b|"
    r"\b(?:cannot|could not|unable to|failed to) (?:parse|convert|find|resolve|load)\b|"
    r"\bno such\b|\bdoes not exist\b|\bnot exist\b|ClassNotFound|_NOT_FOUND\b|INVALID_|UNSUPPORTED_"
)
#: A value shaped like a date or a time: the run's own date, quoted by errors about its data.
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def telling(value: str) -> bool:
    """Whether a value is distinctive enough that an error quoting it quotes the setting."""
    value = value.strip()
    return (
        len(value) >= MIN_VALUE_CHARS
        and not PLAIN_VALUE_RE.match(value)
        and not DATE_RE.match(value)
        and "(redacted)" not in value
        and "***" not in value
    )


def as_word(value: str) -> re.Pattern[str]:
    """``value`` as a whole word (a ``.`` or ``/`` after it still ends it: ``delta.DefaultSource``)."""
    return re.compile(r"(?<![\w.-])" + re.escape(value) + r"(?![\w-])")
