"""The only way adapters read files: under allow-listed roots, with size caps and binary detection.

Paths come from logs, rendered commands and worker captures, i.e. from untrusted text. So every
read resolves the path (following symlinks) and refuses anything whose real location is not inside
a configured root: ``../../etc/shadow`` and a symlink from the dbt target folder to ``/root`` are
both refused. Roots are grouped by adapter name (``logs``, ``dbt``, ``spark`` and ``cli`` for paths
the user named on the command line); a root may be a folder or a single file.

Every refusal is a :class:`FileAccessError` (an ``OSError``), so a caller that already handles I/O
errors handles refusals too, and the message says what was refused and why.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from airflow_pipeline_debugger.tolerant import json_object

#: Bytes sampled to decide whether a file is text.
SNIFF_BYTES = 8192
#: Above this share of undecodable bytes in the sample, a file is treated as binary.
MAX_INVALID_UTF8_RATIO = 0.10
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Error handler for text that is mostly UTF-8 with stray legacy bytes (see :func:`_legacy_bytes`).
LEGACY_BYTES = "pipeline-debugger-legacy-bytes"
#: Compressions a log may come in that the standard library reads, by magic number (RFC 1952 gzip,
#: bzip2's "BZh", the xz stream header): a rotated or archived log is read as the text it holds.
LOG_COMPRESSIONS: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
#: Byte-order marks of UTF-16 text (what Windows PowerShell 5's ``>`` writes): such a log is read as UTF-8.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: The start of the Airflow REST API's task-log response (``GET …/logs/{try_number}``, JSON):
#: ``{"content": [records…], "continuation_token": …}``, one line or pretty-printed.
_API_LOG_RE = re.compile(rb'\A\s*\{\s*"content"\s*:\s*\[')
#: Largest API response read whole to be unwrapped into its records. Parsing holds about six times
#: the file in memory (measured: 128 MB in, ~1 GB peak), and this runs on workers: a larger one is
#: streamed as it is, one long line the scanner reads within its own caps.
MAX_API_LOG_BYTES = 32 * 1024 * 1024
#: Decompressed bytes read from one compressed log at most: a decompression bomb costs bounded time.
MAX_DECOMPRESSED_LOG_BYTES = 4 * 1024 * 1024 * 1024
#: Magic numbers of compressions a log may come in that are not read here (zstd, lz4 frame).
UNREAD_COMPRESSIONS: tuple[tuple[bytes, str], ...] = (
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x04\x22\x4d\x18", "lz4"),
)


def _legacy_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 where it has no character).

    Logs mix encodings: a Windows client or a legacy database writes ``é`` as the single byte
    ``0xE9`` inside otherwise UTF-8 output. Reading those bytes as Latin-1 keeps the name a message
    quotes (``clientès``) instead of a replacement character, and valid UTF-8 is untouched.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_cp1252_or_latin1(b) for b in bad), exc.end


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error(LEGACY_BYTES, _legacy_bytes)


def decode_text(raw: bytes) -> str:
    """UTF-8 text with stray legacy bytes read as Windows-1252 (see :func:`_legacy_bytes`)."""
    return raw.decode("utf-8", errors=LEGACY_BYTES)


def compression_of(head: bytes, known: tuple[tuple[bytes, str], ...] = LOG_COMPRESSIONS) -> str:
    """The name of the compression whose magic number ``head`` starts with, else ``""``."""
    return next((name for magic, name in known if head.startswith(magic)), "")


class FileAccessError(OSError):
    """A file could not or may not be read; ``path`` names it and ``str()`` says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class PathNotAllowedError(FileAccessError):
    """The path (after resolving symlinks and ``..``) is outside every allow-listed root."""


class FileMissingError(FileAccessError):
    """The path does not exist."""


class AccessDeniedError(FileAccessError):
    """The operating system refused to open the file."""


class FileTooLargeError(FileAccessError):
    """The file is bigger than the cap for a whole-file read."""


class BinaryFileError(FileAccessError):
    """A text read was asked of a file that is not text (NUL bytes or mostly invalid UTF-8)."""


class NotAFileError(FileAccessError):
    """A file was expected, a folder (or device) was found, or the other way round."""


def looks_binary(sample: bytes, max_nul_ratio: float = 0.0) -> bool:
    """Whether a byte sample is not text: NUL bytes (more than ``max_nul_ratio``), or mostly not UTF-8.

    A multi-byte character cut at the end of the sample is not counted as invalid. Logs pass a
    small ``max_nul_ratio`` because a crash can leave a few NUL bytes in an otherwise fine log.
    """
    if not sample:
        return False
    if sample.count(b"\x00") > max_nul_ratio * len(sample):
        return True
    text = sample.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - sample.count("\xef\xbf\xbd".encode("latin-1"))
    if text.endswith("\ufffd"):
        invalid -= 1
    return invalid / max(1, len(sample)) > MAX_INVALID_UTF8_RATIO


class FileAccess:
    """Allow-listed, size-capped file reading for the evidence collectors.

    :param roots_by_adapter: adapter name → folders or files it may read (``"*"`` = any adapter).
    :param max_bytes: default cap for whole-file reads (:meth:`read_text`, :meth:`read_bytes`).
    """

    def __init__(
        self, roots_by_adapter: Mapping[str, Sequence[Path | str]], max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.max_bytes = max_bytes
        self._roots: dict[str, list[Path]] = {}
        for adapter, roots in roots_by_adapter.items():
            resolved = []
            for root in roots:
                try:
                    resolved.append(Path(root).expanduser().resolve())
                except (OSError, RuntimeError):  # a symlink loop in a configured root: skip it
                    continue
            self._roots[adapter] = list(dict.fromkeys(resolved))

    # -- roots -----------------------------------------------------------------------------------

    def roots_for(self, adapter: str) -> list[Path]:
        """The roots configured for one adapter (plus those open to every adapter)."""
        return [*self._roots.get(adapter, []), *self._roots.get("*", [])]

    def scope_of(self, path: Path | str, adapters: Sequence[str]) -> str:
        """The first of ``adapters`` whose roots hold ``path``; the first one when none does.

        For a reader that accepts a file from a few scopes (a log the CLI named or the runner
        copied); a path in none of them is then refused in the first scope's terms.
        """
        return next((adapter for adapter in adapters if self.is_allowed(path, adapter)), adapters[0])

    def with_roots(self, adapter: str, roots: Sequence[Path | str]) -> FileAccess:
        """A copy with more roots for one adapter (e.g. the CLI's explicitly named paths)."""
        merged: dict[str, list[Path | str]] = {k: list(v) for k, v in self._roots.items()}
        merged.setdefault(adapter, []).extend(roots)
        return FileAccess(merged, self.max_bytes)

    def _all_roots(self, adapter: str | None) -> list[Path]:
        if adapter is not None:
            return self.roots_for(adapter)
        return [root for roots in self._roots.values() for root in roots]

    def check(self, path: Path | str, adapter: str | None = None) -> Path:
        """Resolve ``path`` and return it when it lies inside an allowed root; raise otherwise.

        :param adapter: restrict to that adapter's roots; ``None`` accepts any configured root.
        """
        raw = Path(path).expanduser()
        try:
            real = raw.resolve(strict=True)
        except FileNotFoundError as exc:
            # Refuse before revealing whether a path outside the roots exists.
            self._ensure_inside(raw.resolve(), raw, adapter)
            raise FileMissingError(raw, "no such file or directory") from exc
        except (OSError, RuntimeError) as exc:
            raise FileAccessError(raw, f"cannot resolve path: {exc}") from exc
        self._ensure_inside(real, raw, adapter)
        return real

    def is_allowed(self, path: Path | str, adapter: str | None = None) -> bool:
        """Whether ``path`` exists inside an allowed root."""
        try:
            self.check(path, adapter)
        except FileAccessError:
            return False
        return True

    def _ensure_inside(self, real: Path, raw: Path, adapter: str | None) -> None:
        for root in self._all_roots(adapter):
            if real == root or real.is_relative_to(root):
                return
        where = f"the roots allowed for {adapter!r}" if adapter else "every allowed root"
        shown = f"{raw} (resolves to {real})" if raw.absolute() != real else str(raw)
        raise PathNotAllowedError(shown, f"outside {where}")

    # -- queries ---------------------------------------------------------------------------------

    def exists(self, path: Path | str, adapter: str | None = None) -> bool:
        """True when the path exists; raises :class:`PathNotAllowedError` when it is not allowed."""
        try:
            self.check(path, adapter)
        except FileMissingError:
            return False
        return True

    def size(self, path: Path | str, adapter: str | None = None) -> int:
        """Size in bytes of an allowed regular file."""
        return self._stat_file(self.check(path, adapter)).st_size

    def list_dir(self, path: Path | str, adapter: str | None = None) -> list[Path]:
        """Entries of an allowed folder, sorted, less those whose real location escapes the roots."""
        real = self.check(path, adapter)
        if not real.is_dir():
            raise NotAFileError(real, "not a directory")
        try:
            entries = sorted(real.iterdir())
        except PermissionError as exc:
            raise AccessDeniedError(real, "permission denied") from exc
        return [entry for entry in entries if self.is_allowed(entry, adapter)]

    # -- reading ---------------------------------------------------------------------------------

    def open_binary(self, path: Path | str, adapter: str | None = None) -> BinaryIO:
        """Open an allowed regular file for binary streaming (compressed event logs, raw scans)."""
        real = self.check(path, adapter)
        self._stat_file(real)
        try:
            return real.open("rb")
        except PermissionError as exc:
            raise AccessDeniedError(real, "permission denied") from exc
        except IsADirectoryError as exc:
            raise NotAFileError(real, "is a directory") from exc

    def open_log(
        self,
        path: Path | str,
        adapter: str | None = None,
        max_decompressed: int = MAX_DECOMPRESSED_LOG_BYTES,
    ) -> BinaryIO:
        """Open an allowed log for binary streaming, decompressed when it is gzip, bzip2 or xz.

        UTF-16 text (with its byte-order mark) is streamed as UTF-8; other content is returned as
        :meth:`open_binary` gives it (the scan decides what is text). :func:`log_problem` says when a
        compressed one ended early.
        """
        real = self.check(path, adapter)
        stream = self.open_binary(real, adapter)
        try:
            head = stream.peek(64)[:64] if isinstance(stream, io.BufferedReader) else b""
        except BaseException:
            stream.close()
            raise
        kind = compression_of(head)
        if not kind:
            if head[:2] in UTF16_BOMS:
                return io.BufferedReader(Utf16Log(stream))  # type: ignore[return-value]
            if _API_LOG_RE.match(head) and real.stat().st_size <= MAX_API_LOG_BYTES:
                with stream:
                    data = stream.read()
                return io.BytesIO(api_log_lines(data) or data)
            return stream
        stream.close()
        opener = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}[kind]
        inner: gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile = opener(real, "rb")  # type: ignore[operator]
        return io.BufferedReader(DecompressedLog(inner, kind, max_decompressed))  # type: ignore[return-value]

    def open_text(self, path: Path | str, adapter: str | None = None) -> TextIO:
        """Open an allowed text file (decompressed, see :meth:`open_log`) for streaming.

        Bytes that are not UTF-8 are read as Windows-1252 (see :func:`_legacy_bytes`). Raises
        :class:`BinaryFileError` when the first bytes show the file is not text.
        """
        stream = self.open_log(path, adapter)
        try:
            sample = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
            if looks_binary(sample):
                raise BinaryFileError(path, "binary content (NUL bytes or invalid UTF-8), not a text file")
        except BaseException:
            stream.close()
            raise
        return io.TextIOWrapper(stream, encoding="utf-8", errors=LEGACY_BYTES, newline="")

    def iter_lines(self, path: Path | str, adapter: str | None = None) -> Iterator[str]:
        """Lines of an allowed text file without their line endings, read lazily."""
        with self.open_text(path, adapter) as fh:
            for line in fh:
                yield line.rstrip("\r\n")

    def read_bytes(
        self,
        path: Path | str,
        max_bytes: int | None = None,
        *,
        adapter: str | None = None,
        truncate: bool = False,
    ) -> bytes:
        """Read a whole file under a cap.

        :param truncate: return the first ``max_bytes`` of a larger file instead of raising
            :class:`FileTooLargeError`.
        """
        limit = max_bytes or self.max_bytes
        real = self.check(path, adapter)
        size = self._stat_file(real).st_size
        if size > limit and not truncate:
            raise FileTooLargeError(real, f"{size} bytes is over the {limit}-byte cap")
        with self.open_binary(real, adapter) as fh:
            return fh.read(limit)

    def read_text(self, path: Path | str, max_bytes: int | None = None, *, adapter: str | None = None) -> str:
        """Read a whole text file under a cap (JSON artifacts); refuses binary and oversized files."""
        data = self.read_bytes(path, max_bytes, adapter=adapter)
        if looks_binary(data[:SNIFF_BYTES]):
            raise BinaryFileError(path, "binary content (NUL bytes or invalid UTF-8), not a text file")
        return data.decode("utf-8", errors="replace")

    @staticmethod
    def _stat_file(real: Path) -> os.stat_result:
        try:
            st = real.stat()
        except PermissionError as exc:
            raise AccessDeniedError(real, "permission denied") from exc
        except FileNotFoundError as exc:
            raise FileMissingError(real, "no such file or directory") from exc
        if not real.is_file():
            raise NotAFileError(real, "not a regular file")
        return st


def api_log_lines(data: bytes) -> bytes | None:
    """The records of an Airflow REST API task-log response, one per line, else ``None``.

    A log copied from the API (``{"content": [{"event": …}, …]}``) is one JSON document, often one
    line: unwrapped, its records read as the task runner wrote them, and the lines before the
    error count as lines again. Text entries (logs read from an older handler) stay text lines.
    """
    document = json_object(data)
    content = document.get("content") if document is not None else None
    if not isinstance(content, list):
        return None
    lines = [
        json.dumps(record, ensure_ascii=False) if isinstance(record, dict) else str(record)
        for record in content
        if isinstance(record, dict | str)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


class DecompressedLog(io.RawIOBase):
    """A compressed log read as the text it holds, never raising for its content.

    A log cut in transfer ends in half a compressed frame: the text before the cut is what there is,
    so a corrupt or early end ends the stream and :attr:`problem` says why, as does reaching
    ``max_bytes`` decompressed bytes.
    """

    def __init__(self, inner: gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile, kind: str, max_bytes: int) -> None:
        super().__init__()
        self._inner = inner
        self._kind = kind
        self._left = max_bytes
        self._max_bytes = max_bytes
        self.problem = ""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.problem:
            return 0
        if self._left <= 0:
            self.problem = f"stopped after {self._max_bytes} decompressed bytes of the {self._kind} log"
            return 0
        try:
            # read1: one step of decompression at a time, so a cut end loses nothing decoded before it.
            data = self._inner.read1(min(len(buffer), self._left))
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
            self.problem = f"the {self._kind} stream is cut or corrupt ({exc}): read up to there"
            return 0
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


class Utf16Log(io.RawIOBase):
    """A UTF-16 log (byte-order mark first) read as UTF-8 bytes, in bounded chunks."""

    _CHARS = 64 * 1024

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._text = io.TextIOWrapper(raw, encoding="utf-16", errors="replace", newline="")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            self._pending = self._text.read(self._CHARS).encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        self._text.close()
        super().close()


def log_problem(stream: BinaryIO) -> str:
    """Why a log from :meth:`FileAccess.open_log` ended early (a cut compressed stream), else ``""``."""
    raw = getattr(stream, "raw", None)
    return raw.problem if isinstance(raw, DecompressedLog) else ""
