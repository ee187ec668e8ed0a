"""Evidence users added: the one who added a file may take it out again.

Kept apart from the upload route (:mod:`.routes`) so adding and removing each stay small. Removing
an upload does not touch the current answer; the next re-run is made without it.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status

from airflow_pipeline_debugger.api.security import UserDep, check_investigation_access
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.session import session_scope

router = APIRouter(prefix="/api")


@router.delete(
    "/investigations/{investigation_id}/artifacts/{evidence_id}", status_code=status.HTTP_204_NO_CONTENT
)
def delete_added(investigation_id: str, evidence_id: str, request: Request, user: UserDep) -> Response:
    """Remove evidence the caller added (204); 409 for collected evidence, 403 for someone else's."""
    with session_scope() as session:
        inv = check_investigation_access(request, user, repository.get(session, investigation_id), "PUT")
        artifact = next(
            (a for a in repository.list_artifacts(session, inv.id) if a.evidence_id == evidence_id), None
        )
        if artifact is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Evidence not found")
        if artifact.origin != repository.UPLOAD_ORIGIN:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                "only evidence a user added can be removed; collected evidence is replaced by a re-run",
            )
        if repository.uploaded_by(artifact) != str(user.get_name()):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "only the user who added this evidence may remove it"
            )
        repository.delete_upload(session, inv.id, evidence_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
