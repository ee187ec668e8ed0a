"""Planted secrets never survive redaction; ordinary log text is left exactly as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from airflow_pipeline_debugger.evidence.redact import MASK, Redactor, redact, redact_value

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "secrets"


def _secrets() -> list[str]:
    return [s for s in (FIXTURES / "planted_secrets.txt").read_text().splitlines() if s]


def test_no_planted_secret_survives_whole_text() -> None:
    out = redact((FIXTURES / "planted.log").read_text())
    leaked = [s for s in _secrets() if s in out]
    assert leaked == []


def test_no_planted_secret_survives_line_by_line_streaming() -> None:
    redactor = Redactor()
    out = "".join(redactor.feed_lines((FIXTURES / "planted.log").open()))
    assert [s for s in _secrets() if s in out] == []


def _single_line_cases() -> list[tuple[str, str]]:
    """(secret, its line) for secrets recognisable from their own line (PEM body lines are not)."""
    lines, in_pem = [], False
    for ln in (FIXTURES / "planted.log").read_text().splitlines():
        if ln.startswith("-----BEGIN") or ln.startswith("-----END"):
            in_pem = ln.startswith("-----BEGIN")
        elif not in_pem:
            lines.append(ln)
    return [(s, ln) for s in _secrets() for ln in lines if s in ln]


@pytest.mark.parametrize(("secret", "line"), _single_line_cases())
def test_each_planted_secret_also_masked_alone_in_its_line(secret: str, line: str) -> None:
    assert secret not in redact(line)


def test_ordinary_log_is_not_mangled() -> None:
    text = (FIXTURES / "ordinary.log").read_text()
    assert redact(text) == text


def test_structure_around_secrets_is_kept() -> None:
    assert redact("postgresql://etl:pw-123@db:5432/x") == f"postgresql://etl:{MASK}@db:5432/x"
    assert redact("password=hunter2 user=etl") == f"password={MASK} user=etl"
    assert redact('{"password": "abc123", "host": "db"}') == f'{{"password": "{MASK}", "host": "db"}}'
    assert redact("Authorization: Bearer abcdefgh12345") == f"Authorization: Bearer {MASK}"


def test_pem_block_masks_key_lines_and_resumes_after_end() -> None:
    text = "a\n-----BEGIN EC PRIVATE KEY-----\nAAAA1111\nBBBB2222\n-----END EC PRIVATE KEY-----\nb\n"
    out = redact(text)
    assert "AAAA1111" not in out and "BBBB2222" not in out
    assert out.splitlines()[0] == "a" and out.splitlines()[-1] == "b"
    assert out.count("\n") == text.count("\n")


def test_unterminated_pem_block_stops_swallowing_after_a_bound() -> None:
    lines = ["-----BEGIN PRIVATE KEY-----"] + [f"KEYMATERIAL{i:04d}" for i in range(300)]
    out = redact("\n".join(lines)).splitlines()
    assert all("KEYMATERIAL" not in ln for ln in out[:150])
    assert "KEYMATERIAL0299" in out[-1]


def test_crlf_and_empty_input() -> None:
    assert redact("") == ""
    assert redact("token=abc123\r\nok\r\n") == f"token={MASK}\r\nok\r\n"


def test_redact_value_walks_structures_and_masks_secret_keys() -> None:
    data = {
        "exc_value": "could not connect to postgresql://u:pw9@h/db",
        "conn": {"password": "plain", "login": "etl", "port": 5432},
        "frames": [{"filename": "x.py", "lineno": 3}],
        "api_key": None,
    }
    out = redact_value(data)
    assert out["exc_value"] == f"could not connect to postgresql://u:{MASK}@h/db"
    assert out["conn"] == {"password": MASK, "login": "etl", "port": 5432}
    assert out["frames"] == [{"filename": "x.py", "lineno": 3}]
    assert out["api_key"] is None


def test_airflow_masker_values_are_masked_when_airflow_has_loaded_it() -> None:
    from airflow._shared.secrets_masker import mask_secret

    assert "airflow._shared.secrets_masker" in sys.modules
    mask_secret("opaque-registered-value-9931")
    assert "opaque-registered-value-9931" not in redact("the value opaque-registered-value-9931 leaked")


#: (text, expected): passwords in URIs and query strings hold the characters real passwords hold.
URI_AND_QUERY_CASES = [
    ("postgresql://etl_loader:Zq8!vR2#pLm4@host/db", f"postgresql://etl_loader:{MASK}@host/db"),
    ("mysql://u:p@ss@h:3306/db", f"mysql://u:{MASK}@h:3306/db"),
    ("mysql://u:a/b?c@h/db", f"mysql://u:{MASK}@h/db"),
    ("redis://:s3cr3t@cache:6379/0", f"redis://:{MASK}@cache:6379/0"),
    ("url='postgresql://etl:Zq8!vR2#pLm4@db/x' failed", f"url='postgresql://etl:{MASK}@db/x' failed"),
    (
        "jdbc:postgresql://db:5432/wh?user=etl&password=Tr0ub4dor&3x&ssl=true",
        f"jdbc:postgresql://db:5432/wh?user=etl&password={MASK}&ssl=true",
    ),
    ("jdbc:postgresql://db/wh?password=Tr0ub4dor&3x", f"jdbc:postgresql://db/wh?password={MASK}"),
    (
        "jdbc:sqlserver://h:1433;databaseName=x;user=sa;password=a&b;c;encrypt=true",
        f"jdbc:sqlserver://h:1433;databaseName=x;user=sa;password={MASK};encrypt=true",
    ),
    ("user=etl&password=Tr0ub4dor&3x", f"user=etl&password={MASK}"),
    ("https://api.example.com/v1?api_key=ab&cd&page=2", f"https://api.example.com/v1?api_key={MASK}&page=2"),
]

#: Text that looks like user info or parameters but holds no secret: left exactly as it was.
NOT_SECRETS = [
    "https://host:8080/path?email=a@b.com",
    "see https://example.com/a?b=c&d=e ok",
    "jdbc:postgresql://db:5432/wh?user=etl&ssl=true",
    "user:pw@host without a scheme is not a URI",
    "postgresql://etl@db:5432/x",
    "jdbc:postgresql://db/wh?password=&ssl=true",
]


@pytest.mark.parametrize(("text", "expected"), URI_AND_QUERY_CASES)
def test_uri_and_query_passwords_are_masked_whole(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_uri_and_query_text_without_a_secret_is_kept(text: str) -> None:
    assert redact(text) == text
