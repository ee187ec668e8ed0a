"""Deterministic rules for failures that look the same on every platform (ids ``generic.<name>``).

They rank below the platform rules (a dbt or Spark rule reading the tool's own artifacts knows
more) and supersede the bare Python-exception fallback they explain.
"""

from __future__ import annotations

from airflow_pipeline_debugger.heuristics.generic.access import (
    AuthFailed,
    PermissionDenied,
    ResourceQuotaExceeded,
)
from airflow_pipeline_debugger.heuristics.generic.class_version import ClassVersion
from airflow_pipeline_debugger.heuristics.generic.dag_change import ChangeNamesError
from airflow_pipeline_debugger.heuristics.generic.data_check import OwnDataCheck
from airflow_pipeline_debugger.heuristics.generic.database import (
    ConstraintViolation,
    LockContention,
    MissingObject,
    SqlSyntax,
)
from airflow_pipeline_debugger.heuristics.generic.env_var import MissingEnvVar
from airflow_pipeline_debugger.heuristics.generic.error_codes import ErrorCode, InputBrokeCode
from airflow_pipeline_debugger.heuristics.generic.files import FileNotFound, PartitionNameTooLong
from airflow_pipeline_debugger.heuristics.generic.input_read import InputRead
from airflow_pipeline_debugger.heuristics.generic.library_bug import LibraryBug
from airflow_pipeline_debugger.heuristics.generic.limits import LimitHit
from airflow_pipeline_debugger.heuristics.generic.network import NetworkFailure, NetworkTimeout, TlsError
from airflow_pipeline_debugger.heuristics.generic.package_change import PackageChanged
from airflow_pipeline_debugger.heuristics.generic.provider_bug import ProviderBug
from airflow_pipeline_debugger.heuristics.generic.python_exception import PythonException
from airflow_pipeline_debugger.heuristics.generic.resources import DiskFull, OutOfMemory
from airflow_pipeline_debugger.heuristics.generic.services import RateLimited, ServerError
from airflow_pipeline_debugger.heuristics.generic.setting_value import SettingValue
from airflow_pipeline_debugger.heuristics.generic.upstream import UpstreamBrokeInput, UpstreamFailedFirst
from airflow_pipeline_debugger.heuristics.generic.volume import AbnormalVolume

RULES = (
    DiskFull,
    OutOfMemory,
    NetworkFailure,
    NetworkTimeout,
    TlsError,
    RateLimited,
    ServerError,
    ResourceQuotaExceeded,
    PermissionDenied,
    AuthFailed,
    SqlSyntax,
    MissingObject,
    ConstraintViolation,
    LockContention,
    FileNotFound,
    PartitionNameTooLong,
    MissingEnvVar,
    ClassVersion,
    LimitHit,
    AbnormalVolume,
    PackageChanged,
    ChangeNamesError,
    UpstreamFailedFirst,
    UpstreamBrokeInput,
    SettingValue,
    InputRead,
    OwnDataCheck,
    InputBrokeCode,
    ErrorCode,
    ProviderBug,
    LibraryBug,
    PythonException,
)

__all__ = ["RULES"]
