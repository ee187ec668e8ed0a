"""Evidence users added to an investigation takes part in every later run of it.

An upload is stored (redacted, capped) as an ``upload`` artifact and survives re-runs; the runner
writes each one back to a file in its private work folder, which every adapter may read, and hands
it to collection like anything else it found:

* a file an adapter claims by name (a dbt ``run_results.json``, a Spark event log named after its
  application id) becomes an artifact path, so that adapter parses it as it would its own;
* anything else (a node's kernel log, kubelet events, a driver log, pasted text) is scanned like a
  task log, with the patterns of every applicable adapter.

The evidence collected from an upload then names it, who added it and when, in place of the work
folder's path, so a root cause citing it reads "added by alice at …" in the UI, the report and Slack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.domain import EvidenceBundle
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.store import repository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Folder of the work directory the uploads are written to, one sub-folder per upload.
ADDED_DIR = "added"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class AddedFile:
    """One upload written back to disk for collection."""

    evidence_id: str
    path: Path
    #: ``driver.log (U1, added by alice at 2026-12-06 03:41 UTC)``: what citations show as the source.
    label: str


def _label(name: str, evidence_id: str, user: str, when: str) -> str:
    who = f"added by {user}" if user else "added by a user"
    return f"{name} ({evidence_id}, {who}{f' at {when}' if when else ''})"


def write_added(session: Session, investigation_id: str, work_dir: Path) -> list[AddedFile]:
    """Write the investigation's uploads under ``work_dir`` (oldest first) for this run."""
    files: list[AddedFile] = []
    for artifact in repository.list_artifacts(session, investigation_id, origin=repository.UPLOAD_ORIGIN):
        # Names were cleaned at upload; cleaned again so no stored value can leave the folder.
        name = _UNSAFE.sub("_", Path(artifact.name).name).lstrip(".") or "upload.txt"
        folder = work_dir / ADDED_DIR / _UNSAFE.sub("_", artifact.evidence_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(artifact.content, encoding="utf-8")
        when = artifact.created_at.strftime("%Y-%m-%d %H:%M UTC") if artifact.created_at else ""
        files.append(
            AddedFile(
                artifact.evidence_id,
                path,
                _label(artifact.name, artifact.evidence_id, repository.uploaded_by(artifact), when),
            )
        )
    return files


def _claimed(path: Path, adapters: Sequence[Adapter]) -> bool:
    for adapter in adapters:
        try:
            if adapter.claims_artifact(path):
                return True
        except Exception:  # noqa: BLE001, S112 - a broken detection hook means "not claimed"
            continue
    return False


def add_to_request(
    request: CollectionRequest, added: Sequence[AddedFile], adapters: Sequence[Adapter]
) -> None:
    """Hand each upload to collection: as an artifact an adapter claims, else as a log to scan.

    A user chose each upload for this investigation, so the try's scope reads them as given.
    """
    if request.scope is not None:
        request.scope = replace(request.scope, chosen=(*request.scope.chosen, *(u.path for u in added)))
    for upload in added:
        if _claimed(upload.path, adapters):
            request.artifact_paths.append(upload.path)
        else:
            request.logs.append(LogSource(name=upload.path.name, source=upload.label, path=upload.path))


def mark_added(bundle: EvidenceBundle, added: Sequence[AddedFile]) -> None:
    """Name the upload (who, when) instead of the work folder's path in the evidence collected from it."""
    for evidence in bundle.evidence:
        for upload in added:
            if str(upload.path) in evidence.source:
                evidence.source = evidence.source.replace(str(upload.path), upload.label)
            elif str(upload.path.parent) in evidence.source:
                evidence.source = evidence.source.replace(str(upload.path.parent), upload.label)
