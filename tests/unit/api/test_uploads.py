"""Upload validation: what is accepted, and the reason given for everything that is not."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.api.uploads import UploadError, build_upload, clean_name

CAP = 1024


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("driver.log", "driver.log"),
        ("../../etc/passwd.log", "passwd.log"),
        ("C:\\logs\\run.txt", "run.txt"),
        ("bad\x00name\x1b.log", "badname.log"),
        ("<script>.json", "_script_.json"),
        ("a" * 300 + ".log", "a" * 196 + ".log"),
    ],
)
def test_clean_name(name: str, expected: str) -> None:
    assert clean_name(name) == expected


@pytest.mark.parametrize(
    ("kind", "name", "raw", "status", "words"),
    [
        ("config", "a.log", b"x", 422, "kind must be one of log, schema, trace, dataset"),
        ("log", "a.exe", b"x", 415, "'.exe' is not accepted"),
        ("log", "README", b"x", 415, "no extension"),
        ("log", "", b"x", 422, "file name is required"),
        ("log", ".log", b"x", 422, "file name is required"),
        ("log", "a.log", b"x" * (CAP + 1), 413, "1 KB limit"),
        ("log", "a.log", b" \n\t", 422, "empty"),
        ("log", "a.log", b"\x00\x01\x02binary" * 10, 415, "looks binary"),
        ("log", "a.log", b"fine text " * 50 + b"\xff", 422, "not valid UTF-8"),
        ("schema", "s.json", b'{"a": ', 422, "not valid JSON: Expecting value at line 1 column 7"),
        ("schema", "s.yml", b"a: [1\n", 422, "not valid YAML"),
        (
            "log",
            "e.json",
            b'{"Event": "a"}\n{"Event": \n',
            422,
            "not valid JSON Lines: Expecting value at line 2",
        ),
    ],
)
def test_refusals_say_why(kind: str, name: str, raw: bytes, status: int, words: str) -> None:
    with pytest.raises(UploadError) as info:
        build_upload(kind=kind, name=name, raw=raw, max_bytes=CAP, user="alice")
    assert info.value.status_code == status
    assert words in info.value.message


def test_accepted_upload_is_redacted_and_summarised() -> None:
    raw = b"\xef\xbb\xbfconnect postgresql://etl:s3cr3t-pass@db/x\nERROR <script>alert(1)</script>\n"
    upload = build_upload(kind="log", name="sub/driver.log", raw=raw, max_bytes=CAP, user="alice")
    ev = upload.evidence
    assert ev.name == "driver.log"
    assert ev.kind.value == "log"
    assert "s3cr3t-pass" not in ev.content
    assert "<script>alert(1)</script>" in ev.content  # stored as text; escaping is the renderer's job
    assert ev.size_bytes == len(raw)
    assert ev.summary == {"lines": 2, "uploaded_by": "alice"}
    assert ev.source == "uploaded by alice"


def test_valid_json_and_yaml_are_accepted() -> None:
    js = build_upload(kind="schema", name="s.json", raw=b'[{"name": "id"}]', max_bytes=CAP, user="u")
    assert js.evidence.summary["json_type"] == "list"
    events = b'{"Event":"SparkListenerLogStart"}\n\n{"Event":"SparkListenerJobStart","Job ID":0}\n'
    spark = build_upload(kind="log", name="local-1795373141902.json", raw=events, max_bytes=CAP, user="u")
    assert spark.evidence.summary["json_type"] == "jsonl"
    build_upload(kind="dataset", name="d.yaml", raw=b"a: 1\n---\nb: 2\n", max_bytes=CAP, user="u")
    build_upload(kind="dataset", name="rows.csv", raw=b"id,name\n1,x\n", max_bytes=CAP, user="u")


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "status", "words"),
    [
        ("x: " + "[" * 200 + "]" * 200, 422, "nested deeper than 100 levels"),
        ("base: &b {k: v}\n" + "".join(f"k{i}: *b\n" for i in range(1001)), 422, "more than 1000 aliases"),
    ],
    ids=["deep", "many-aliases"],
)
def test_hostile_yaml_is_refused_in_bounded_work(text: str, status: int, words: str) -> None:
    with pytest.raises(UploadError) as err:
        build_upload(kind="schema", name="s.yaml", raw=text.encode(), max_bytes=1 << 20, user="u")
    assert (err.value.status_code, words in err.value.message) == (status, True), err.value.message


def test_alias_bomb_is_checked_without_expanding_it() -> None:
    """9**9 nodes once expanded; the check walks parser events only, so it sees ~100 and accepts."""
    upload = build_upload(
        kind="schema", name="lol.yaml", raw=BILLION_LAUGHS.encode(), max_bytes=CAP * 4, user="u"
    )
    assert 0 < int(upload.evidence.summary["yaml_nodes"]) < 200  # type: ignore[call-overload]


def test_yaml_over_the_parse_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow_pipeline_debugger.api import uploads

    monkeypatch.setattr(uploads, "MAX_YAML_CHARS", 100)
    with pytest.raises(UploadError, match="YAML is checked up to 100 bytes"):
        build_upload(kind="schema", name="s.yaml", raw=b"k: v\n" * 30, max_bytes=CAP, user="u")
