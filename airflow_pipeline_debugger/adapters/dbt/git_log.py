"""The commits that touched a dbt project's files between two runs, from ``git log`` in the checkout.

The project folder is the user's, so the repository is treated as hostile: git runs through
``evidence/git.py`` (no pager, hooks, external diff or textconv, signature check or fsmonitor; a
timeout and a cap on the bytes read), asks for a bounded number of commits and literal paths. A
checkout owned by another user is refused by git itself (``safe.directory``) unless its owner's own
config trusts it: that is the owner's decision, not ours.
Nothing here raises: a missing git, a folder that is not a checkout or a timeout is an empty answer
with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.evidence.git import GitError, run_git
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
    relative = [p for p in paths if p and not Path(p).is_absolute() and ".." not in Path(p).parts]
    if not relative:
        return GitLog(error="no project-relative file to look up")
    args = ["log", "--no-color", "--name-only", f"-n{max(1, limit)}", "--no-merges"]
    args += [f"--format=%x1e%H{_SEP}%an{_SEP}%cI{_SEP}%s"]
    # git dates are whole seconds: widen the window to them so a commit in the same second counts.
    if since is not None:
        args.append(f"--since={since.replace(microsecond=0).isoformat()}")
    if until is not None:
        args.append(f"--until={(until.replace(microsecond=0) + timedelta(seconds=1)).isoformat()}")
    args += ["--", *relative[:MAX_PATHS]]
    try:
        # The checkout's owner may trust it in their own config (safe.directory): read that config.
        output = run_git(
            ("-C", str(checkout)), args, timeout=timeout, max_bytes=MAX_OUTPUT_BYTES, user_config=True
        )
    except GitError as exc:
        return GitLog(error=str(exc)[:MAX_FIELD_CHARS])
    return GitLog(commits=_parse(output.text, limit))


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
