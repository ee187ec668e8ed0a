"""Validation of evidence a user adds to an investigation (file upload or pasted text).

Uploads are untrusted: only text in a few formats, within ``[pipeline_debugger] upload_max_bytes``
(10 MB by default), is accepted, and each refusal names what was wrong so the UI can say it. What is
accepted is redacted (:func:`airflow_pipeline_debugger.evidence.redact.redact`) before it is stored.
Everything here is synchronous and CPU-bound (decoding, YAML/JSON checks, redaction of up to
10 MB): the API calls :func:`build_upload` in a worker thread, never on the event loop.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from airflow_pipeline_debugger.domain import Evidence, EvidenceKind
from airflow_pipeline_debugger.evidence.files import looks_binary
from airflow_pipeline_debugger.evidence.redact import redact

UPLOAD_KINDS: tuple[str, ...] = (
    EvidenceKind.LOG.value,
    EvidenceKind.SCHEMA.value,
    EvidenceKind.TRACE.value,
    EvidenceKind.DATASET.value,
)
EXTENSIONS: tuple[str, ...] = (".log", ".txt", ".json", ".yaml", ".yml", ".csv", ".trace")
MAX_NAME_CHARS = 200
#: Bounds on checking a YAML upload (whatever ``upload_max_bytes`` allows): characters, nesting
#: depth, ``*alias`` references and parser events.
MAX_YAML_CHARS = 16 * 1024 * 1024
MAX_YAML_DEPTH = 100
MAX_YAML_ALIASES = 1000
MAX_YAML_EVENTS = 5_000_000
_UNSAFE_NAME = re.compile(r"[^\w.\- ()+@=,]")


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


class UploadError(ValueError):
    """Refused upload; ``status_code`` is the HTTP status the API answers with."""

    def __init__(self, status_code: int, message: str) -> None:
        """``message`` is shown to the user as is."""
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def clean_name(name: str) -> str:
    """The file's base name without path parts or control characters (shown in the UI, cited in reports)."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE_NAME.sub("_", base)
    if len(base) > MAX_NAME_CHARS:
        ext = _suffix(base)
        base = base[: MAX_NAME_CHARS - len(ext)] + ext
    return base


def check_kind(kind: str) -> EvidenceKind:
    """The evidence kind, restricted to what users may add."""
    if kind not in UPLOAD_KINDS:
        raise UploadError(422, f"kind must be one of {', '.join(UPLOAD_KINDS)}; got {kind[:40]!r}")
    return EvidenceKind(kind)


def check_name(name: str) -> str:
    """A clean file name with an allowed extension."""
    cleaned = clean_name(name)
    if not cleaned or cleaned.startswith("."):
        raise UploadError(422, "a file name is required (for pasted text too), e.g. driver.log")
    ext = _suffix(cleaned)
    if ext not in EXTENSIONS:
        shown = ext or "no extension"
        raise UploadError(415, f"file type {shown!r} is not accepted; allowed: {' '.join(EXTENSIONS)}")
    return cleaned


def decode_text(raw: bytes, max_bytes: int) -> str:
    """The upload as text: non-empty, within the cap, not binary, valid UTF-8."""
    if len(raw) > max_bytes:
        raise UploadError(413, f"file is larger than the {human_size(max_bytes)} limit")
    if not raw.strip():
        raise UploadError(422, "the evidence is empty")
    if looks_binary(raw[:65536]):
        raise UploadError(
            415, "the file looks binary; only text evidence (logs, JSON, YAML, CSV) is accepted"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(422, f"the file is not valid UTF-8 text (byte {exc.start})") from None


def check_format(name: str, text: str) -> dict[str, object]:
    """Parse JSON and YAML uploads (a broken one is refused); a small summary of what was added."""
    ext = _suffix(name)
    summary: dict[str, object] = {"lines": text.count("\n") + (0 if text.endswith("\n") else 1)}
    if ext == ".json":
        summary["json_type"] = _json_type(text)
    elif ext in (".yaml", ".yml"):
        summary["yaml_nodes"] = check_yaml(text)
    return summary


def check_yaml(text: str) -> int:
    """Check YAML syntax within bounds; the number of parse events (nodes, roughly).

    Only the parser's events are walked — no Python objects are built, so an alias bomb ("billion
    laughs") costs nothing — and size, nesting depth, alias count and event count are capped, so a
    hostile file is refused in bounded time. libyaml's parser is used when PyYAML has it.
    """
    if len(text) > MAX_YAML_CHARS:
        raise UploadError(413, f"YAML is checked up to {human_size(MAX_YAML_CHARS)}; split the file")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = aliases = events = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            events += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise UploadError(422, f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise UploadError(422, f"YAML with more than {MAX_YAML_ALIASES} aliases (*refs)")
            if events > MAX_YAML_EVENTS:
                raise UploadError(413, f"YAML with more than {MAX_YAML_EVENTS} nodes")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise UploadError(422, f"not valid YAML{where}") from None
    return events


def _json_type(text: str) -> str:
    """``dict``/``list``… for a JSON document, ``jsonl`` for JSON Lines (a Spark event log is one)."""
    try:
        return type(json.loads(text)).__name__
    except json.JSONDecodeError as exc:
        error = exc
    if error.msg == "Extra data":
        for lineno, line in enumerate(text.splitlines(), start=1):
            try:
                if line.strip():
                    json.loads(line)
            except json.JSONDecodeError as exc:
                raise UploadError(
                    422, f"not valid JSON Lines: {exc.msg} at line {lineno} column {exc.colno}"
                ) from None
        return "jsonl"
    raise UploadError(422, f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}")


@dataclass(frozen=True)
class Upload:
    """A validated upload, ready to store."""

    evidence: Evidence


def build_upload(*, kind: str, name: str, raw: bytes, max_bytes: int, user: str) -> Upload:
    """Validate and redact one upload; raises :class:`UploadError` with the reason."""
    evidence_kind = check_kind(kind)
    cleaned = check_name(name)
    text = decode_text(raw, max_bytes)
    summary = check_format(cleaned, text)
    summary["uploaded_by"] = user
    return Upload(
        Evidence(
            id="",
            kind=evidence_kind,
            name=cleaned,
            source=f"uploaded by {user}",
            content=redact(text),
            size_bytes=len(raw),
            summary=summary,
        )
    )


def human_size(size: int) -> str:
    """``10 MB``, ``64 KB``: a limit as the refusal messages show it."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"
