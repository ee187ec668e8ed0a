"""Deterministic rules for dbt failures (one rule per module; ids ``dbt.<name>``)."""

from __future__ import annotations

from airflow_pipeline_debugger.heuristics.dbt.ancestor_changed import AncestorChanged
from airflow_pipeline_debugger.heuristics.dbt.compile_error import CompileError
from airflow_pipeline_debugger.heuristics.dbt.connection_error import WarehouseConnection
from airflow_pipeline_debugger.heuristics.dbt.duplicate_resource import DuplicateResource
from airflow_pipeline_debugger.heuristics.dbt.full_refresh import NeedsFullRefresh
from airflow_pipeline_debugger.heuristics.dbt.hook_failed import HookFailed
from airflow_pipeline_debugger.heuristics.dbt.missing_column import MissingColumn
from airflow_pipeline_debugger.heuristics.dbt.missing_ref import MissingRef
from airflow_pipeline_debugger.heuristics.dbt.missing_relation import MissingRelation
from airflow_pipeline_debugger.heuristics.dbt.permission_denied import PermissionDenied
from airflow_pipeline_debugger.heuristics.dbt.profile_error import ProfileError
from airflow_pipeline_debugger.heuristics.dbt.sql_syntax import SqlSyntaxInModel
from airflow_pipeline_debugger.heuristics.dbt.test_failure import TestFailure
from airflow_pipeline_debugger.heuristics.dbt.value_error import ValueErrorInModel
from airflow_pipeline_debugger.heuristics.dbt.var_in_error import VarInError

RULES = (
    AncestorChanged,
    TestFailure,
    CompileError,
    DuplicateResource,
    HookFailed,
    MissingRef,
    MissingColumn,
    NeedsFullRefresh,
    MissingRelation,
    PermissionDenied,
    ProfileError,
    SqlSyntaxInModel,
    ValueErrorInModel,
    WarehouseConnection,
    VarInError,
)

__all__ = ["RULES"]
