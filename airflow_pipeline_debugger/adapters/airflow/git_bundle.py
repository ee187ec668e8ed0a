"""Commits and file diff between two versions of a git DAG bundle, read from its local bare clone.

``GitDagBundle`` (apache-airflow-providers-git) keeps a bare clone of the repository at
``<[dag_processor] dag_bundle_storage_path>/<bundle name>/bare`` and Airflow records the commit each
run used as ``dag_run.bundle_version``. Given the commits of the task's last success and of the
failing run, this lists the commits in between (author, subject) and, for the files the task
touches, each commit's patch with the line numbers of every changed line, so a rule can name the
commit, file and line where a change meets the error.

The repository is hostile input: git runs through ``evidence/git.py`` (no system or global config,
hooks, fsmonitor, external diff drivers or textconv filters; literal pathspecs, a timeout and a cap on
the bytes read) and never over the network (nothing is fetched: a commit missing from the clone is a
gap, not a download). Commit ids are checked to be hex before they reach the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.evidence.git import GitError, run_git
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.tolerant import clip

#: Seconds one git command may run.
GIT_TIMEOUT_S = 10.0
#: Bytes of one git command's output read; the rest is dropped and said so.
MAX_OUTPUT_BYTES = 512 * 1024
#: Commits between the two versions listed.
MAX_COMMITS = 50
#: Changed paths matched against what the task names (the rest count as not touched).
MAX_CHANGED_FILES = 2000
#: Changed lines kept for the rules (over all commits and files).
MAX_CHANGED_LINES = 400
#: Characters of one changed line kept.
MAX_LINE_CHARS = 300
_SHA_RE = re.compile(r"^[0-9a-fA-F]{7,64}$")
_HUNK_RE = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%aI{_FIELD}%s"
_IMPORT_RE = re.compile(
    r"^\s*(?:from\s+([\w.]+)\s+import\b|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))", re.MULTILINE
)
#: What may stand before / after a path named inside a command, argument or traceback line.
_BEFORE = r"(?:^|(?<=[\s/'\"=:,(\[]))"
_AFTER = r"(?=$|[\s'\",;:)\]])"


@dataclass(frozen=True)
class ChangedLine:
    """One added or removed line of a commit's patch, with its line number in that file version."""

    sha: str
    path: str
    line: int
    sign: str
    text: str


@dataclass
class Commit:
    """A commit between the two bundle versions and the task's files it changed."""

    sha: str
    author: str
    date: str
    message: str
    files: list[str] = field(default_factory=list)

    def to_json(self) -> JSONDict:
        """Compact JSON for facts."""
        return {
            "sha": self.sha,
            "short": self.sha[:10],
            "author": self.author,
            "date": self.date,
            "message": self.message,
            "files": self.files,
        }


@dataclass
class BundleChange:
    """What changed between two commits of a bundle, limited to the files the task touches."""

    commits: list[Commit]
    changed_files: list[str]
    touched_files: list[str]
    patch: str
    lines: list[ChangedLine]
    truncated: bool = False


def task_files(dag_file: str, source: str, named: Iterable[str]) -> Callable[[str], bool]:
    """Which repository paths the task touches: its DAG file, the modules it imports, the paths it names.

    :param dag_file: the DAG file relative to the bundle root (``dag.relative_fileloc``); the bundle
        may be a subdirectory of the repository, so a repository path matches it by suffix.
    :param source: the DAG file's source, whose ``import`` / ``from … import`` lines name modules.
    :param named: strings the task carries — its arguments, rendered templates, command and the
        files of its traceback — in which a repository path (a job script) or one of its folders
        (a dbt project directory) may appear.
    """
    suffixes = {dag_file.strip("/")} if dag_file.strip("/") else set()
    for m in _IMPORT_RE.finditer(source):
        for module in (m.group(1) or m.group(2) or "").split(","):
            stem = module.strip().replace(".", "/")
            if stem:
                suffixes.update({f"{stem}.py", f"{stem}/__init__.py"})
    texts = list(dict.fromkeys(t for t in named if t))

    def touches(path: str) -> bool:
        if any(path == s or path.endswith("/" + s) for s in suffixes):
            return True
        parts = path.split("/")
        # The file by any tail of its path (``scripts/job.py``, ``job.py``), and each of its folders
        # by any tail of theirs, but only where a text names the folder itself (``--project-dir x``).
        names = {"/".join(parts[i:j]) for j in range(1, len(parts) + 1) for i in range(j)}
        pattern = re.compile(
            _BEFORE + "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")" + _AFTER
        )
        return any(pattern.search(text) for text in texts)

    return touches


def bare_clone(bundle_name: str) -> Path | None:
    """The local bare clone a ``GitDagBundle`` of this name keeps, or ``None`` when there is none here."""
    from airflow.dag_processing.bundles.base import get_bundle_base_folder

    path = get_bundle_base_folder(bundle_name=bundle_name) / "bare"
    return path if (path / "HEAD").is_file() and (path / "objects").is_dir() else None


def compare(repo: Path, then: str, now: str, touches: Callable[[str], bool]) -> BundleChange:
    """Commits from ``then`` (exclusive) to ``now`` and the patches of the files ``touches`` selects.

    :raises GitError: when a version is not a commit id, git fails or the clone lacks a commit.
    """
    for sha in (then, now):
        if not _SHA_RE.match(sha):
            raise GitError(f"bundle version {sha[:80]!r} is not a git commit id")
    truncated = False

    def git(*args: str) -> str:
        nonlocal truncated
        output = run_git((f"--git-dir={repo}",), args, timeout=GIT_TIMEOUT_S, max_bytes=MAX_OUTPUT_BYTES)
        truncated = truncated or output.truncated
        return output.text

    changed = [p for p in git("diff", "--name-only", "-z", then, now).split("\0") if p]
    touched = [p for p in changed[:MAX_CHANGED_FILES] if touches(p)]
    commits = [
        commit
        for record in git("log", f"--max-count={MAX_COMMITS}", _FORMAT, f"{then}..{now}").split(_RECORD)
        if (commit := _commit(record.split("\n", 1)[0])) is not None
    ]
    patch = ""
    lines: list[ChangedLine] = []
    if touched:
        patch = git(
            "log",
            f"--max-count={MAX_COMMITS}",
            "-p",
            "-U3",
            "--no-color",
            "--no-renames",
            _FORMAT,
            f"{then}..{now}",
            "--",
            *touched,
        )
        lines = _changed_lines(patch, {c.sha: c for c in commits})
    return BundleChange(commits, changed, touched, redact(_readable(patch)), lines, truncated)


def _commit(header: str) -> Commit | None:
    parts = header.split(_FIELD)
    if len(parts) != 4 or not _SHA_RE.match(parts[0]):
        return None
    sha, author, date, message = parts
    return Commit(sha, redact(clip(author, 120)), date[:40], redact(clip(message, 200)))


def _changed_lines(patch: str, commits: dict[str, Commit]) -> list[ChangedLine]:
    """Every ``+``/``-`` line of a ``git log -p`` output, with its commit, file and line number.

    File names are read only from a file's header (between ``diff --git`` and its first hunk), so a
    changed line that itself reads ``+++ b/other.py`` cannot pass for another file.
    """
    out: list[ChangedLine] = []
    sha = path = ""
    old = new = 0
    header = False
    for raw in patch.split("\n"):
        if raw.startswith(_RECORD):
            sha, path, header = raw[1:].split(_FIELD, 1)[0], "", False
        elif raw.startswith("diff --git "):
            path, header = "", True
        elif header and raw[:4] in ("+++ ", "--- "):
            name = raw[4:]
            if name[:2] in ("a/", "b/"):
                path = name[2:]
                commit = commits.get(sha)
                if commit is not None and path not in commit.files:
                    commit.files.append(path)
        elif m := _HUNK_RE.match(raw):
            old, new, header = int(m.group(1)), int(m.group(2)), False
        elif path and not header and raw[:1] in ("+", "-", " "):
            sign = raw[:1]
            if sign != " " and len(out) < MAX_CHANGED_LINES:
                out.append(
                    ChangedLine(
                        sha,
                        path,
                        new if sign == "+" else old,
                        sign,
                        redact(clip(raw[1:], MAX_LINE_CHARS)),
                    )
                )
            old += sign != "+"
            new += sign != "-"
    return out


def _readable(patch: str) -> str:
    """The patch with each commit header as one readable line instead of the parse markers."""

    def header(line: str) -> str:
        if not line.startswith(_RECORD):
            return line
        sha, author, date, message = [*line[1:].split(_FIELD), "", "", ""][:4]
        return f"commit {sha[:10]} {date} {author}: {message}"

    return "\n".join(header(line) for line in patch.split("\n"))
