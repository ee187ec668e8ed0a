"""The input of evidence collection: the failed task, its logs, the artifact paths and file access.

Every collector (the log scanner, each adapter, the CLI and the runner) reads the same request, so it
sits at the bottom of the evidence wing, next to the allow-listed file reader it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from airflow_pipeline_debugger.domain import FailureContext, PipelineType
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.scope import TryScope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Opens a session on Airflow's metadata DB that commits on exit (``store.session.session_scope``).
MetadataScope = Callable[[], AbstractContextManager["Session"]]


@dataclass(frozen=True)
class LogSource:
    """One log handed to the investigation: a file on disk or text already in memory."""

    name: str
    source: str
    path: Path | None = None
    text: str | None = None
    #: For an Airflow task log: ``[line_no, logs_tab_no, count]`` runs giving the number Airflow's
    #: Logs tab shows for each line, so the UI can link a cited line to the same line there.
    logs_tab_map: list[list[int]] | None = None


@dataclass
class CollectionRequest:
    """Everything the collectors may look at for one failed task.

    :param context: identity and error of the failed task.
    :param logs: task, driver or tool logs (read through the scanner, never whole into memory).
    :param artifact_paths: files or folders named by the worker capture, the rendered command or
        the CLI; adapters read them only through ``files``.
    :param files: the allow-listed file reader.
    :param pipeline_type: forced platform, or ``None`` to detect it.
    :param metadata: a session on Airflow's metadata DB for adapters that read it (the runner has
        one; an offline ``analyze`` does not).
    :param scope: the failed try (window, recorded ids) that found artifacts must belong to; ``None``
        for an offline ``analyze``, where the user named every file.
    """

    context: FailureContext
    files: FileAccess
    logs: list[LogSource] = field(default_factory=list)
    artifact_paths: list[Path] = field(default_factory=list)
    pipeline_type: PipelineType | None = None
    metadata: MetadataScope | None = None
    scope: TryScope | None = None
