"""Deterministic Spark rules, measured from event logs and driver logs (thresholds: peers-and-anchors §4)."""

from __future__ import annotations

from airflow_pipeline_debugger.heuristics.spark.broadcast_timeout import BroadcastTimeout
from airflow_pipeline_debugger.heuristics.spark.cast_value import CastValue
from airflow_pipeline_debugger.heuristics.spark.driver_code_error import DriverCodeError
from airflow_pipeline_debugger.heuristics.spark.empty_result import EmptyResultUsed
from airflow_pipeline_debugger.heuristics.spark.executor_loss import ExecutorLoss
from airflow_pipeline_debugger.heuristics.spark.files_replaced import FilesReplaced
from airflow_pipeline_debugger.heuristics.spark.gc_pressure import GcPressure
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import JvmLost
from airflow_pipeline_debugger.heuristics.spark.max_result_size import MaxResultSize
from airflow_pipeline_debugger.heuristics.spark.memory_oom import MemoryOom
from airflow_pipeline_debugger.heuristics.spark.missing_input import MissingInput
from airflow_pipeline_debugger.heuristics.spark.schema_drift import SchemaDrift
from airflow_pipeline_debugger.heuristics.spark.setting_in_error import SettingInError
from airflow_pipeline_debugger.heuristics.spark.skew_oom import SkewNotMemory
from airflow_pipeline_debugger.heuristics.spark.spill import Spill
from airflow_pipeline_debugger.heuristics.spark.stage_skew import StageSkew
from airflow_pipeline_debugger.heuristics.spark.task_failure_rate import TaskFailureRate
from airflow_pipeline_debugger.heuristics.spark.type_mismatch import (
    InputColumnType,
    ReadTypeMismatch,
    WriteTypeConflict,
)
from airflow_pipeline_debugger.heuristics.spark.udf_error import PythonUdfError

RULES = (
    SkewNotMemory,
    MemoryOom,
    StageSkew,
    GcPressure,
    Spill,
    TaskFailureRate,
    SchemaDrift,
    MissingInput,
    PythonUdfError,
    MaxResultSize,
    BroadcastTimeout,
    ExecutorLoss,
    JvmLost,
    DriverCodeError,
    FilesReplaced,
    ReadTypeMismatch,
    InputColumnType,
    WriteTypeConflict,
    EmptyResultUsed,
    SettingInError,
    CastValue,
)
