"""What a value a cast refused looks like, and whether that look says the input changed.

A warehouse or Spark names the value it could not cast, not where the value came from. Its look is
the on-call engineer's first reading: a placeholder for a missing value (``N/A``, ``TBD``, an empty
string), a number written for people (``12 seats``, ``1,234``, ``9.00`` into an integer), an
identifier that gained a prefix (``C-103123`` where ``103123`` was) or a date in a form the cast
does not read are the input's format changing under a correct cast (DATA); a plain word (``orders``,
``REFUNDED``) where a number is expected is the query mixing up its columns (CODE). Shared by the
dbt and Spark rules that read cast errors.
"""

from __future__ import annotations

import re

#: How producers write a missing value as text: a placeholder, not a value the SQL mistyped.
PLACEHOLDER_RE = re.compile(
    r"^\s*(?:n/?a|#n/?a|n\.a\.|null|none|nil|nan|-{1,3}|\?|unknown|tbd|missing|empty)?\s*$", re.IGNORECASE
)
#: A number written in a format a strict cast refuses: decimals on a whole number, separators, a sign
#: (a typographic minus or en dash from a spreadsheet included).
#: Possessive runs and a look-ahead for the digit keep a long value of digits and spaces linear.
MALFORMED_NUMBER_RE = re.compile(r"^\s*+[+\-\u2212\u2013]?(?=[\d.,\s]*\d)[\d.,\s]*+[eE]?[+-]?\d*+\s*$")
WHOLE_AS_DECIMAL_RE = re.compile(r"^\s*[+-]?\d+\.0+\s*$")
#: A number written for people, with its unit or a suffix (``12 seats``, ``5kg``, ``30 %``).
WITH_UNIT_RE = re.compile(r"^\s*[+-]?\d[\d.,]{0,30}\s?[A-Za-z%]{1,12}\.?\s*$")
#: A number written with a currency sign or a letter prefix (``$12.50``, ``C-103123``, ``#4411``): one
#: number, not a reference of several parts (``ORD-2026-000001`` is another column's value).
PREFIXED_NUMBER_RE = re.compile(r"^\s*(?:[$€£¥#]|[A-Za-z]{1,4}[-_#:/]?)\s?\d[\d.,]{0,30}\s*$")
#: A date or a time in any common form (``07/12/2026``, ``2026-12-07T10:00:00Z``, ``24:00``).
_TIME_OF_DAY = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})"
DATE_LIKE_RE = re.compile(
    rf"^\s*(?:\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}(?:[ T]{_TIME_OF_DAY}\s?{_ZONE}?)?|{_TIME_OF_DAY})\s*$"
)
#: Each look, first match wins, with how a finding names it.
_SHAPES = (
    (PLACEHOLDER_RE, "a placeholder for a missing value"),
    (WHOLE_AS_DECIMAL_RE, "a whole number written with decimals"),
    (MALFORMED_NUMBER_RE, "a number in another format"),
    (WITH_UNIT_RE, "a number written with its unit"),
    (PREFIXED_NUMBER_RE, "a number written with a prefix"),
    (DATE_LIKE_RE, "a date or a time"),
)


def data_shape(value: str) -> str | None:
    """How ``value`` says the input changed under the cast, as a phrase; ``None`` for a plain word.

    The phrase reads after "holds '<value>', " in a finding (``a placeholder for a missing value``).
    """
    return next((phrase for pattern, phrase in _SHAPES if pattern.match(value)), None)
