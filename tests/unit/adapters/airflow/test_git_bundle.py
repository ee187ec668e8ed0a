"""Commits and task-file diff between two bundle versions, read from a real bare clone with git.

The repository is hostile: its own config and attributes ask for a textconv filter that would run
a command; reading the diff must not run it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.airflow import git_bundle
from airflow_pipeline_debugger.adapters.airflow.git_bundle import GitError, compare, task_files

PRODUCER_V1 = """import csv
from helpers.io import write_rows


def extract(path):
    rows = [{"customer_id": 1, "amount": 10.0}]
    write_rows(path, ["customer_id", "amount"], rows)
"""
PRODUCER_V2 = PRODUCER_V1.replace('["customer_id", "amount"]', '["cust_id", "amount"]').replace(
    '{"customer_id": 1', '{"cust_id": 1'
)


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def commit(repo: Path, message: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str, str, Path]:
    """A work tree with two commits, and its bare clone as GitDagBundle keeps it."""
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    first = commit(
        work,
        "add orders pipeline",
        {
            "dags/orders.py": PRODUCER_V1,
            "dags/helpers/io.py": "def write_rows(path, cols, rows):\n    pass\n",
            "jobs/score.py": "print('v1')\n",
            "README.md": "v1\n",
            ".gitattributes": "*.py diff=evil\n",
        },
    )
    second = commit(
        work,
        "rename customer_id to cust_id",
        {"dags/orders.py": PRODUCER_V2, "README.md": "v2\n", "jobs/score.py": "print('v2')\n"},
    )
    bare = tmp_path / "bare"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    marker = tmp_path / "textconv-ran"
    git(bare, "config", "diff.evil.textconv", f"sh -c 'touch {marker}; cat'")
    (bare / "info").mkdir(exist_ok=True)
    (bare / "info" / "attributes").write_text("*.py diff=evil\n")
    return bare, first, second, marker


def test_commits_and_the_task_files_changed_lines(repo: tuple[Path, str, str, Path]) -> None:
    bare, first, second, marker = repo
    found = compare(bare, first, second, task_files("dags/orders.py", PRODUCER_V1, []))
    assert not marker.exists(), "the repository's textconv filter ran"
    assert [(c.sha, c.author, c.message) for c in found.commits] == [
        (second, "Ada Lovelace", "rename customer_id to cust_id")
    ]
    assert sorted(found.changed_files) == ["README.md", "dags/orders.py", "jobs/score.py"]
    assert found.touched_files == ["dags/orders.py"]
    assert found.commits[0].files == ["dags/orders.py"]
    removed = [(ln.line, ln.text) for ln in found.lines if ln.sign == "-"]
    added = [(ln.line, ln.text) for ln in found.lines if ln.sign == "+"]
    assert removed == [
        (6, '    rows = [{"customer_id": 1, "amount": 10.0}]'),
        (7, '    write_rows(path, ["customer_id", "amount"], rows)'),
    ]
    assert [n for n, _ in added] == [6, 7]
    assert all(ln.sha == second for ln in found.lines)
    assert f"commit {second[:10]}" in found.patch and "rename customer_id to cust_id" in found.patch
    assert "README" not in found.patch


def test_a_named_job_script_is_touched(repo: tuple[Path, str, str, Path]) -> None:
    bare, first, second, _ = repo
    touches = task_files("dags/other.py", "", ["spark-submit /opt/airflow/dags/repo/jobs/score.py --day 1"])
    found = compare(bare, first, second, touches)
    assert found.touched_files == ["jobs/score.py"]


@pytest.mark.parametrize(
    ("path", "dag_file", "source", "named", "touched"),
    [
        ("dags/orders.py", "orders.py", "", [], True),  # bundle subdir "dags": matched by suffix
        ("dags/helpers/io.py", "orders.py", "from helpers.io import write_rows\n", [], True),
        ("dags/helpers/io.py", "orders.py", "import helpers.io as io\n", [], True),
        ("dags/helpers/other.py", "orders.py", "from helpers.io import write_rows\n", [], False),
        ("jaffle/models/orders.sql", "dbt_dag.py", "", ["dbt run --project-dir /opt/dbt/jaffle"], True),
        ("jaffle/models/orders.sql", "dbt_dag.py", "", ["dbt run --project-dir /opt/dbt/jaffle_old"], False),
        ("jobs/score.py", "d.py", "", ['File "/opt/bundles/git/versions/ab/jobs/score.py", line 3'], True),
        ("jobs/score.py", "d.py", "", ["python jobs/score_v2.py"], False),
        ("README.md", "orders.py", "import os\n", ["echo hello"], False),
    ],
)
def test_which_files_the_task_touches(
    path: str, dag_file: str, source: str, named: list[str], touched: bool
) -> None:
    assert task_files(dag_file, source, named)(path) is touched


def test_a_version_that_is_not_a_commit_id_never_reaches_git(repo: tuple[Path, str, str, Path]) -> None:
    bare, first, _, _ = repo
    with pytest.raises(GitError, match="not a git commit id"):
        compare(bare, first, "--output=/tmp/x", lambda _: True)


def test_a_commit_missing_from_the_clone_is_an_error(repo: tuple[Path, str, str, Path]) -> None:
    bare, first, _, _ = repo
    with pytest.raises(GitError, match="git diff"):
        compare(bare, first, "0" * 40, lambda _: True)


def test_the_output_is_capped(repo: tuple[Path, str, str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    bare, first, second, _ = repo
    monkeypatch.setattr(git_bundle, "MAX_OUTPUT_BYTES", 200)
    found = compare(bare, first, second, lambda path: path == "dags/orders.py")
    assert found.truncated
    assert len(found.patch.encode()) <= 200


def test_a_changed_line_cannot_pass_for_another_files_header(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    first = commit(work, "start", {"dags/orders.py": "a = 1\n"})
    second = commit(work, "sneak", {"dags/orders.py": "a = 1\n++ b/jobs/other.py\n-- a/jobs/other.py\n"})
    bare = tmp_path / "bare"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    found = compare(bare, first, second, lambda path: path == "dags/orders.py")
    assert [(ln.path, ln.line, ln.sign, ln.text) for ln in found.lines] == [
        ("dags/orders.py", 2, "+", "++ b/jobs/other.py"),
        ("dags/orders.py", 3, "+", "-- a/jobs/other.py"),
    ]
    assert found.commits[0].files == ["dags/orders.py"]
