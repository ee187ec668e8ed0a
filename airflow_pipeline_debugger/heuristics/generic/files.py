"""An input file the task opens does not exist (DATA: the producer did not deliver it).

When the shell itself reports the path (``/app/entrypoint: line 38: /script/export: No such file or
directory``), it is a program the script runs (or a path it redirects to), not an input the task's
code reads: the script or the image names a path that is not there (CODE). A bare program name
(``[Errno 2] No such file or directory: 'kubectl'``, what ``subprocess`` and exec plugins raise for a
command missing from ``PATH``) is a tool the worker's environment lacks (CONFIG).

A path the writer could not make because one partition directory (``column=<value>``) is longer than
a file name may be is the column's values outgrowing a partition key (DATA).
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.redact import MASK
from airflow_pipeline_debugger.heuristics.airflow._common import attribute, code_changed
from airflow_pipeline_debugger.heuristics.base import SAYS_CHARS, SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote
from airflow_pipeline_debugger.heuristics.terminal import raised_at_line, terminal_blocks

#: Suffixes of files that belong to the task's code or configuration rather than its input.
CODE_SUFFIXES = frozenset(
    {"py", "sql", "sh", "jar", "yml", "yaml", "toml", "cfg", "ini", "j2", "jinja", "r", "scala"}
)


#: bash/sh naming the script and line that ran a missing path: ``/app/run.sh: line 3: /opt/x: No such…``
#: (bounded and anchored at a path's start, so a long token is not rescanned from every position).
_SHELL_RE = re.compile(
    r"(?<![\w./-])(?P<script>[\w./-]{1,512}): line (?P<line>\d{1,9}): (?P<path>[^\s:]{1,1024}): "
    r"No such file or directory"
)
#: Suffixes of data files (compression suffixes are looked through): bash prints the same line for
#: a missing input redirect (``< /data/in.csv``), which is the input's absence, not the script's.
DATA_SUFFIXES = frozenset(
    {"csv", "tsv", "json", "jsonl", "ndjson", "parquet", "avro", "orc", "xml", "txt", "xlsx", "dat", "log"}
)
_COMPRESSION_SUFFIXES = frozenset({"gz", "bz2", "zst", "xz", "zip", "snappy", "lz4"})
#: A command looked up on ``PATH``: no folder, no suffix (an input file has one or the other).
_PROGRAM_RE = re.compile(r"[A-Za-z][\w+-]{0,63}")
#: The frame that starts a program (``subprocess.py … in _execute_child``, ``os.execvp``): a bare
#: name raised from any other frame (``open(export_name)``, ``Path("token").read_text()``) is a file.
_SPAWN_RE = re.compile(r"subprocess\.py|_execute_child|Popen|\bexec[lv]p?e?\b|\bspawn")


def _is_data_file(path: str) -> bool:
    """Whether ``path`` names a data file (``orders.csv``, ``2024-03-01.json.gz``)."""
    parts = path.rsplit("/", 1)[-1].lower().split(".")[1:]
    while parts and parts[-1] in _COMPRESSION_SUFFIXES:
        parts.pop()
    return bool(parts) and parts[-1] in DATA_SUFFIXES


class FileNotFound(SignalRule):
    """``No such file or directory``: an expected input is missing (DATA), or a changed path (CODE)."""

    id = "generic.file_not_found"
    title = "File not found"
    reads = (G.FILE_NOT_FOUND,)
    supersedes = _EXPLAINS
    max_confidence = 60  # a late or failed delivery, or a wrong path

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the path; code when the path is the task's own file or its code changed."""
        path = attribute(hits, "path")
        changed = code_changed(bundle)
        shell = next((m for h in hits for ln in h.lines if (m := _SHELL_RE.search(ln.text))), None)
        if shell is not None and _is_data_file(shell["path"]):
            path, shell = shell["path"], None  # a redirect from a missing input: the input's absence
        setup_file = shell is None and bool(path) and _is_setup_file(path)
        own_file = not setup_file and bool(path) and path.rsplit(".", 1)[-1].lower() in CODE_SUFFIXES
        program = shell is None and bool(_PROGRAM_RE.fullmatch(path or "")) and _spawned(bundle, hits, path)
        if (
            started := next((m for h in hits for ln in h.lines if (m := _JVM_SPAWN_RE.search(ln.text))), None)
        ) is not None:
            # The JVM starting a program (PySpark's worker interpreter, a tool) by its full path.
            path, program, setup_file, own_file = started["path"], True, False, False
        special = None if shell is not None or program else _special_path(bundle, hits, path)
        if special is not None:
            path, title, story, category, immediate = special
            own_file, setup_file = category is Category.CODE, category is Category.CONFIG
        elif setup_file:
            title = f"A file the set-up should provide is missing where the task runs: {path}"
            story = (
                f"{path} reads as a credential, certificate, socket or settings file, not an input a "
                "producer delivers: the worker's image, a mounted secret or volume, or the setting naming "
                "the path is likely wrong where the task runs."
            )
            category = Category.CONFIG
            immediate = (
                f"Check that {path} is mounted or installed on the worker (and that the setting naming it "
                "points there), then clear the task."
            )
        elif program:
            title = (
                f"A program the task runs was not found where it runs (not installed or not on PATH): {path}"
            )
            story = (
                f"{path} is a program the job starts, not a file it reads: it is not installed at that path "
                "where the job runs (the image, or a setting naming the interpreter such as PYSPARK_PYTHON)."
                if "/" in path
                else f"{path} is a command looked up on PATH, not a file the task reads: the worker's image "
                "or environment does not have it installed (or not on the PATH the task sees)."
            )
            category = Category.CONFIG
            immediate = f"Install {path} in the worker's image (or put it on PATH), then clear the task."
        elif shell is not None:
            path = shell["path"]
            own_file = True
            title = f"A program the script runs is missing: {path}"
            story = (
                f"The shell running {shell['script']} (line {shell['line']}) could not find {path}: the "
                "script runs (or redirects to) a path that does not exist where the task runs, so the "
                "script, the DAG's command or the image names the wrong path, or the image does not ship it."
            )
            category = Category.CODE
            immediate = f"Check the path at {shell['script']}:{shell['line']} against the image, then fix it."
        elif own_file or changed:
            title = (
                "A file of the task's own code is missing" if own_file else "A path the task builds is wrong"
            )
            title += f": {path}" if path else ""
            story = (
                "It is part of the task's code or configuration (a script, query or settings file), not an "
                "input: the deployment does not ship it or the task names it wrongly."
                if own_file
                else "Its code changed since the last success, so the path it builds may be wrong."
            )
            category = Category.CODE
            immediate = (
                f"Check that {path or 'the file'} is deployed where the task looks for it, then fix it."
            )
        else:
            title = "An input file the task reads is missing" + (f": {path}" if path else "")
            story = "The producer has not delivered it (late or failed upstream), or wrote it elsewhere."
            category = Category.DATA
            immediate = "Check whether the upstream producer delivered the file; clear the task when it has."
        return self.finding(
            title=title,
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.PERMANENT if own_file or program or setup_file else Transience.INTERMITTENT,
            likelihood=64,
            summary=f"The task opened a path that does not exist ({_quote(hits)}). {story}",
            signals=hits[:3],
            details=[("path", path)] if path else [],
            immediate_fix=immediate,
            change=(
                "Ship the file with the deployment (or correct the path the task builds)."
                if category is Category.CODE
                else f"Mount or install {path} on every worker (a secret, a volume, the image), or point "
                "the setting at where it is."
                if setup_file
                else f"Add {path} to the image's build (its package, or a base image that has it)."
                if program
                else "Wait for the file with a sensor (or an asset) instead of assuming it exists."
            ),
            prevention=(
                f"Check in the image's CI that every command the DAGs run is there (command -v {path})."
                if program
                else "Make the dependency on the producer explicit (sensor, asset schedule)."
            ),
            monitoring=(
                "Smoke-test new worker images by running each task's commands once before rollout."
                if program
                else "Alert on late deliveries before the consumer runs."
            ),
        )


def _special_path(
    bundle: EvidenceBundle, hits: list[Signal], path: str
) -> tuple[str, str, str, Category, str] | None:
    """(path, title, story, category, fix) for a missing path whose own shape says where the fix goes.

    A path the task writes to (``COPY … TO 'path'``) is an output location not there (CONFIG); a path
    still holding Jinja was never rendered (CODE). ``None`` for any other path.
    """
    target = path or next(
        (m["path"] for h in hits for ln in h.lines if (m := _CANNOT_OPEN_RE.search(ln.text[:SAYS_CHARS]))), ""
    )
    if target and _written_to(bundle, target):
        folder = target.rsplit("/", 1)[0] or target
        return (
            target,
            f"The output location does not exist where the task runs: {target}",
            f"The task writes to {target} (a COPY ... TO names it as the destination) and its folder is "
            "not there: the volume is not mounted or the setting naming the location is wrong. No input "
            "is missing.",
            Category.CONFIG,
            f"Mount the volume holding {folder} on the worker (or point the output setting at a location "
            "that exists), then clear the task.",
        )
    template = _UNRENDERED_RE.search(target)
    if template is not None:
        return (
            target,
            f"The path was never rendered: it still holds the template {template[0]}",
            f"{target} still holds Jinja that Airflow never rendered: the value was built where templates "
            "are not rendered (a field missing from the operator's template_fields, a default argument or a "
            "Python string outside the task), so the task looked for a file named by the template itself. "
            "No producer can deliver that file.",
            Category.CODE,
            "Pass the path through a templated field (or render it from the task's context: "
            "`context['ds_nodash']`), then clear the task.",
        )
    return None


#: DuckDB's and others' words for a file they could not open, with its path.
_CANNOT_OPEN_RE = re.compile(r"Cannot open file [\"'](?P<path>[^\"'\n]{1,500})[\"']")
#: A statement naming a path as where it writes: SQL ``COPY … TO 'path'`` (DuckDB, PostgreSQL).
_WRITE_TARGET_RE = re.compile(r"(?i)\bcopy\b[^\n]{0,300}?\bto\s+'(?P<path>[^'\n]{1,500})'")
#: Lines of the logs' terminal blocks searched for the statement that wrote to the missing path.
WRITE_LINES_READ = 400


def _written_to(bundle: EvidenceBundle, path: str) -> bool:
    """Whether a statement in the lines the task died with writes to ``path`` (not reads it)."""
    for block in terminal_blocks(bundle):
        for line in (*block.before, *block.lines)[-WRITE_LINES_READ:]:
            found = _WRITE_TARGET_RE.search(line.text[:SAYS_CHARS])
            if found is not None and found["path"] == path:
                return True
    return False


#: Jinja left in a path: the template was never rendered (``orders_{{ ds_nodash }}.csv``).
_UNRENDERED_RE = re.compile(r"\{\{[^{}\n]{1,100}\}\}|\{%[^{}\n]{1,100}%\}")
#: Java's report of a program it could not start (``ProcessBuilder``): ``Cannot run program
#: "/opt/conda/envs/etl/bin/python3": error=2, No such file or directory``.
_JVM_SPAWN_RE = re.compile(r'Cannot run program "(?P<path>[^"\n]{1,500})"')

#: Files the set-up provides rather than a producer or the task's code: credentials, keys and
#: certificates, sockets, settings files. Read on the file's own name, as a whole word
#: (``tokenizer/vocab.bin`` or a folder ``tokens/`` holds data, not a token).
_SETUP_NAME_RE = re.compile(
    r"(?i)(?<![a-z0-9])(?:credentials?|secrets?|tokens?|kubeconfig|service[-_]?account|keyfile|keystore|"
    r"truststore|profiles\.ya?ml)(?![a-z0-9])"
    r"|\.(?:pem|crt|cer|key|p12|pfx|jks|keytab|sock|conf|properties)$"
)
#: Folders the set-up's files live in (``/etc``, ``~/.aws``, a mounted ``/secrets``).
_SETUP_DIR_RE = re.compile(
    r"^(?:/etc/|/run/|/var/run/|~/\.)|/\.(?:aws|kube|ssh|config|gcloud|docker)/|/secrets?/"
)
#: Characters of a path's start and of its file name read (so a long path costs one bounded search).
SETUP_NAME_CHARS = 120
#: Suffixes of the task's own code (settings formats excepted: ``profiles.yml`` is the set-up's).
_PROGRAM_SUFFIXES = CODE_SUFFIXES - {"yml", "yaml", "toml", "cfg", "ini"}


def _is_setup_file(path: str) -> bool:
    """Whether a missing path is a file the set-up provides (a credential, a socket, a settings file).

    A data file named for what it holds (``exports/tokens_2026-12-06.csv``) is an input and a script
    (``dags/credentials_check.py``) the task's code; a JSON file is the one data suffix a credential
    takes (``gcp-service-account.json``, a key in ``/secrets/``), so it counts by its name or folder.
    """
    name = path.rsplit("/", 1)[-1][-SETUP_NAME_CHARS:]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in _PROGRAM_SUFFIXES or (_is_data_file(name) and suffix != "json"):
        return False
    return bool(_SETUP_DIR_RE.search(path[:SETUP_NAME_CHARS]) or _SETUP_NAME_RE.search(name))


def _spawned(bundle: EvidenceBundle, hits: list[Signal], name: str) -> bool:
    """Whether the missing bare ``name`` is a program being started, not a file opened by that name.

    A subprocess's or an exec plugin's report (no traceback frame right above it) or a traceback
    raised in the machinery that starts programs is; one raised in the task's own frame is a file.
    """
    line = next((ln for h in hits for ln in h.lines if f"'{name}'" in ln.text), None)
    raised = raised_at_line(bundle, line)
    return not raised or bool(_SPAWN_RE.search(raised))


#: The longest file name (one path component) common file systems allow, in bytes (POSIX NAME_MAX).
NAME_MAX = 255
#: A partition directory in a path: ``/utm_campaign=<value>`` up to the next separator.
_PARTITION_DIR_RE = re.compile(r"(?<=/)(?P<column>[A-Za-z_]\w{0,63})=[^/\s'\"]{1,5000}")


class PartitionNameTooLong(SignalRule):
    """A partition directory named after a value longer than a file name may be (DATA).

    Partitioned writers make one directory per value (``utm_campaign=<value>``); a file system refuses
    a name past 255 bytes, so a column whose values are whole URLs or free text cannot be written that
    way. The code was fine for the bounded values the column used to carry.
    """

    id = "generic.partition_name_too_long"
    title = "A partition value too long for a directory name"
    reads = (G.PARTITION_NAME_TOO_LONG,)
    supersedes = ("generic.python_exception", "generic.error_code", "generic.file_not_found")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the column whose directory name passes 255 bytes; none when none does."""
        names = [m for hit in hits for ln in hit.lines[:1] for m in _PARTITION_DIR_RE.finditer(ln.text)]
        longest = max(names, key=lambda m: len(m[0].encode()), default=None)
        if longest is None or len(longest[0].encode()) <= NAME_MAX:
            return None  # the whole path is too long, or another failure: no one value to blame
        column, size = longest["column"], len(longest[0].encode())
        # A secret masked inside the value shortened it: the name was longer still.
        bytes_said = f"{size} bytes or more" if MASK in longest[0] else f"{size} bytes"
        return self.finding(
            title=(
                f"Values of {column} are too long to name a partition directory ({bytes_said}; a file "
                f"name may hold {NAME_MAX})"
            ),
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=64,
            summary=(
                f"The write is partitioned by {column}, so each value becomes a directory "
                f"{column}=<value>, and the file system refused one of {bytes_said}: "
                f"{column} now carries values far longer than a partition key does (a whole URL or free "
                "text where a short code was), which the partitioning never allowed for."
            ),
            signals=hits[:1],
            details=[
                ("partition column", column),
                ("directory name", bytes_said),
                ("limit", "255 bytes"),
            ],
            immediate_fix=(
                f"Find the rows whose {column} is longer than about 200 characters and normalise them (the "
                "code or name the column is meant to hold), or have the producer send that; then clear "
                "the task."
            ),
            change=(
                f"Partition by a bounded column instead of {column} (a date, a short code, or a hash or "
                f"truncated {column}), and keep the full value as an ordinary column."
            ),
            prevention=f"Validate the length of {column} at the source (a contract: at most 200 characters).",
            monitoring=f"Alert on the longest {column} value per load and on a jump in its distinct count.",
        )
