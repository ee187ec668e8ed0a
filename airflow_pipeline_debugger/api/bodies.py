"""Reading an upload's request body with a hard byte limit, whatever the client declares.

``Content-Length`` is only a claim, and a chunked body has none; Starlette's ``request.body()``
reads everything and its multipart parser spools file parts without a limit. So the body is read
here chunk by chunk with a counter, refused with 413 as soon as it passes the limit (nothing more is
read), and only then parsed — JSON in a worker thread, forms from the bytes already read.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message

from airflow_pipeline_debugger.api.uploads import UploadError, human_size

#: Room for the form's own fields and boundaries (or JSON's quoting) on top of the upload cap.
FORM_OVERHEAD_BYTES = 64 * 1024


async def read_capped(request: Request, limit: int, max_bytes: int) -> bytes:
    """The whole body, or :class:`UploadError` 413 once more than ``limit`` bytes arrived."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise UploadError(413, f"the upload is larger than the {human_size(max_bytes)} limit")
    return bytes(body)


def _json_fields(body: bytes) -> tuple[str, str, bytes]:
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise UploadError(400, "the request body is not valid JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("content"), str):
        raise UploadError(422, 'expected {"kind": ..., "name": ..., "content": "<text>"}')
    return str(payload.get("kind") or ""), str(payload.get("name") or ""), payload["content"].encode("utf-8")


async def read_upload(request: Request, max_bytes: int) -> tuple[str, str, bytes]:
    """``(kind, name, raw)`` from a multipart form (``file`` or ``text``) or a JSON body."""
    content_type = request.headers.get("content-type", "")
    is_json = content_type.startswith("application/json")
    if not is_json and not content_type.startswith("multipart/form-data"):
        # Not urlencoded: that is the form any other site can make a browser submit (see api/csrf.py).
        raise UploadError(415, "send multipart/form-data (a file, or text) or application/json")
    body = await read_capped(request, max_bytes + FORM_OVERHEAD_BYTES, max_bytes)
    if is_json:
        return await run_in_threadpool(_json_fields, body)

    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=1, max_fields=8, max_part_size=max_bytes + 1)
    kind = str(form.get("kind") or "")
    upload = form.get("file")
    text = form.get("text")
    if isinstance(upload, UploadFile):
        raw = await upload.read(max_bytes + 1)
        name = str(form.get("name") or upload.filename or "")
    elif isinstance(text, str):
        raw = text.encode("utf-8")
        name = str(form.get("name") or "")
    else:
        raise UploadError(422, "add a file (field 'file') or pasted text (field 'text')")
    return kind, name, raw
