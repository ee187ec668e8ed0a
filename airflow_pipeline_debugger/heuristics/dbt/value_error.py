"""A model's SQL hit a value error in the warehouse: the model's SQL (CODE) or the values it read (DATA).

The warehouse names the failing value, not where it came from; what the value looks like says where
the fix goes, as an on-call engineer reads it:

- division by zero: zeros in a denominator are valid data, so the model must guard the division
  (``nullif(x, 0)``): CODE;
- a value longer than its column (``value too long for type character varying(256)``): the column's
  declared size is the model's or its materialisation's DDL, too small for valid values: CODE;
- a number the cast cannot read: a *malformed number* (``9.00`` into an integer, ``1,234``), a number
  written with its unit (``12 seats``, ``5kg``) or a placeholder for a missing value (``N/A``, ``-``,
  ``null``) is the input's format changing under a cast: DATA; a *word* where a number is expected
  (``invalid input syntax for type integer: "orders"``) is the SQL comparing or unioning a text column
  with a numeric one, often a column whose type was inferred from an empty or all-null seed or
  table: CODE (:mod:`..value_shape` reads the look, shared with Spark's cast errors);
- a date or a time the cast cannot read (DuckDB's ``invalid timestamp field format: "TBD"``): the
  same reading, except that a well-formed date the model's own expression built (``strftime``) is the
  model's, so its look counts only when the value came from an input column.

Where the value came from settles it before its look does: a value the model's own SQL writes as a
literal (``coalesce(discount_pct, 'none')`` in the line the warehouse echoes under its error)
is the model's: CODE, unless DuckDB says it cast the value "from source column is_active": the
input's: DATA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.heuristics.dbt._common import QUOTE_CHARS, DbtRule, rebuild
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks
from airflow_pipeline_debugger.heuristics.value_shape import PLACEHOLDER_RE, data_shape

_DIVISION_RE = re.compile(r"(?i)\b(?:division|divide) by zero\b")
_TOO_LONG_RE = re.compile(
    r"(?i)value too long for (?:type )?(?P<type>[\w ]+?\(\d+\))|value too long for (?P<kind>[\w ]+ type)"
    r"|String data, right truncation|exceeds? (?:the )?(?:maximum )?length"
)
_BAD_NUMBER_RES = (
    re.compile(r"invalid input syntax for (?:type )?(?P<type>[\w ]{1,40}?): \"(?P<value>[^\"]*)\""),
    re.compile(r"Numeric value '(?P<value>[^']*)' is not recognized"),
    re.compile(r"Bad (?P<type>int64|numeric|bignumeric|double|float64|bool) value: (?P<value>\S*)"),
    re.compile(r"(?i)invalid (?P<type>numeric|integer|decimal|number) value[:\s]+'?(?P<value>[^'\s]*)"),
    re.compile(r"Could not convert string '(?P<value>[^']*)' to (?P<type>\w+)"),
    # DuckDB's CSV reader (a seed, ``read_csv``): ``Could not convert string "1299.00" to 'DECIMAL'``
    re.compile(r"Could not convert string \"(?P<value>[^\"\n]{0,200})\" to '?(?P<type>\w+)"),
    # DuckDB's cast of a typed value: ``Type VARCHAR with value 'abc' can't be cast to the destination
    # type INT32``
    re.compile(r"with value '(?P<value>[^'\n]{0,200})' can't be cast to the destination type (?P<type>\w+)"),
    # DuckDB's date and time casts: ``invalid timestamp field format: "TBD", expected format is …``
    re.compile(r"invalid (?P<type>timestamp|date|time) field format: \"(?P<value>[^\"\n]{0,200})\""),
    # DuckDB's cast of a struct or JSON field: ``Failed to cast value to numerical: "EC1A 1BB"``
    re.compile(r"Failed to cast value to (?P<type>numerical|\w+): \"(?P<value>[^\"\n]{0,200})\""),
)
# "... for column 'TS'" / 'column "amount"' in the same message
_COLUMN_RE = re.compile(r"\bcolumn [`'\"]?(?P<column>[\w$]+)")
#: DuckDB says when the value was read from a column of the model's input, not made by its SQL.
#: A SQL line the warehouse echoes under its error (DuckDB's and PostgreSQL's ``LINE 13:``).
_ECHOED_LINE_RE = re.compile(r"^\s*LINE \d{1,7}:")
_FROM_SOURCE_RE = re.compile(r"when casting from source column [`'\"]?(?P<column>[\w$]+)")
#: DuckDB names the type it parsed a CSV column as: ``Column unit_price is being converted as type
#: DECIMAL(18,3)``.
_CONVERTED_AS_RE = re.compile(r"converted as type (?:DECIMAL|NUMERIC)\((?P<p>\d{1,2}),\s?(?P<s>\d{1,2})\)")
#: The reader was told a comma separates decimals (DuckDB's ``decimal_separator = ,``).
_COMMA_DECIMALS_RE = re.compile(r"decimal_separator\s*=\s*,")
#: dbt's header for a seed's error (``Runtime Error in seed product_prices (seeds/…csv)``).
_SEED_RE = re.compile(r"\bError in seed \w")
#: A plain number any numeric type reads, unless its precision is too small for it.
_PLAIN_NUMBER_RE = re.compile(r"^\s*[+-]?\d{1,60}(?:\.\d{1,60})?\s*$")
#: Date and time types: a model's own expressions build their values (``strftime(d, '%Y-%m')``), so a
#: value's look says where it came from only when DuckDB says it was cast from an input column.
_TEMPORAL_TYPES = frozenset({"date", "time", "timestamp"})
#: Types with a declared precision: a plain number they refuse does not fit the declaration.
_PRECISION_TYPES = frozenset({"decimal", "numeric", "number", "bignumeric"})


@dataclass(frozen=True)
class _ValueError:
    kind: str  # "division", "too_long", "bad_number"
    line: LogLine
    type_name: str = ""
    value: str | None = None
    column: str = ""
    #: The input column the warehouse says the value was cast from (DuckDB), else ``""``.
    from_source: str = ""


def _find(lines: list[LogLine]) -> _ValueError | None:
    for line in lines:
        text = line.text
        column = m["column"] if (m := _COLUMN_RE.search(text)) else ""
        if _DIVISION_RE.search(text):
            return _ValueError("division", line, column=column)
        if long := _TOO_LONG_RE.search(text):
            return _ValueError("too_long", line, long.groupdict().get("type") or "", column=column)
        for pattern in _BAD_NUMBER_RES:
            if bad := pattern.search(text):
                groups = bad.groupdict()
                source = m["column"] if (m := _FROM_SOURCE_RE.search(text)) else ""
                return _ValueError(
                    "bad_number",
                    line,
                    groups.get("type") or "number",
                    bad["value"],
                    column,
                    from_source=source,
                )
    return None


class ValueErrorInModel(DbtRule):
    """A warehouse value error (division by zero, value too long, unreadable number) in a dbt model."""

    id = "dbt.value_error"
    title = "A value error in a dbt model"
    reads = ("dbt.database_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the model, the value and the column; none when the error is no value error."""
        for hit in reversed(hits):
            anchor = hit.lines[0] if hit.lines else None
            for block in terminal_blocks(bundle):
                if anchor is not None and block.evidence_id != anchor.evidence_id:
                    continue
                lines = (*block.before, *block.lines)
                after = [ln for ln in lines if anchor is None or ln.line_no >= anchor.line_no]
                found = _find(after[:12])
                if found is not None:
                    return self._finding(bundle, hit, found)
        return None

    def _finding(self, bundle: EvidenceBundle, hit: Signal, found: _ValueError) -> RuleFinding:
        model = str(hit.attributes.get("model") or "the model")
        change = ""
        column = f" column {found.column}" if found.column else ""
        quoted = quote_error(found.line.text, QUOTE_CHARS)
        value = found.value or ""
        if found.kind == "division":
            category, likelihood = Category.CODE, 70
            title = f"Division by zero in model {model}"
            why = (
                f"Model {model} divides by an expression that is zero for some rows ({quoted}). Zeros in a "
                "denominator are valid data, so the division must be guarded in the model's SQL."
            )
            fix = (
                f"Guard the denominator in {model}: `x / nullif(denominator, 0)` (or a CASE), then "
                "rebuild it."
            )
        elif found.kind == "too_long":
            category, likelihood = Category.CODE, 66
            size = f" {found.type_name}" if found.type_name else ""
            title = f"A value is too long for its column{size} in model {model}"
            why = (
                f"Model {model} writes a value longer than its{column or ' column'}'s declared size{size} "
                f"({quoted}). The size comes from the model's (or its materialisation's or package's) "
                "DDL, which is too small for values the data can hold."
            )
            fix = (
                f"Widen the column in {model} (cast to a longer or unbounded string type), or truncate on "
                "purpose, then rebuild it; an incremental or snapshot table needs its column altered too."
            )
        elif found.from_source:
            category, likelihood = Category.DATA, 60
            title = (
                f"Input column {found.from_source} of model {model} holds '{value}', not a {found.type_name}"
            )
            why = (
                f"The warehouse cast '{value}' from the input column {found.from_source} of model {model} to "
                f"{found.type_name} ({quoted}): the column carries values of another form than the model "
                "casts, so the producer changed what it writes there (or the model's cast never fit it)."
            )
            fix = (
                f"Check the values of {found.from_source} the producer delivers; map them in {model} (a CASE "
                "or try_cast with a test on the nulls it yields) or have the producer restore the agreed "
                "form, then rebuild."
            )
        elif (narrow := _too_narrow(bundle, hit, model, found, quoted)) is not None:
            category, likelihood, title, why, fix, change = narrow
        elif found.value and _literal_in_sql(bundle, found):
            category, likelihood = Category.CODE, 64
            title = f"The SQL of model {model} puts the literal '{value}' where {found.type_name} is expected"
            why = (
                f"The SQL of model {model} writes the text '{value}' into an expression of type "
                f"{found.type_name} ({quoted}): the value is the model's, not its input's (a default in a "
                "coalesce or a CASE of the wrong type)."
            )
            fix = (
                f"Use a value of type {found.type_name} (or NULL) in {model}'s SQL, or cast the other side "
                "to text if text is meant; then rebuild it."
            )
        elif found.value is not None and PLACEHOLDER_RE.match(value):
            category, likelihood = Category.DATA, 60
            # An empty or blank string is named so: quoted, it reads as nothing at all.
            shown = f"'{value}'" if value.strip() else "an empty string"
            title = f"Model {model} reads {shown}, a placeholder for a missing value, as {found.type_name}"
            why = (
                f"The input of model {model} holds {shown} where the cast to {found.type_name}{column} "
                f"expects a value ({quoted}): the producer writes missing values as text instead of NULL."
            )
            fix = (
                f"Map the placeholder to NULL in {model} (nullif(trim(x), '{value.strip()}') or try_cast), "
                "or have the producer write NULL for missing values; then rebuild."
            )
        elif (shape := data_shape(value)) is not None and found.type_name.lower() not in _TEMPORAL_TYPES:
            category, likelihood = Category.DATA, 64
            title = f"Model {model} cannot cast '{value}' to {found.type_name}"
            why = (
                f"The input of model {model} holds '{value}' ({shape}), a form the cast to "
                f"{found.type_name}{column} refuses ({quoted}): the producer changed how it writes the value."
            )
            fix = (
                f"Check the values the producer delivers; make the cast in {model} tolerant (cast through "
                "numeric first, or safe_cast/try_cast with a test on the nulls it yields), then rebuild."
            )
        else:
            category, likelihood = Category.CODE, 62
            title = f"Model {model} puts '{value}' where {found.type_name} is expected"
            why = (
                f"Model {model}'s SQL compares, unions or casts a text value ('{value}') into "
                f"{found.type_name}{column} ({quoted}): the column types of the two sides differ. Often "
                "a column whose type was inferred from an empty or all-null seed or table (dbt types those "
                "seed columns as integer), or a join on the wrong column."
            )
            fix = (
                f"Find the comparison in {model}'s compiled SQL; set `column_types` for the seed or cast "
                "the column explicitly, then rebuild."
            )
        return self.finding(
            title=title[:160],
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.PERMANENT,
            likelihood=likelihood,
            summary=why,
            lines=[found.line],
            signals=[hit],
            details=[
                ("model", model),
                *([("column", found.column)] if found.column else []),
                *([("value", found.value)] if found.value is not None else []),
                ("error", quoted),
            ],
            immediate_fix=fix,
            immediate_fix_code=[rebuild(bundle, model)] if hit.attributes.get("model") else [],
            change=change
            or (
                "Fix the model's SQL and add a test for the case (a zero, a long value, an odd number)."
                if category is Category.CODE
                else "Agree the number format with the producer and test it at the source."
            ),
            prevention="Add column tests (accepted ranges, lengths, types) on the model's inputs.",
            monitoring=f"Alert on database errors of {model}.",
        )


def _too_narrow(
    bundle: EvidenceBundle, hit: Signal, model: str, found: _ValueError, quoted: str
) -> tuple[Category, int, str, str, str, str] | None:
    """A well-formed number the declared precision cannot hold: the declaration is what to fix.

    A seed's types come from its ``column_types`` (set-up, CONFIG); a model's from its own cast (CODE).
    None when the value is no plain number, the type has no precision, the declared precision (when the
    error or the project's files give it) holds the value, or the reader was told another decimal
    separator than the value uses: then the value's form is what changed.
    """
    value = found.value or ""
    if not _PLAIN_NUMBER_RE.match(value) or found.type_name.lower() not in _PRECISION_TYPES:
        return None
    lines = _block_text(bundle, found.line)
    if "." in value and _COMMA_DECIMALS_RE.search(lines):
        return None
    whole, _, fraction = value.strip().lstrip("+-").partition(".")
    digits = len(whole.lstrip("0")) or 1
    declared = _declared_precision(bundle, lines, found.column)
    if declared is not None and digits <= declared[0] - declared[1]:
        return None
    scale = declared[1] if declared is not None else len(fraction)
    wider = f"decimal({min(38, max(digits + scale + 4, 10))},{scale})"
    said = " ".join([str(hit.attributes.get("detail") or ""), *(ln.text for ln in hit.lines[:1])])
    seed = (
        hit.attributes.get("resource_type") == "seed"
        or str(hit.attributes.get("unique_id") or "").startswith("seed.")
        or _SEED_RE.search(said) is not None
    )
    named = found.column or "a column"
    where = (
        "the seed's `column_types` (dbt_project.yml or its properties file)"
        if seed
        else f"the cast in {model}'s SQL"
    )
    shown = f"decimal({declared[0]},{declared[1]})" if declared is not None else found.type_name
    return (
        Category.CONFIG if seed else Category.CODE,
        (62 if seed else 60) if declared is not None else (56 if seed else 54),
        f"{'Seed' if seed else 'Model'} {model} types {named} as {shown}, too narrow for {value}",
        (
            f"'{value}' is a well-formed number with {digits} digits before the decimal point, yet the "
            f"{shown} that {where} gives {named} cannot hold it ({quoted}): the declared precision leaves "
            f"too few digits for values the data validly holds."
        ),
        f"Widen {named} in {where} (e.g. {wider}), then rebuild {model}"
        + (f" with `dbt seed --select {model} --full-refresh`." if seed else "."),
        f"Declare {named} from the widest value it may hold (its producer's contract), not from a sample.",
    )


def _block_text(bundle: EvidenceBundle, line: LogLine) -> str:
    """The text of the terminal block holding ``line``: DuckDB prints the type and options under it."""
    for block in terminal_blocks(bundle):
        lines = (*block.before, *block.lines)
        if any(ln == line for ln in lines):
            return "\n".join(ln.text for ln in lines)
    return line.text


def _declared_precision(bundle: EvidenceBundle, text: str, column: str) -> tuple[int, int] | None:
    """(precision, scale) declared for ``column``, if the error or the project's files say.

    The error names it as DuckDB parsed it (``converted as type DECIMAL(18,3)``); the files as the
    project declares it (``unit_price: decimal(5,2)``, ``cast(x as numeric(12,2)) as unit_price``).
    """
    if found := _CONVERTED_AS_RE.search(text):
        return int(found["p"]), int(found["s"])
    if not column:
        return None
    near = re.compile(
        rf"(?i)(?<!\w){re.escape(column)}\W{{1,6}}(?:decimal|numeric)\s*\(\s*(?P<p>\d{{1,2}})\s*,\s*(?P<s>\d{{1,2}})\s*\)"
        rf"|(?:decimal|numeric)\s*\(\s*(?P<p2>\d{{1,2}})\s*,\s*(?P<s2>\d{{1,2}})\s*\)\s*\)\s*as\s+{re.escape(column)}(?!\w)"
    )
    for evidence in bundle.evidence:
        if evidence.kind is EvidenceKind.SOURCE and (
            found := near.search(evidence.content[:MAX_SOURCE_BYTES])
        ):
            return int(found["p"] or found["p2"]), int(found["s"] or found["s2"])
    return None


def _literal_in_sql(bundle: EvidenceBundle, found: _ValueError) -> bool:
    """Whether the expression the warehouse points at writes the failing value itself, quoted.

    Read from the SQL line the warehouse echoes under its error (``LINE 13: coalesce(discount_pct,
    'none')``): the same word elsewhere in the model (another column's default) says nothing of this one.
    """
    literal = f"'{found.value}'"
    for block in terminal_blocks(bundle):
        if block.evidence_id == found.line.evidence_id:
            lines = (*block.before, *block.lines)
            after = [ln.text for ln in lines if ln.line_no > found.line.line_no][:6]
            if any(_ECHOED_LINE_RE.search(text) and literal in text.split(":", 1)[1] for text in after):
                return True
    return False
