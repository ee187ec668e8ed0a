"""The dbt signal catalogue and the classifier that reads a dbt error message.

Codes (``Signal.code``) the dbt adapter emits, with the attributes heuristics may read:

``dbt.test_failed``       a data test failed: ``test``, ``test_type`` (not_null/unique/accepted_values/
                          relationships/…), ``model``, ``column``, ``failures``, ``upstream`` (names),
                          ``upstream_sources``, ``where``, ``unique_id``, ``rows`` (model row count if known)
``dbt.test_warned``       same, for a test configured ``severity: warn`` (not a failure cause)
``dbt.compile_error``     Jinja/parse/compilation error: ``model``, ``path``, ``detail``
``dbt.missing_ref``       ``ref()`` to a node that does not exist: ``missing``, ``model``
``dbt.missing_column``    warehouse says a column does not exist: ``column``, ``model``, ``candidates``,
                          ``declared_upstream`` (which upstream declares that column, if any)
``dbt.missing_relation``  warehouse says a table/view does not exist: ``relation``, ``model``,
                          ``relation_kind`` (source/model/unknown)
``dbt.permission_denied`` the warehouse refused an action: ``model``, ``detail``
``dbt.connection_error``  could not reach the warehouse / timed out: ``detail``
``dbt.profile_error``     profiles.yml/target/env var problem: ``detail``
``dbt.database_error``    any other warehouse error on a node: ``model``, ``detail``
``dbt.hook_failed``       an on-run-start/on-run-end hook failed (after or before every node): ``hook``
``dbt.stale_artifacts``   run_results.json predates the failing invocation: ``reason``,
                          ``artifact_invocation_id``, ``artifact_failures``
``dbt.cloud_run_failed``  a dbt Cloud job run failed (the run's artifacts live in dbt Cloud): ``run_id``
``dbt.cosmos_diagnosis``  Cosmos' AI diagnosis text (another model's claim): ``root_cause``,
                          ``suggested_fix``, ``confidence``
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEST_FAILED = "dbt.test_failed"
TEST_WARNED = "dbt.test_warned"
COMPILE_ERROR = "dbt.compile_error"
MISSING_REF = "dbt.missing_ref"
MISSING_COLUMN = "dbt.missing_column"
MISSING_RELATION = "dbt.missing_relation"
PERMISSION_DENIED = "dbt.permission_denied"
CONNECTION_ERROR = "dbt.connection_error"
PROFILE_ERROR = "dbt.profile_error"
DATABASE_ERROR = "dbt.database_error"
HOOK_FAILED = "dbt.hook_failed"
STALE_ARTIFACTS = "dbt.stale_artifacts"
COSMOS_DIAGNOSIS = "dbt.cosmos_diagnosis"
CLOUD_RUN_FAILED = "dbt.cloud_run_failed"

# "Model 'model.pkg.fct_orders' (models/marts/fct_orders.sql) depends on a node named 'stg_order' which
# was not found" (also "… depends on a source named 'raw.x' which was not found")
MISSING_REF_RE = re.compile(
    r"(?P<kind>Model|Test|Snapshot|Seed|Analysis|Exposure|Metric|Semantic model|Unit test|Node) "
    r"'(?P<node>[^']+)' (?:\((?P<path>[^)]*)\) )?depends on a (?P<target_kind>node|source) named "
    r"'(?P<missing>[^']+)'(?: with version '[^']*')? which (?:was not found|is disabled)"
)
# Column errors, one alternative per warehouse:
#   DuckDB:     Referenced column "email" not found in FROM clause!
#               Values list "o" does not have a column named "discount_amount"
#               Table "o" does not have a column named "x"
#   Postgres/Redshift: column "email" does not exist / column o.email does not exist
#   Snowflake:  invalid identifier 'O.EMAIL'
#   BigQuery:   Unrecognized name: email
#   Databricks: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column … with name `email` cannot be resolved
#   Trino:      line 3:8: Column 'email' cannot be resolved
MISSING_COLUMN_RES = (
    re.compile(r'Referenced column "(?P<column>[^"]+)" not found'),
    re.compile(
        r'(?:Values list|Table|Relation) "(?P<table>[^"]+)" does not have a column named "(?P<column>[^"]+)"'
    ),
    re.compile(r'column "?(?:(?P<table>[\w$]+)\.)?(?P<column>[\w$]+)"? does not exist'),
    re.compile(r"invalid identifier '(?:(?P<table>[\w$\"]+)\.)?(?P<column>[^']+)'"),
    re.compile(r"Unrecognized name: (?P<column>[\w$]+)"),
    re.compile(r"with name `(?:(?P<table>[^`]+)`\.`)?(?P<column>[^`]+)` cannot be resolved"),
    re.compile(r"Column '(?:(?P<table>[\w$]+)\.)?(?P<column>[^']+)' cannot be resolved"),
)
CANDIDATES_RE = re.compile(r'Candidate bindings: (?P<candidates>.+)|Did you mean "?(?P<mean>[^"?]+)"?')
# Relation errors:
#   DuckDB:     Catalog Error: Table with name payments does not exist!
#   Postgres:   relation "raw.payments" does not exist
#   Snowflake:  Object 'DB.RAW.PAYMENTS' does not exist or not authorized.
#   BigQuery:   Not found: Table proj:raw.payments was not found
#   Databricks: [TABLE_OR_VIEW_NOT_FOUND] The table or view `raw`.`payments` cannot be found
#   Trino:      line 5:6: Table 'hive.raw.payments' does not exist
MISSING_RELATION_RES = (
    re.compile(r"(?:Table|View) with name (?P<relation>[\w.\"$]+) does not exist"),
    re.compile(r'relation "(?P<relation>[^"]+)" does not exist'),
    re.compile(r"Object '(?P<relation>[^']+)' does not exist"),
    re.compile(r"Not found: (?:Table|View) (?P<relation>\S+)"),
    re.compile(r"table or view (?P<relation>`[^ ]+`) cannot be found", re.IGNORECASE),
    re.compile(r"\bTable '(?P<relation>[\w.$-]+)' does not exist"),
)
PERMISSION_RE = re.compile(
    r"permission denied|insufficient privileges|access denied|not authorized|read-only mode|"
    r"\bREAD_ONLY\b|must be owner of|does not have (?:\w+ )?(?:permission|privilege)|"
    r"User does not have|AccessDenied|Forbidden",
    re.IGNORECASE,
)
CONNECTION_RE = re.compile(
    r"could not connect|connection refused|connection reset|connection timed out|timed out|timeout expired|"
    r"could not translate host name|Name or service not known|server closed the connection|"
    r"SSL SYSCALL error|Failed to connect|network is unreachable|Temporary failure in name resolution|"
    r"Could not set lock on file|database is locked|ServiceUnavailable|503 Service",
    re.IGNORECASE,
)
PROFILE_RE = re.compile(
    r"does not have a target named|Could not find profile named|profiles\.yml|"
    r"Env var required but not provided|Credentials in profile|Runtime Error\s+Could not find",
    re.IGNORECASE,
)
COMPILE_RE = re.compile(
    r"Compilation Error|Parsing Error|Jinja|unexpected '[^']*'|expected token|"
    r"unexpected end of template|is undefined|Could not render|macro '[^']+' (?:takes|not found)",
    re.IGNORECASE,
)
# A top-level error that is only a name ("default", "'prod'"): dbt printed a KeyError's key alone, as
# older versions do when profiles.yml lacks the profile or target the project or --target names.
BARE_KEY_RE = re.compile(r"^\s*'?(?P<key>[A-Za-z_][\w.-]{0,80})'?\s*$")
# "Compilation Error in model fct_orders (models/marts/fct_orders.sql)"
ERROR_NODE_RE = re.compile(
    r"(?:Compilation|Parsing|Database|Runtime) Error in (?P<resource_type>\w+) (?P<name>[\w.-]+)"
    r"(?: \((?P<path>[^)]*)\))?"
)


@dataclass(frozen=True)
class Classified:
    """What kind of error a dbt message reports, with the names it mentions."""

    code: str
    attributes: dict[str, object] = field(default_factory=dict)


def _column_match(message: str) -> dict[str, object] | None:
    for pattern in MISSING_COLUMN_RES:
        match = pattern.search(message)
        if match:
            groups = match.groupdict()
            attrs: dict[str, object] = {"column": groups["column"].strip('"').lower()}
            if groups.get("table"):
                attrs["alias"] = groups["table"].strip('"')
            candidates = CANDIDATES_RE.search(message)
            if candidates:
                raw = candidates["candidates"] or candidates["mean"] or ""
                attrs["candidates"] = [
                    c.strip().strip('"').split(".")[-1] for c in raw.split(",") if c.strip()
                ]
            return attrs
    return None


def _relation_match(message: str) -> dict[str, object] | None:
    for pattern in MISSING_RELATION_RES:
        match = pattern.search(message)
        if match:
            relation = match["relation"].replace("`", "").replace('"', "").rstrip("!.").lower()
            return {"relation": relation}
    return None


#: Message families after the structured matches, in priority order (permission before connection:
#: "read-only mode" must not read as an outage; profile before compile: both say "Runtime Error").
_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (PERMISSION_RE, PERMISSION_DENIED),
    (PROFILE_RE, PROFILE_ERROR),
    (CONNECTION_RE, CONNECTION_ERROR),
    (COMPILE_RE, COMPILE_ERROR),
)


def classify_error(message: str) -> Classified:
    """Classify one dbt error message (node message or top-level error) into a signal code."""
    ref = MISSING_REF_RE.search(message)
    if ref:
        node = ref["node"]
        return Classified(
            MISSING_REF,
            {
                "missing": ref["missing"],
                "target_kind": ref["target_kind"],
                "node": node,
                "model": node.split(".")[-1] if node.count(".") >= 2 else node,
                "path": ref["path"] or "",
            },
        )
    column = _column_match(message)
    if column is not None:
        return Classified(MISSING_COLUMN, column)
    relation = _relation_match(message)
    if relation is not None:
        return Classified(MISSING_RELATION, relation)
    code = next((code for pattern, code in _FAMILIES if pattern.search(message)), DATABASE_ERROR)
    return Classified(code, {})


def classify_top_level(message: str) -> Classified:
    """Classify the error that stopped dbt before any node ran; a bare name is a profile lookup."""
    bare = BARE_KEY_RE.match(message)
    if bare:
        return Classified(PROFILE_ERROR, {"missing_key": bare["key"]})
    return classify_error(message)


def error_node(message: str) -> tuple[str, str, str]:
    """``(resource_type, name, path)`` named by "… Error in model x (path)", or empty strings."""
    match = ERROR_NODE_RE.search(message)
    if not match:
        return "", "", ""
    return match["resource_type"], match["name"], match["path"] or ""
