"""The job's own source (Python, and a dbt model's SQL), given as artifacts, kept as ``source`` evidence.

A traceback names a frame (``dags/orders_to_eur.py:36 in convert_orders``); the line there, and the
lines that bound its names, say where a failing value came from (a Variable, a Connection's extra, a
job conf: the set-up, not the code). The CLI receives the DAG or job file as an artifact
(``--artifact dags/x.py``, or a folder holding it); inside Airflow the DAG file's code comes from the
metadata DB instead (``adapters/airflow/metadata.py``). A dbt model's ``.sql`` says what its SQL names
itself and what a ``var()`` filled in; the project's YAML (``dbt_project.yml``, a properties file
given by name) what it declares (a seed's ``column_types``, a model's config). ``profiles.yml`` holds
credentials and is never read as source. Files are read through the allow-listed
:class:`~airflow_pipeline_debugger.evidence.files.FileAccess` like every artifact, capped, refused
when binary, and redacted before they exist as evidence.
"""

from __future__ import annotations

from pathlib import Path

from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind
from airflow_pipeline_debugger.evidence.files import FileAccessError
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.evidence.request import CollectionRequest

#: The suffixes of source files: Python jobs and DAGs, SQL models.
SOURCE_SUFFIXES = (".py", ".sql")
#: Settings files read as source when given by name, and found in a folder only as the dbt project's.
SETTINGS_SUFFIXES = (".yml", ".yaml")
PROJECT_FILE = "dbt_project.yml"
#: Never read as source: it holds the warehouse's credentials.
_CREDENTIALS_FILES = frozenset(("profiles.yml", "profiles.yaml"))
#: Source files kept per investigation (a folder of a whole repository is not read file by file).
MAX_SOURCE_FILES = 20
#: Folder levels below an artifact folder searched for ``.py`` files.
MAX_DEPTH = 3
#: Folders that hold no job source: tools' output, caches, environments, event logs.
_SKIPPED_DIRS = frozenset(("__pycache__", ".git", "target", "logs", "site-packages", ".venv", "node_modules"))


def collect_sources(request: CollectionRequest, bundle: EvidenceBundle) -> None:
    """Add each ``.py``, ``.sql`` or settings artifact (or one inside an artifact folder) as ``source``."""
    found: list[Path] = []
    for path in map(Path, request.artifact_paths):
        if path.suffix in SETTINGS_SUFFIXES and path.name not in _CREDENTIALS_FILES:
            if request.files.exists(path) and not path.is_dir():
                found.append(path)
            continue
        _find(request, path, found, MAX_DEPTH)
        if len(found) >= MAX_SOURCE_FILES:
            break
    for path in found[:MAX_SOURCE_FILES]:
        try:
            text = request.files.read_text(path, MAX_SOURCE_BYTES)
        except (FileAccessError, OSError) as exc:
            bundle.add_evidence(
                Evidence(
                    id="",
                    kind=EvidenceKind.COLLECTION_ERROR,
                    name=redact(f"source {path.name}"),
                    source=redact(str(path)),
                    content=redact(f"not read as the job's source: {exc}"),
                )
            )
            continue
        bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.SOURCE,
                name=path.name,
                source=str(path),
                content=redact(text),
                size_bytes=len(text.encode()),
                summary={"path": str(path)},
            )
        )


def _find(request: CollectionRequest, path: Path, found: list[Path], depth: int) -> None:
    """Append the source files at or under ``path`` (folders ``depth`` levels down) to ``found``."""
    if len(found) >= MAX_SOURCE_FILES:
        return
    if path.suffix in SOURCE_SUFFIXES or path.name == PROJECT_FILE:
        if request.files.exists(path) and not path.is_dir():
            found.append(path)
        return
    if depth <= 0 or path.name in _SKIPPED_DIRS or path.name.startswith("eventlog"):
        return
    try:
        entries = request.files.list_dir(path)
    except (FileAccessError, OSError):
        return
    for entry in entries:
        _find(request, entry, found, depth - 1)
