"""The same failure gives the same answer in every format its log really comes in.

Each family is one real failure whose log was written by the tool itself in several formats
(``tests/fixtures/formats/README.md`` says how each file was made): an Airflow task's missing
landing file (Airflow 3 JSON task log, the ``airflow dags test`` console, the UI's text download,
Airflow 2's text log, a KubernetesPodOperator relaying the pod), the same read by a BashOperator's
``cat`` (its ``Output:`` lines and ``Command exited with return code 1``), a dbt model selecting a column its
upstream lacks (console with and without colours, ``--log-format json``, ``logs/dbt.log``, relayed by
a BashOperator), and a PySpark job reading a truncated gzip input (log4j2's default and ISO-8601
layouts, Spark's JSON layout, log4j2's ECS JSON layout, relayed by SparkSubmitHook, as the driver's
container in ``yarn logs`` output). On top, every
file goes through what happens to logs on the way to a reader: Windows line endings, compression,
tabs for spaces, a Latin-1 line, a line too long to keep, kubectl's timestamps, a byte-order mark,
UTF-16, a compressed copy cut in transfer.

``airflow-pipeline-debugger analyze --format json --no-llm`` must give each file of a family the
same category and root-cause rule, and quote the same terminal error.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


@dataclass(frozen=True)
class Family:
    """One failure, the answer it must get, and the files that log it."""

    name: str
    category: str
    rule: str
    #: Words of the terminal error the root cause must quote (title or summary).
    says: str
    files: tuple[str, ...]


FAMILIES = (
    Family(
        "missing landing file",
        "data",
        "generic.file_not_found",
        "landing/customers/",
        (
            "airflow/landing_task_json.log",
            "airflow/landing_dags_test_console.log",
            "airflow/landing_ui_text.log",
            "airflow/landing_airflow2.log",
            "airflow/landing_airflow2_kpo.log",
        ),
    ),
    Family(
        "missing export read by a bash command",
        "data",
        "generic.file_not_found",
        "landing/orders/export.csv",
        (
            "airflow/bash_missing_export_task_json.log",
            "airflow/bash_missing_export_dags_test_console.log",
            "airflow/bash_missing_export_ui_text.log",
            "airflow/bash_missing_export_airflow2.log",
        ),
    ),
    Family(
        "dbt column missing upstream",
        "data",
        "dbt.missing_column",
        "discount_amount",
        (
            "dbt/missing_column_console.log",
            "dbt/missing_column_console_ansi_tty.log",
            "dbt/missing_column_json.log",
            "dbt/missing_column_dbt_file.log",
            "dbt/missing_column_airflow2_bash.log",
            "dbt/missing_column_airflow3_bash_json.log",
        ),
    ),
    Family(
        "Spark input gzip truncated",
        "data",
        "generic.error_code",
        "KD001",
        (
            "spark/truncated_gzip_log4j2_default.log",
            "spark/truncated_gzip_log4j2_iso8601.log",
            "spark/truncated_gzip_spark_json.log",
            "spark/truncated_gzip_ecs_json.log",
            "spark/truncated_gzip_airflow2_spark_submit.log",
            "spark/truncated_gzip_airflow3_spark_submit_json.log",
            "spark/truncated_gzip_yarn_aggregated.log",
            "spark/truncated_gzip_ipython_console.log",
            "spark/truncated_gzip_notebook_error_trace.log",
        ),
    ),
)


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _tabs(data: bytes) -> bytes:
    return data.replace(b"    ", b"\t")


def _second_line(extra: bytes) -> Callable[[bytes], bytes]:
    def insert(data: bytes) -> bytes:
        first, _, rest = data.partition(b"\n")
        return first + b"\n" + extra + b"\n" + rest

    return insert


def _kubectl_timestamps(data: bytes) -> bytes:
    """``kubectl logs --timestamps``: each line prefixed with the RFC 3339 time the kubelet read it."""
    lines = data.split(b"\n")
    return b"\n".join(b"2026-12-06T13:19:%02d.%09dZ %s" % (i % 60, i, ln) for i, ln in enumerate(lines))


def _gzip_cut(data: bytes) -> bytes:
    """A gzip copy cut in transfer, in the lines the task printed after its error (teardown)."""
    teardown = b"".join(b"worker %d heartbeat ok, %x\n" % (i, i * 2654435761 % 2**32) for i in range(5000))
    compressed = gzip.compress(data + teardown)
    return compressed[: len(compressed) - 4096]


#: What happens to a log between the tool and the reader, by name.
TRANSPORTS: dict[str, Callable[[bytes], bytes]] = {
    "as written": lambda data: data,
    "Windows line endings": _crlf,
    "gzip": gzip.compress,
    "bzip2": bz2.compress,
    "xz": lzma.compress,
    "tabs for spaces": _tabs,
    "a Latin-1 line": _second_line(
        "Chargement des clients pass\xe9s (r\xe9gion \xcele-de-France)".encode("latin-1")
    ),
    "a 3 MB line": _second_line(b"payload=" + b"x" * 3_000_000),
    "kubectl logs --timestamps": _kubectl_timestamps,
    "UTF-8 with a BOM": lambda data: b"\xef\xbb\xbf" + data,
    "UTF-16 (PowerShell's >)": lambda data: data.decode("utf-8").encode("utf-16"),
    "gzip cut in transfer": _gzip_cut,
}

#: Transports that only exercise the reader (not the format): run on each family's first file.
READER_ONLY = frozenset({"bzip2", "xz", "UTF-8 with a BOM"})

CASES = [
    pytest.param(family, name, transport, id=f"{Path(name).stem}-{transport}")
    for family in FAMILIES
    for name in family.files
    for transport in TRANSPORTS
    if transport not in READER_ONLY or name == family.files[0]
]


@pytest.fixture(autouse=True)
def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ANTHROPIC_API_KEY", "OPENROUTER_API_KEY"):
        monkeypatch.delenv(var, raising=False)


def analyze(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    """What ``analyze --format json --no-llm --log path`` prints."""
    assert cli.main(["analyze", "--format", "json", "--no-llm", "--log", str(path)]) == 0
    out = capsys.readouterr().out
    result: dict[str, Any] = json.loads(out)
    return result


@pytest.mark.parametrize(("family", "name", "transport"), CASES)
def test_same_answer_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, family: Family, name: str, transport: str
) -> None:
    path = tmp_path / Path(name).name
    path.write_bytes(TRANSPORTS[transport]((FIXTURES / name).read_bytes()))
    result = analyze(capsys, path)
    root = result["root_cause"]
    assert (result["category"], root["rule_id"]) == (family.category, family.rule), root["title"]
    assert family.says in root["title"] + root["summary"]


def test_a_cut_compressed_log_is_named_as_cut(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The answer from the text before the cut comes with the gap it has."""
    path = tmp_path / "attempt=1.log.gz"
    path.write_bytes(_gzip_cut((FIXTURES / "airflow/landing_task_json.log").read_bytes()))
    result = analyze(capsys, path)
    gaps = " ".join(result["root_cause"]["evidence_gaps"])
    assert "cut or corrupt" in gaps


def test_latin1_names_are_quoted_as_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path written in Latin-1 inside UTF-8 output is quoted with its letters, not U+FFFD."""
    data = (FIXTURES / "airflow/landing_dags_test_console.log").read_bytes()
    path = tmp_path / "console.log"
    path.write_bytes(data.replace(b"landing/customers/", "landing/clients_pass\xe9s/".encode("latin-1")))
    result = analyze(capsys, path)
    assert "landing/clients_passés/" in result["root_cause"]["title"]
    assert "\ufffd" not in result["root_cause"]["title"]


@pytest.mark.parametrize(
    ("magic", "kind"),
    [(b"\x28\xb5\x2f\xfd", "zstd"), (b"\x04\x22\x4d\x18", "lz4")],
)
def test_compressions_not_read_are_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, magic: bytes, kind: str
) -> None:
    path = tmp_path / "task.log"
    path.write_bytes(magic + b"\x00\x01" * 100)
    code = cli.main(["analyze", "--format", "json", "--no-llm", "--log", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"compressed with {kind}; decompress it first" in err


def test_cluster_mode_client_output_alone_is_an_honest_unknown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """spark-submit in YARN cluster mode prints the application's state, not the driver's error."""
    result = analyze(capsys, FIXTURES / "spark/cluster_mode_client.log")
    assert result["category"] == "unknown"
    assert result["root_cause"]["confidence"] <= 30


def test_cluster_mode_client_output_with_the_driver_log(capsys: pytest.CaptureFixture[str]) -> None:
    """Given the driver's log next to it, the driver's error decides."""
    argv = ["analyze", "--format", "json", "--no-llm"]
    for name in ("spark/cluster_mode_client.log", "spark/truncated_gzip_log4j2_default.log"):
        argv += ["--log", str(FIXTURES / name)]
    assert cli.main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["category"], result["root_cause"]["rule_id"]) == ("data", "generic.error_code")
    assert "KD001" in result["root_cause"]["title"]


@pytest.mark.parametrize("name", ["airflow/landing_airflow2.log", "airflow/landing_dags_test_console.log"])
def test_a_log_cut_before_its_exception_line_is_an_honest_unknown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """Cut inside the traceback, the error is missing: an unknown that says the log was cut."""
    data = (FIXTURES / name).read_bytes()
    path = tmp_path / "cut.log"
    path.write_bytes(data[: data.index(b"FileNotFoundError:")])
    result = analyze(capsys, path)
    assert result["category"] == "unknown" and result["root_cause"]["confidence"] <= 30
    assert any("ends inside a Python traceback" in gap for gap in result["root_cause"]["evidence_gaps"])


@pytest.mark.parametrize(
    "name", ["airflow/landing_task_json.log", "airflow/bash_missing_export_task_json.log"]
)
@pytest.mark.parametrize("indent", [None, 2])
def test_a_log_copied_from_the_rest_api_reads_as_its_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, indent: int | None
) -> None:
    """``GET …/logs/{try}`` answers ``{"content": [records…]}``: the same answer, citing the same line."""
    records = [json.loads(line) for line in (FIXTURES / name).read_text().splitlines()]
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"content": records, "continuation_token": None}, indent=indent))
    as_lines = analyze(capsys, FIXTURES / name)
    from_api = analyze(capsys, path)
    for key in ("category", "transience"):
        assert from_api[key] == as_lines[key]
    for key in ("rule_id", "title", "evidence"):
        assert from_api["root_cause"][key] == as_lines["root_cause"][key]
