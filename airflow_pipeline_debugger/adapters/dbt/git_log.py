"""The commits that touched a dbt project's files between two runs, from ``git log`` in the checkout.

The project folder is the user's, so the repository is treated as hostile: git runs with no pager,
no hooks, no external diff or textconv driver, no signature check (``log.showSignature`` would start
``gpg.program``), no fsmonitor and no system config; the call has a timeout, asks for a bounded
number of commits and parses a bounded number of bytes of them. A repository owned by another user is refused
by git itself (``safe.directory``), which is kept: trusting it is the owner's decision, not ours.
Nothing here raises: a missing git, a folder that is not a checkout or a timeout is an empty answer
with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.evidence.redact import redact

#: Seconds one ``git log`` may take (a local log over a few paths answers in milliseconds).
GIT_TIMEOUT_SECONDS = 10.0
#: Commits returned per call (the newest first).
MAX_COMMITS = 10
#: Bytes of git output read; the rest is dropped (a hostile subject line can be megabytes).
MAX_OUTPUT_BYTES = 64 * 1024
#: Characters kept of a commit's subject and author.
MAX_FIELD_CHARS = 200
#: Paths passed to one ``git log``.
MAX_PATHS = 50

_SEP = "\x1f"
# Options that stop a repository's own config from running a program during ``git log``.
_SAFE_CONFIG = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.pager=cat",
)


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file of interest."""

    sha: str
    author: str
    committed_at: str
    subject: str
    files: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The abbreviated hash people quote."""
        return self.sha[:10]

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "sha": self.sha,
            "short": self.short,
            "author": self.author,
            "committed_at": self.committed_at,
            "subject": self.subject,
            "files": list(self.files),
        }


@dataclass(frozen=True)
class GitLog:
    """The commits found, or why there are none."""

    commits: tuple[Commit, ...] = ()
    error: str = ""


def commits_touching(
    checkout: Path,
    paths: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    *,
    timeout: float = GIT_TIMEOUT_SECONDS,
    limit: int = MAX_COMMITS,
) -> GitLog:
    """Commits in ``(since, until]`` that touched ``paths`` (relative to ``checkout``), newest first."""
    git = shutil.which("git")
    if git is None:
        return GitLog(error="git is not installed where the investigation runs")
    relative = [p for p in paths if p and not Path(p).is_absolute() and ".." not in Path(p).parts]
    if not relative:
        return GitLog(error="no project-relative file to look up")
    args = [git, *_SAFE_CONFIG, "--no-pager", "-C", str(checkout), "log", "--no-color", "--no-ext-diff"]
    args += ["--no-textconv", "--name-only", f"-n{max(1, limit)}", "--no-merges"]
    args += [f"--format=%x1e%H{_SEP}%an{_SEP}%cI{_SEP}%s"]
    # git dates are whole seconds: widen the window to them so a commit in the same second counts.
    if since is not None:
        args.append(f"--since={since.replace(microsecond=0).isoformat()}")
    if until is not None:
        args.append(f"--until={(until.replace(microsecond=0) + timedelta(seconds=1)).isoformat()}")
    args += ["--", *(f":(literal){p}" for p in relative[:MAX_PATHS])]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
    }
    try:
        # A fixed argv and no shell; the paths are literal pathspecs after "--".
        with subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
        ) as proc:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                return GitLog(error=f"git log took longer than {timeout:g} s and was stopped")
    except OSError as exc:
        return GitLog(error=f"git could not be started: {exc}")
    if proc.returncode != 0:
        first = err.decode("utf-8", "replace").strip().splitlines()[:1]
        return GitLog(error=(first[0] if first else f"git log exited {proc.returncode}")[:MAX_FIELD_CHARS])
    return GitLog(commits=_parse(out[:MAX_OUTPUT_BYTES].decode("utf-8", "replace"), limit))


def _parse(text: str, limit: int) -> tuple[Commit, ...]:
    """Records of ``\\x1e<sha>\\x1f<author>\\x1f<date>\\x1f<subject>`` followed by the file names."""
    commits: list[Commit] = []
    for record in text.split("\x1e")[1:]:
        header, _, rest = record.partition("\n")
        fields = header.split(_SEP)
        if len(fields) != 4 or len(fields[0]) < 7:
            continue
        sha, author, date, subject = fields
        files = tuple(line.strip()[:MAX_FIELD_CHARS] for line in rest.splitlines() if line.strip())
        commits.append(
            Commit(
                sha=sha[:64],
                # Commit text is the repository's, not ours: it can carry a pasted token.
                author=redact(author[:MAX_FIELD_CHARS]),
                committed_at=date[:40],
                subject=redact(subject[:MAX_FIELD_CHARS]),
                files=files[:MAX_PATHS],
            )
        )
    return tuple(commits[:limit])
