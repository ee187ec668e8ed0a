"""Allow-listed file access: escapes are refused, caps and binary detection give clear errors."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path

import pytest

from airflow_pipeline_debugger.evidence import files as files_module
from airflow_pipeline_debugger.evidence.files import (
    AccessDeniedError,
    BinaryFileError,
    FileAccess,
    FileAccessError,
    FileMissingError,
    FileTooLargeError,
    NotAFileError,
    PathNotAllowedError,
    api_log_lines,
    compression_of,
    decode_text,
    log_problem,
    looks_binary,
)


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    logs = tmp_path / "logs"
    dbt = tmp_path / "dbt" / "target"
    secret = tmp_path / "private"
    for d in (logs, dbt, secret):
        d.mkdir(parents=True)
    (logs / "task.log").write_text("line 1\nline 2\r\nline 3\n")
    (dbt / "run_results.json").write_text('{"results": []}')
    (secret / "shadow").write_text("root:x:0:0\n")
    (logs / "escape").symlink_to(secret / "shadow")
    (logs / "inside_link").symlink_to(logs / "task.log")
    (logs / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    return {"root": tmp_path, "logs": logs, "dbt": dbt, "secret": secret}


def _fa(tree: dict[str, Path], max_bytes: int = 1024) -> FileAccess:
    return FileAccess({"logs": [tree["logs"]], "dbt": [tree["dbt"]]}, max_bytes)


def test_reads_inside_roots(tree: dict[str, Path]) -> None:
    fa = _fa(tree)
    assert list(fa.iter_lines(tree["logs"] / "task.log")) == ["line 1", "line 2", "line 3"]
    assert fa.read_text(tree["dbt"] / "run_results.json") == '{"results": []}'
    assert fa.read_bytes(tree["logs"] / "inside_link") == b"line 1\nline 2\r\nline 3\n"
    assert fa.exists(tree["logs"] / "task.log")
    assert not fa.exists(tree["logs"] / "nope.log")
    assert fa.size(tree["logs"] / "task.log") == 22
    with fa.open_text(tree["logs"] / "task.log") as fh:
        assert fh.readline() == "line 1\n"


@pytest.mark.parametrize(
    "relative",
    ["logs/../private/shadow", "logs/escape", "private/shadow", "logs/../../../../etc/passwd"],
)
def test_escapes_are_refused(tree: dict[str, Path], relative: str) -> None:
    fa = _fa(tree)
    with pytest.raises(PathNotAllowedError, match="outside"):
        fa.read_text(tree["root"] / relative)
    assert not fa.is_allowed(tree["root"] / relative)


def test_missing_path_outside_roots_is_refused_not_reported_missing(tree: dict[str, Path]) -> None:
    with pytest.raises(PathNotAllowedError):
        _fa(tree).exists(tree["root"] / "private" / "does-not-exist")


def test_adapter_roots_are_separate(tree: dict[str, Path]) -> None:
    fa = _fa(tree)
    fa.check(tree["dbt"] / "run_results.json", adapter="dbt")
    with pytest.raises(PathNotAllowedError, match="'logs'"):
        fa.check(tree["dbt"] / "run_results.json", adapter="logs")
    assert fa.roots_for("dbt") == [tree["dbt"].resolve()]
    assert fa.roots_for("spark") == []


def test_a_root_can_be_a_single_file(tree: dict[str, Path]) -> None:
    fa = FileAccess({"cli": [tree["secret"] / "shadow"]})
    assert fa.read_text(tree["secret"] / "shadow") == "root:x:0:0\n"
    with pytest.raises(PathNotAllowedError):
        fa.read_text(tree["logs"] / "task.log")


def test_with_roots_adds_cli_paths(tree: dict[str, Path]) -> None:
    fa = _fa(tree).with_roots("cli", [tree["secret"]])
    assert fa.read_text(tree["secret"] / "shadow").startswith("root")


def test_size_cap(tree: dict[str, Path]) -> None:
    big = tree["logs"] / "big.log"
    big.write_text("x" * 5000)
    fa = _fa(tree, max_bytes=1024)
    with pytest.raises(FileTooLargeError, match="5000 bytes is over the 1024-byte cap"):
        fa.read_text(big)
    assert fa.read_bytes(big, truncate=True) == b"x" * 1024
    assert len(fa.read_text(big, max_bytes=10_000)) == 5000


def test_binary_detection(tree: dict[str, Path]) -> None:
    fa = _fa(tree)
    with pytest.raises(BinaryFileError, match="binary"):
        fa.read_text(tree["logs"] / "binary.bin")
    with pytest.raises(BinaryFileError):
        list(fa.iter_lines(tree["logs"] / "binary.bin"))
    assert fa.read_bytes(tree["logs"] / "binary.bin")[:3] == b"\x00\x01\x02"


def test_mostly_invalid_utf8_is_binary_but_a_few_bad_bytes_are_text() -> None:
    assert looks_binary(bytes(range(128, 256)) * 10)
    assert not looks_binary(b"caf\xe9 ok " * 5 + b"plain ascii text " * 20)
    assert not looks_binary("naïve ünïcödé".encode() * 100)
    assert not looks_binary("€".encode()[:2])  # a character cut at the sample's end
    assert not looks_binary(b"")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"bad \xff byte", "bad \xff byte"),  # Latin-1 y-diaeresis
        (b"client\xe8s", "client\xe8s"),  # a Latin-1 name inside UTF-8 output
        (b"it\x92s", "it\u2019s"),  # Windows-1252 right quote
        (b"odd \x81 byte", "odd \x81 byte"),  # undefined in Windows-1252: read as Latin-1
        ("caf\u00e9 \u2192 ok".encode(), "caf\u00e9 \u2192 ok"),  # valid UTF-8 untouched
        (b"mixed caf\xc3\xa9 and caf\xe9", "mixed caf\u00e9 and caf\u00e9"),
    ],
)
def test_bytes_that_are_not_utf8_are_read_as_windows_1252(
    tree: dict[str, Path], raw: bytes, text: str
) -> None:
    """A log that mixes encodings keeps the names it quotes (no replacement characters)."""
    path = tree["logs"] / "mixed.log"
    path.write_bytes(b"ok line\n" + raw + b"\n" + b"filler text line\n" * 50)
    lines = list(_fa(tree).iter_lines(path))
    assert lines[1] == text
    assert decode_text(raw) == text


def test_clear_error_types(tree: dict[str, Path]) -> None:
    fa = _fa(tree)
    with pytest.raises(FileMissingError):
        fa.read_text(tree["logs"] / "nope.log")
    with pytest.raises(NotAFileError):
        fa.read_text(tree["logs"])
    with pytest.raises(NotAFileError):
        fa.list_dir(tree["logs"] / "task.log")
    assert issubclass(PathNotAllowedError, OSError) and issubclass(FileTooLargeError, FileAccessError)


def test_permission_denied(tree: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, where chmod 0 does not stop a read: simulate the OS refusal.
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(AccessDeniedError, match="permission denied"):
        _fa(tree).read_text(tree["logs"] / "task.log")


def test_list_dir_hides_escaping_links(tree: dict[str, Path]) -> None:
    names = [p.name for p in _fa(tree).list_dir(tree["logs"])]
    assert "escape" not in names
    assert {"task.log", "inside_link", "binary.bin"} <= set(names)


def test_rejects_bad_cap() -> None:
    with pytest.raises(ValueError, match="positive"):
        FileAccess({}, 0)


_LOG = b"".join(b"line %d of the task log\n" % i for i in range(2000)) + b"KeyError: 'customer_id'\n"
_COMPRESSORS: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("gzip", gzip.compress),
    ("bzip2", bz2.compress),
    ("xz", lzma.compress),
]


@pytest.mark.parametrize(("kind", "compress"), _COMPRESSORS)
def test_compressed_logs_are_read_as_their_text(
    tree: dict[str, Path], kind: str, compress: Callable[[bytes], bytes]
) -> None:
    """A rotated or archived log (by magic number, whatever its name) reads as the text it holds."""
    path = tree["logs"] / "attempt=1.log"  # no suffix says it is compressed
    path.write_bytes(compress(_LOG))
    assert compression_of(path.read_bytes()[:8]) == kind
    with _fa(tree).open_log(path) as fh:
        assert fh.read() == _LOG
        assert log_problem(fh) == ""
    assert list(_fa(tree).iter_lines(path))[-1] == "KeyError: 'customer_id'"


def test_plain_log_is_opened_as_it_is(tree: dict[str, Path]) -> None:
    with _fa(tree).open_log(tree["logs"] / "task.log") as fh:
        assert fh.read() == b"line 1\nline 2\r\nline 3\n"
        assert log_problem(fh) == ""


@pytest.mark.parametrize(("kind", "compress"), _COMPRESSORS)
def test_cut_compressed_log_gives_the_text_before_the_cut(
    tree: dict[str, Path], kind: str, compress: Callable[[bytes], bytes]
) -> None:
    """A log cut in transfer ends in half a frame: the text before it is read and the cut is named."""
    path = tree["logs"] / "cut.log.gz"
    data = compress(_LOG)
    path.write_bytes(data[: len(data) * 3 // 4])
    with _fa(tree).open_log(path) as fh:
        text = fh.read()
        problem = log_problem(fh)
    assert _LOG.startswith(text)
    assert kind in problem and "cut or corrupt" in problem


def test_decompressed_bytes_are_capped(tree: dict[str, Path]) -> None:
    """A decompression bomb costs bounded time: reading stops at the cap and says so."""
    path = tree["logs"] / "bomb.log.gz"
    path.write_bytes(gzip.compress(b"x" * 100_000))
    with _fa(tree).open_log(path, max_decompressed=4096) as fh:
        assert len(fh.read()) == 4096
        assert "stopped after 4096 decompressed bytes" in log_problem(fh)


def test_compression_of_names_only_known_magic_numbers() -> None:
    assert compression_of(b"\x1f\x8b\x08\x00") == "gzip"
    assert compression_of(b"BZh91AY") == "bzip2"
    assert compression_of(b"\xfd7zXZ\x00\x00") == "xz"
    assert compression_of(b"2026-12-06 INFO") == ""
    assert compression_of(b'{"level": "error"}') == ""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_logs_with_a_bom_read_as_utf8(tree: dict[str, Path], encoding: str) -> None:
    """PowerShell 5's ``>`` writes UTF-16 with a byte-order mark; the log reads as its text."""
    text = "Binder Error: column \u00e9t\u00e9 not found\n" * 3000
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path = tree["logs"] / "ps.log"
    path.write_bytes(bom + text.encode(encoding))
    with _fa(tree).open_log(path) as fh:
        assert fh.read().decode("utf-8") == text
    assert list(_fa(tree).iter_lines(path))[-1] == "Binder Error: column \u00e9t\u00e9 not found"


def test_utf16_without_a_bom_stays_binary(tree: dict[str, Path]) -> None:
    """Without the mark nothing says it is text: NUL bytes every other byte read as binary."""
    path = tree["logs"] / "nobom.log"
    path.write_bytes(("Binder Error\n" * 1000).encode("utf-16-le"))
    with pytest.raises(BinaryFileError):
        list(_fa(tree).iter_lines(path))


_RECORDS = [
    {"timestamp": "2026-12-06T13:51:00Z", "level": "info", "event": "Fetched 0 rows from orders"},
    {"timestamp": "2026-12-06T13:51:01Z", "level": "error", "event": "Task failed with exception"},
]


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        # The Airflow REST API's response, on one line or pretty-printed: one record per line.
        (json.dumps({"content": _RECORDS, "continuation_token": None}).encode(), 2),
        (json.dumps({"content": _RECORDS, "continuation_token": "abc"}, indent=2).encode(), 2),
        (json.dumps({"content": ["*** Found local files:", _RECORDS[1]]}).encode(), 2),  # text entries stay
        # Distractors: a JSON log line, a record with a "content" field, a cut response.
        (json.dumps(_RECORDS[0]).encode(), None),
        (json.dumps({"content": "not a list"}).encode(), None),
        (json.dumps({"content": _RECORDS})[:-20].encode(), None),
    ],
)
def test_api_log_lines(data: bytes, lines: int | None) -> None:
    out = api_log_lines(data)
    assert (None if out is None else len(out.decode().splitlines())) == lines


def test_an_api_response_is_opened_as_its_records(tree: dict[str, Path]) -> None:
    path = tree["logs"] / "api.json"
    path.write_text(json.dumps({"content": _RECORDS, "continuation_token": None}))
    lines = list(_fa(tree).iter_lines(path))
    assert [json.loads(line)["event"] for line in lines] == [
        "Fetched 0 rows from orders",
        "Task failed with exception",
    ]


def test_an_api_response_above_the_parse_cap_is_streamed_as_it_is(
    tree: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing costs several times the file in memory: past the cap the document is not parsed."""
    path = tree["logs"] / "api.json"
    body = json.dumps({"content": _RECORDS, "continuation_token": None})
    path.write_text(body)
    monkeypatch.setattr(files_module, "MAX_API_LOG_BYTES", len(body) - 1)
    assert list(_fa(tree).iter_lines(path)) == [body]
