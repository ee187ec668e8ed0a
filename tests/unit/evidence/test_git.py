"""The one git runner: a hostile repository's config starts nothing, and every limit holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from airflow_pipeline_debugger.evidence.git import GitError, run_git


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@x", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q")
    (work / "a.sql").write_text("select 1\n")
    git(work, "add", ".")
    git(work, "commit", "-qm", "first")
    (work / "a.sql").write_text("select 2\n" * 200)
    git(work, "commit", "-qam", "second")
    return work


@pytest.mark.parametrize(
    ("setting", "command"),
    [
        ("external diff", ("diff", "HEAD~1", "HEAD")),
        ("textconv filter", ("diff", "HEAD~1", "HEAD")),
        ("textconv filter", ("log", "-p", "-2")),
        ("textconv filter", ("show", "HEAD")),
    ],
)
def test_a_repository_config_starts_no_program(
    repo: Path, tmp_path: Path, setting: str, command: tuple[str, ...]
) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\ntouch {marker}\ncat "$1" 2>/dev/null\n')
    script.chmod(0o755)
    if setting == "external diff":
        git(repo, "config", "diff.external", str(script))
    else:
        (repo / ".git" / "info").mkdir(exist_ok=True)
        (repo / ".git" / "info" / "attributes").write_text("*.sql diff=evil\n")
        git(repo, "config", "diff.evil.textconv", str(script))
    out = run_git(("-C", str(repo)), command, timeout=10, max_bytes=1 << 20)
    assert "select 2" in out.text and not out.truncated
    assert not marker.exists(), f"the repository's {setting} ran"


def test_output_past_the_cap_is_cut_and_said_not_an_error(repo: Path) -> None:
    out = run_git(("-C", str(repo)), ("log", "-p"), timeout=10, max_bytes=100)
    assert out.truncated and len(out.text.encode()) <= 100


def test_a_failure_names_the_command_and_git_s_reason(tmp_path: Path) -> None:
    with pytest.raises(GitError, match=r"git log: .*not a git repository"):
        run_git(("-C", str(tmp_path)), ("log",), timeout=10, max_bytes=100)


def test_a_git_that_hangs_is_stopped_at_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 30\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    with pytest.raises(GitError, match=r"took longer than 0.5 s"):
        run_git(("-C", str(tmp_path)), ("log",), timeout=0.5, max_bytes=100)


def test_no_git_installed_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitError, match="not installed"):
        run_git(("-C", str(tmp_path)), ("log",), timeout=1, max_bytes=100)
