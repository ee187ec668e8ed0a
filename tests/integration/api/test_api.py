"""The plugin API on a real api-server: authentication, per-DAG authorisation, uploads, re-run, feedback."""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Iterator

import httpx
import jwt
import pytest
from helpers import DAG_OTHER, DAG_TEAM, JWT_SECRET, UPLOAD_CAP, XSS, create, result, start
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster

from airflow_pipeline_debugger.domain import Category, Evidence, EvidenceKind
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation

API = "/pipeline-debugger/api"
DIFF = "--- a/dag.py\n+++ b/dag.py\n@@ -1 +1 @@\n-SQL = 'old'\n+SQL = 'SECRET_SQL'\n"


@pytest.fixture(scope="module")
def finished(db: sessionmaker[Session]) -> str:
    return create(db, DAG_TEAM)


@pytest.fixture(scope="module")
def other(db: sessionmaker[Session]) -> str:
    return create(db, DAG_OTHER, category=Category.INFRA)


def test_every_route_needs_credentials(cluster: AirflowCluster, finished: str) -> None:
    anonymous = httpx.Client(base_url=cluster.base_url, timeout=30)
    routes = [
        ("GET", f"{API}/health"),
        ("GET", f"{API}/investigations"),
        ("GET", f"{API}/investigations/{finished}"),
        ("GET", f"{API}/investigations/{finished}/stream"),
        ("GET", f"{API}/investigations/{finished}/report.md"),
        ("GET", f"{API}/task-instance?dag_id={DAG_TEAM}&run_id=x&task_id=work"),
        ("POST", f"{API}/investigations/{finished}/rerun"),
        ("POST", f"{API}/investigations/{finished}/artifacts"),
        ("POST", f"{API}/investigations/{finished}/feedback"),
    ]
    for method, url in routes:
        assert anonymous.request(method, url).status_code == 401, url
        bogus = anonymous.request(method, url, headers={"Authorization": "Bearer not-a-jwt"})
        assert bogus.status_code == 403, url
    page = anonymous.get("/pipeline-debugger/ui/investigations", follow_redirects=False)
    assert page.status_code in (302, 307)
    assert "/auth/login" in page.headers["location"]


def test_health_reports_tables_and_runner(admin: httpx.Client) -> None:
    body = admin.get(f"{API}/health").json()
    assert body["tables"]["present"] is True
    assert body["migrate_hint"] is None
    assert body["runner"]["in_api_server"] is False
    assert body["runner"]["started"] is False


@pytest.mark.postgres_only
def test_health_does_not_show_the_database_error(cluster: AirflowCluster) -> None:
    """Any logged-in user reads health: an unreachable DB is named as such, without host, user or DB.

    The token has no ``jti`` (as an external issuer's may not), so authenticating it needs no
    database and the request reaches health's own check while the database is cut off.
    """
    header = jwt.get_unverified_header(cluster.token("viewer"))
    claims = jwt.decode(cluster.token("viewer"), options={"verify_signature": False})
    claims.pop("jti", None)
    token = jwt.encode(claims, JWT_SECRET, algorithm=header["alg"])
    with httpx.Client(base_url=cluster.base_url, headers={"Authorization": f"Bearer {token}"}) as viewer:
        with cluster.database_blocked(0):
            resp = viewer.get(f"{API}/health")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "degraded" and body["tables"]["error"] == "database unreachable"
    for leak in (cluster.pg_database, "127.0.0.1", "localhost", "FATAL", "postgres"):
        assert leak not in resp.text


def test_list_filters_pages_and_counts(
    admin: httpx.Client, db: sessionmaker[Session], finished: str, other: str
) -> None:
    queued = create(db, DAG_TEAM, finish=False)
    body = admin.get(f"{API}/investigations", params={"dag_id": DAG_TEAM}).json()
    ids = [i["id"] for i in body["investigations"]]
    assert {finished, queued} <= set(ids)
    assert body["total_entries"] == len(ids)
    row = next(i for i in body["investigations"] if i["id"] == finished)
    assert row["root_cause_title"] == "Column customer_id missing from the input"
    assert row["confidence"] == 85
    assert row["category"] == "data"
    assert set(row) >= {
        "map_index",
        "try_number",
        "pipeline_type",
        "trigger",
        "transience",
        "created_at",
        "finished_at",
    }

    page = admin.get(f"{API}/investigations", params={"dag_id": DAG_TEAM, "limit": 1}).json()
    assert len(page["investigations"]) == 1
    assert page["total_entries"] == body["total_entries"]

    by_status = admin.get(f"{API}/investigations", params={"status": "queued"}).json()
    assert queued in [i["id"] for i in by_status["investigations"]]
    assert all(i["status"] == "queued" for i in by_status["investigations"])
    infra = admin.get(f"{API}/investigations", params={"category": "infra"}).json()
    assert [i["id"] for i in infra["investigations"]] == [other]
    assert admin.get(f"{API}/investigations", params={"status": "bogus"}).status_code == 422
    assert admin.get(f"{API}/investigations", params={"limit": 0}).status_code == 422


def test_user_without_the_dag_sees_nothing_of_it(outsider: httpx.Client, finished: str, other: str) -> None:
    body = outsider.get(f"{API}/investigations").json()
    assert {i["dag_id"] for i in body["investigations"]} == {DAG_OTHER}
    assert body["total_entries"] == len(body["investigations"])
    assert outsider.get(f"{API}/investigations", params={"dag_id": DAG_TEAM}).json() == {
        "investigations": [],
        "total_entries": 0,
    }
    for url in (
        f"{API}/investigations/{finished}",
        f"{API}/investigations/{finished}/report.md",
        f"{API}/investigations/{finished}/stream",
        f"{API}/investigations/{finished}/artifacts/E1",
        f"{API}/task-instance?dag_id={DAG_TEAM}&run_id=x&task_id=work",
    ):
        resp = outsider.get(url)
        assert resp.status_code == 404, url
        assert resp.json() == {"detail": "Investigation not found"} or url.endswith("E1")
    assert outsider.post(f"{API}/investigations/{finished}/rerun").status_code == 404
    # Same answer as an id that does not exist: nothing to tell the two apart.
    assert outsider.get(f"{API}/investigations/00000000-0000-0000-0000-000000000000").json() == {
        "detail": "Investigation not found"
    }
    assert outsider.get(f"{API}/investigations/{other}").status_code == 200


def test_read_only_user_reads_but_cannot_write(viewer: httpx.Client, finished: str) -> None:
    assert viewer.get(f"{API}/investigations/{finished}").status_code == 200
    assert viewer.get(f"{API}/investigations/{finished}/report.md").status_code == 200
    assert viewer.post(f"{API}/investigations/{finished}/rerun").status_code == 403
    assert (
        viewer.post(f"{API}/investigations/{finished}/feedback", json={"feedback": "up"}).status_code == 403
    )
    upload = viewer.post(
        f"{API}/investigations/{finished}/artifacts", data={"kind": "log", "name": "x.log", "text": "boom"}
    )
    assert upload.status_code == 403


def test_detail_has_steps_findings_evidence_and_history(
    admin: httpx.Client, db: sessionmaker[Session], finished: str
) -> None:
    later = create(db, DAG_TEAM)
    body = admin.get(f"{API}/investigations/{later}").json()
    assert [s["seq"] for s in body["steps"]] == [1, 2, 3]
    assert body["steps"][0]["title"] == f"Step 1 {XSS}"
    kinds = [f["kind"] for f in body["findings"]]
    assert kinds[0] == "root_cause" and "dismissed_hypothesis" in kinds and "remediation" in kinds
    assert body["artifacts"][0]["evidence_id"] == "E1"
    assert "content" not in body["artifacts"][0]
    assert body["cited_lines"] == [  # with the line's number in Airflow's Logs tab, to link to it
        {
            "cite": "E1:L2",
            "text": f"[2024-01-01T00:00:01] ERROR KeyError: 'customer_id' {XSS}",
            "logs_tab_line": 1,
        }
    ]
    assert body["result"]["root_cause"]["confidence"] == 85
    assert body["history"]["same_fingerprint"] >= 1
    assert body["history"]["last_fix"] == "Re-run after the upstream export includes customer_id"

    evidence = admin.get(f"{API}/investigations/{later}/artifacts/E1").json()
    assert evidence["lines"][1] == {
        "no": 2,
        "text": f"[2024-01-01T00:00:01] ERROR KeyError: 'customer_id' {XSS}",
        "logs_tab_line": 1,
    }
    assert admin.get(f"{API}/investigations/{later}/artifacts/E9").status_code == 404


def test_task_instance_route_finds_the_latest_try(admin: httpx.Client, db: sessionmaker[Session]) -> None:
    investigation_id = create(db, DAG_TEAM, run_id="manual__ti_route")
    body = admin.get(
        f"{API}/task-instance",
        params={"dag_id": DAG_TEAM, "run_id": "manual__ti_route", "task_id": "work", "map_index": -1},
    ).json()
    assert body["investigation"]["id"] == investigation_id
    assert [t["id"] for t in body["tries"]] == [investigation_id]
    none = admin.get(
        f"{API}/task-instance", params={"dag_id": DAG_TEAM, "run_id": "manual__nothing", "task_id": "work"}
    ).json()
    assert none == {"investigation": None, "tries": []}


def test_report_is_markdown_with_escaped_log_text(
    admin: httpx.Client, db: sessionmaker[Session], finished: str
) -> None:
    resp = admin.get(f"{API}/investigations/{finished}/report.md")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/markdown")
    assert "attachment" in resp.headers["content-disposition"]
    assert "Column customer\\_id missing" in resp.text or "Column customer_id missing" in resp.text
    assert XSS not in resp.text
    assert "&lt;script>alert(1)&lt;/script>" in resp.text
    running = create(db, DAG_TEAM, finish=False)
    assert admin.get(f"{API}/investigations/{running}/report.md").status_code == 409


def test_rerun_is_accepted_once_then_conflicts(admin: httpx.Client, db: sessionmaker[Session]) -> None:
    investigation_id = create(db, DAG_TEAM)
    added = admin.post(
        f"{API}/investigations/{investigation_id}/artifacts",
        json={"kind": "log", "name": "driver.log", "content": "ERROR upstream export late"},
    )
    assert added.status_code == 201, added.text
    first = admin.post(f"{API}/investigations/{investigation_id}/rerun")
    assert first.status_code == 202
    assert first.json() == {"id": investigation_id, "status": "queued"}
    assert admin.post(f"{API}/investigations/{investigation_id}/rerun").status_code == 409
    start(db, investigation_id)
    assert admin.post(f"{API}/investigations/{investigation_id}/rerun").status_code == 409
    body = admin.get(f"{API}/investigations/{investigation_id}").json()
    assert body["steps"] == [] and body["findings"] == []
    assert [a["name"] for a in body["artifacts"]] == ["driver.log"]  # uploads survive a re-run
    # The answer the re-run replaces is still served, with when its run happened, until the new one lands.
    previous = body["previous_run"]
    assert body["result"] is None and previous["status"] == "succeeded"
    assert previous["result"]["root_cause"]["title"] and previous["result_finished_at"]
    assert previous["rerun_requested_at"] >= previous["finished_at"]


def _upload(client: httpx.Client, investigation_id: str, **kwargs: object) -> httpx.Response:
    return client.post(f"{API}/investigations/{investigation_id}/artifacts", **kwargs)  # type: ignore[arg-type]


def test_upload_accepts_text_and_redacts_it(admin: httpx.Client, finished: str) -> None:
    resp = _upload(
        admin,
        finished,
        data={"kind": "log"},
        files={
            "file": (
                "../../etc/driver.log",
                b"connecting postgresql://etl:hunter2@db:5432/x\nERROR boom\n",
                "text/plain",
            )
        },
    )
    assert resp.status_code == 201, resp.text
    meta = resp.json()
    assert meta["name"] == "driver.log"
    assert meta["origin"] == "upload" and meta["evidence_id"].startswith("U")
    content = admin.get(f"{API}/investigations/{finished}/artifacts/{meta['evidence_id']}").json()
    text = "\n".join(line["text"] for line in content["lines"])
    assert "hunter2" not in text and "ERROR boom" in text

    as_json = _upload(admin, finished, json={"kind": "schema", "name": "schema.json", "content": '{"a": 1}'})
    assert as_json.status_code == 201, as_json.text


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        (
            {"data": {"kind": "log"}, "files": {"file": ("big.log", b"x" * (UPLOAD_CAP + 1), "text/plain")}},
            413,
            "limit",
        ),
        (
            {
                "data": {"kind": "log"},
                "files": {"file": ("huge.log", b"x" * (2 * UPLOAD_CAP), "text/plain")},
            },
            413,
            "limit",
        ),
        (
            {
                "data": {"kind": "log"},
                "files": {"file": ("core.log", b"\x7fELF\x00\x00\x01" * 50, "application/octet-stream")},
            },
            415,
            "binary",
        ),
        ({"data": {"kind": "log"}, "files": {"file": ("run.exe", b"hello", "text/plain")}}, 415, ".exe"),
        (
            {"data": {"kind": "log"}, "files": {"file": ("noext", b"hello", "text/plain")}},
            415,
            "no extension",
        ),
        (
            {"data": {"kind": "schema"}, "files": {"file": ("s.json", b'{"a": 1,', "application/json")}},
            422,
            "not valid JSON",
        ),
        (
            {"data": {"kind": "schema"}, "files": {"file": ("s.yaml", b"a: [1, 2\nb: c", "text/yaml")}},
            422,
            "not valid YAML",
        ),
        ({"data": {"kind": "log"}, "files": {"file": ("empty.log", b"  \n", "text/plain")}}, 422, "empty"),
        (
            {
                "data": {"kind": "log"},
                "files": {"file": ("latin.log", b"ok line " * 200 + b"caf\xe9", "text/plain")},
            },
            422,
            "UTF-8",
        ),
        ({"json": {"kind": "config", "content": "x", "name": "a.log"}}, 422, "kind must be one of"),
        ({"data": {"kind": "log"}, "files": {"other": ("a.log", b"x")}}, 422, "add a file"),
        (
            {"content": b'{"kind": "log", ', "headers": {"content-type": "application/json"}},
            400,
            "not valid JSON",
        ),
        ({"content": b"kind=log", "headers": {"content-type": "text/plain"}}, 415, "send multipart"),
        ({"data": {"kind": "log", "text": "x", "name": "a.log"}}, 415, "send multipart"),
    ],
    ids=[
        "over-cap",
        "far-over-cap",
        "binary",
        "bad-extension",
        "no-extension",
        "bad-json",
        "bad-yaml",
        "empty",
        "not-utf8",
        "bad-kind",
        "nothing",
        "malformed-body",
        "wrong-content-type",
        "urlencoded",
    ],
)
def test_upload_refuses_bad_input_clearly(
    admin: httpx.Client, finished: str, kwargs: dict, status: int, words: str
) -> None:
    resp = _upload(admin, finished, **kwargs)
    assert resp.status_code == status, resp.text
    assert words in resp.json()["detail"]


def _send_until_answered(
    cluster: AirflowCluster, path: str, content_type: str, total: int
) -> tuple[int, bytes]:
    """POST a chunked body (no Content-Length) of up to ``total`` bytes, stopping when the server answers.

    Returns how many body bytes were sent when the answer arrived, and the answer's first bytes. A
    raw socket, because HTTP clients send the whole body before they look at the response.
    """
    url = httpx.URL(cluster.base_url)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {url.host}:{url.port}\r\n"
        f"Authorization: Bearer {cluster.token('admin')}\r\nContent-Type: {content_type}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    frame = b"100000\r\n" + b"x" * 0x100000 + b"\r\n"
    sent = 0
    with socket.create_connection((url.host, url.port or 80), timeout=120) as sock:
        sock.sendall(head)
        pending = memoryview(frame)
        while sent < total:
            readable, writable, _ = select.select([sock], [sock], [], 120)
            if readable:
                return sent, sock.recv(65536)
            if writable:
                n = sock.send(pending)
                sent += n
                pending = pending[n:] or memoryview(frame)
        sock.sendall(b"0\r\n\r\n")
        return sent, sock.recv(65536)


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=b"])
def test_chunked_body_over_the_cap_is_refused_without_reading_it_all(
    cluster: AirflowCluster, finished: str, content_type: str
) -> None:
    """No declared length to check: the server counts and answers 413 at the cap, not at the body's end."""
    total = 8 * UPLOAD_CAP
    sent, answer = _send_until_answered(
        cluster, f"{API}/investigations/{finished}/artifacts", content_type, total
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < total // 2, f"the server read {sent} of {total} bytes before refusing"


def test_health_answers_while_a_10_mb_yaml_upload_is_processed(
    cluster: AirflowCluster, admin: httpx.Client, finished: str
) -> None:
    """The upload's parsing and redaction run off the event loop: other requests are served meanwhile.

    Only health answers to requests sent after the whole upload body went out, and received before
    the upload's own answer, count: those were served while the server worked on the upload.
    """
    rows = "".join(
        f"- name: column_{i}\n  type: varchar\n  tests: [not_null, unique]\n" for i in range(170_000)
    )
    assert 10_000_000 < len(rows) < UPLOAD_CAP
    form = (
        b'--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nschema\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="s.yaml"\r\n'
        b"Content-Type: text/yaml\r\n\r\n" + rows.encode() + b"\r\n--b--\r\n"
    )
    body_sent, done = threading.Event(), threading.Event()
    result: list[httpx.Response] = []

    def body() -> Iterator[bytes]:
        for i in range(0, len(form), 1 << 20):
            yield form[i : i + (1 << 20)]
        body_sent.set()

    def upload() -> None:
        with cluster.client("admin") as c:
            c.timeout = httpx.Timeout(600)
            headers = {"content-type": "multipart/form-data; boundary=b"}
            result.append(_upload(c, finished, content=body(), headers=headers))
        done.set()

    worker = threading.Thread(target=upload)
    worker.start()
    body_sent.wait(120)
    answered_meanwhile = 0
    while not done.is_set():
        if admin.get(f"{API}/health").status_code == 200 and not done.is_set():
            answered_meanwhile += 1
    worker.join()
    assert result and result[0].status_code == 201, result[0].text if result else "no response"
    assert answered_meanwhile > 0


def _cookie_client(cluster: AirflowCluster, **headers: str) -> httpx.Client:
    """A client authenticated like the browser UI: the ``_token`` cookie, no Authorization header."""
    return httpx.Client(
        base_url=cluster.base_url, cookies={"_token": cluster.token("admin")}, headers=headers, timeout=30
    )


@pytest.mark.parametrize(
    ("headers", "kwargs"),
    [
        ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, {}),
        ({"Origin": "https://evil.example"}, {}),
        ({"Sec-Fetch-Site": "same-site"}, {}),
        ({}, {"content": b"x=1", "headers": {"content-type": "text/plain"}}),
        ({}, {"data": {"kind": "log", "name": "a.log", "text": "x"}}),
    ],
    ids=["cross-site", "foreign-origin", "sibling-subdomain", "text-plain", "urlencoded"],
)
def test_cookie_authenticated_writes_from_another_site_are_refused(
    cluster: AirflowCluster, db: sessionmaker[Session], headers: dict[str, str], kwargs: dict
) -> None:
    """What a page elsewhere can make a logged-in browser send: refused before it does anything."""
    inv = create(db, DAG_TEAM)
    with _cookie_client(cluster, **headers) as browser:
        assert browser.get(f"{API}/investigations/{inv}").status_code == 200  # the cookie works
        rerun = browser.post(f"{API}/investigations/{inv}/rerun", **kwargs)
        upload = browser.post(f"{API}/investigations/{inv}/artifacts", **kwargs)
    assert (rerun.status_code, upload.status_code) == (403, 403), (rerun.text, upload.text)
    assert "refused" in rerun.json()["detail"] or "multipart" in rerun.json()["detail"]
    with db() as session:
        assert session.get(Investigation, inv).status == "succeeded"  # type: ignore[union-attr]


def test_cookie_authenticated_writes_from_this_site_pass(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    """The UI's own requests: same origin, JSON or multipart."""
    inv = create(db, DAG_TEAM)
    host = httpx.URL(cluster.base_url).netloc.decode()
    with _cookie_client(cluster, Origin=f"http://{host}", **{"Sec-Fetch-Site": "same-origin"}) as browser:
        upload = browser.post(
            f"{API}/investigations/{inv}/artifacts", data={"kind": "log"}, files={"file": ("a.log", b"ok\n")}
        )
        assert upload.status_code == 201, upload.text
        assert browser.post(f"{API}/investigations/{inv}/rerun").status_code == 202


def test_a_role_without_task_logs_gets_no_investigation_content(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    """DAG read without TASK_LOGS (FAB's "Task Logs" permission): the list, but no logs-made content."""
    inv = create(db, DAG_TEAM)
    with cluster.client("nologs") as nologs, cluster.client("viewer") as viewer:
        listed = nologs.get(f"{API}/investigations", params={"dag_id": DAG_TEAM}).json()
        assert inv in [i["id"] for i in listed["investigations"]]
        urls = [
            f"{API}/investigations/{inv}",
            f"{API}/investigations/{inv}/artifacts/E1",
            f"{API}/investigations/{inv}/report.md",
            f"{API}/investigations/{inv}/stream",
            f"{API}/task-instance?dag_id={DAG_TEAM}&run_id={_run_of(db, inv)}&task_id=work",
        ]
        for url in urls:
            assert viewer.get(url).status_code == 200, url
            denied = nologs.get(url)
            assert denied.status_code == 403, (url, denied.text)
            assert "task logs" in denied.json()["detail"]


def test_a_role_without_code_does_not_see_the_dag_diff(
    cluster: AirflowCluster, db: sessionmaker[Session]
) -> None:
    """The DAG diff is source code: CODE is needed for it (content and cited lines), as in Airflow."""
    inv = create(db, DAG_TEAM, finish=False)
    start(db, inv)
    with db.begin() as session:
        for ev in (
            Evidence(id="E1", kind=EvidenceKind.LOG, name="task.log", source="t", content="ERROR boom"),
            Evidence(id="E2", kind=EvidenceKind.DIFF, name="dag.diff", source="t", content=DIFF),
        ):
            repository.add_artifact(session, inv, ev)
        answer = result()
        answer.root_cause.evidence = ["E1:L1", "E2:L5"]
        assert repository.mark_succeeded(session, inv, answer)
    with cluster.client("nocode") as nocode, cluster.client("viewer") as viewer:
        assert viewer.get(f"{API}/investigations/{inv}/artifacts/E2").status_code == 200
        assert nocode.get(f"{API}/investigations/{inv}/artifacts/E2").status_code == 403
        assert nocode.get(f"{API}/investigations/{inv}/artifacts/E1").status_code == 200
        seen = {c["cite"] for c in viewer.get(f"{API}/investigations/{inv}").json()["cited_lines"]}
        assert seen == {"E1:L1", "E2:L5"}
        detail = nocode.get(f"{API}/investigations/{inv}").json()
        assert {c["cite"] for c in detail["cited_lines"]} == {"E1:L1"}
        assert "SECRET_SQL" not in str(detail)


def _run_of(db: sessionmaker[Session], investigation_id: str) -> str:
    with db() as session:
        row = session.get(Investigation, investigation_id)
        assert row is not None
        return row.run_id


def test_feedback_on_the_root_cause(admin: httpx.Client, db: sessionmaker[Session], finished: str) -> None:
    resp = admin.post(
        f"{API}/investigations/{finished}/feedback", json={"feedback": "down", "comment": f"wrong {XSS}"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["feedback"] == "down"
    assert resp.json()["feedback_user"] == "admin"
    body = admin.get(f"{API}/investigations/{finished}").json()
    root = next(f for f in body["findings"] if f["kind"] == "root_cause")
    assert root["feedback"] == "down" and root["feedback_comment"] == f"wrong {XSS}"
    assert (
        admin.post(f"{API}/investigations/{finished}/feedback", json={"feedback": "meh"}).status_code == 422
    )
    assert (
        admin.post(
            f"{API}/investigations/{finished}/feedback", json={"feedback": "up", "comment": "x" * 2001}
        ).status_code
        == 422
    )
    queued = create(db, DAG_TEAM, finish=False)
    assert admin.post(f"{API}/investigations/{queued}/feedback", json={"feedback": "up"}).status_code == 409


def test_missing_tables_answer_503_with_the_migrate_hint(
    cluster: AirflowCluster, admin: httpx.Client
) -> None:
    table = "pipeline_debugger_investigation_step"
    cluster.sql(f"ALTER TABLE {table} RENAME TO pd_api_moved_away")
    try:
        health = admin.get(f"{API}/health").json()
        assert health["status"] == "degraded"
        assert health["tables"]["missing"] == [table]
        assert health["migrate_hint"] == "airflow db migrate"
        resp = admin.get(
            f"{API}/task-instance", params={"dag_id": DAG_TEAM, "run_id": "r", "task_id": "work"}
        )
        listing = admin.get(f"{API}/investigations", params={"dag_id": DAG_TEAM, "limit": 1})
        investigation_id = listing.json()["investigations"][0]["id"]
        detail = admin.get(f"{API}/investigations/{investigation_id}")
    finally:
        cluster.sql(f"ALTER TABLE pd_api_moved_away RENAME TO {table}")
    assert resp.status_code == 200  # no investigation for that try: no step table needed
    assert detail.status_code == 503
    assert (
        detail.json()["detail"]
        == f"The Pipeline Debugger tables are missing ({table}); run `airflow db migrate`."
    )
