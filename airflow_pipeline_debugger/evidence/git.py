"""Read-only git commands on a repository the investigation does not trust.

A DAG bundle's clone and a dbt project's checkout are written by whoever can push to them, so their
config is hostile: a repository's ``.git/config`` can name a pager, hooks, an fsmonitor, an external
diff, a textconv filter or (through ``log.showSignature``) ``gpg.program`` — each a program git would
start. Every command here runs with those switched off on the command line (``-c`` wins over every
config file), no system config, no prompt, no optional locks, no replace objects, no lazy fetch,
literal pathspecs, a fixed argv and no shell, a timeout and a cap on the bytes read (a hostile
subject line can be megabytes). The user's own global config is read only when the caller asks: it
is where an owner trusts a checkout owned by another user (``safe.directory``); otherwise git's
refusal of such a checkout stands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from airflow_pipeline_debugger.evidence.redact import redact

#: Options that stop a repository's own config from starting a program.
SAFE_CONFIG = (
    "-c",
    f"core.hooksPath={os.devnull}",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    f"core.attributesFile={os.devnull}",
    "-c",
    "diff.external=",
    "-c",
    "core.pager=cat",
)
#: Commands that can print a patch, and so run an external diff or a textconv filter.
PATCH_COMMANDS = frozenset({"diff", "log", "show"})
#: Characters of git's error output kept in a :class:`GitError`.
MAX_ERROR_CHARS = 300


class GitError(Exception):
    """git is missing, failed, or timed out; the message says which (redacted, short)."""


@dataclass(frozen=True)
class GitOutput:
    """What one command printed (decoded, at most the cap) and whether the cap cut it."""

    text: str
    truncated: bool


def run_git(
    location: Sequence[str],
    args: Sequence[str],
    *,
    timeout: float,
    max_bytes: int,
    user_config: bool = False,
) -> GitOutput:
    """``git <location> <args>`` under the safety options above.

    ``location`` is ``("--git-dir=<bare clone>",)`` or ``("-C", "<checkout>")``. Output past
    ``max_bytes`` is dropped (the process is stopped) and reported as ``truncated``, not as an error.

    :raises GitError: git is not installed, could not start, exited non-zero or ran past ``timeout``.
    """
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed where the investigation runs")
    if args and args[0] in PATCH_COMMANDS:
        # No config switches these off: ``.git/info/attributes`` can name a textconv driver.
        args = (args[0], "--no-ext-diff", "--no-textconv", *args[1:])
    command = [git, *location, "--no-pager", "--literal-pathspecs", *SAFE_CONFIG, *args]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_NO_LAZY_FETCH": "1",
    }
    if user_config:
        env["HOME"] = os.environ.get("HOME", os.devnull)
    else:
        env.update({"HOME": os.devnull, "GIT_CONFIG_GLOBAL": os.devnull})
    # stderr goes to a file: a pipe nobody reads while stdout is read could fill and stall git.
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(  # fixed argv, no shell
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors, env=env
            )
        except OSError as exc:
            raise GitError(f"git could not be started: {exc}") from exc
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            proc.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            out = proc.stdout.read(max_bytes + 1) if proc.stdout is not None else b""
            capped = len(out) > max_bytes
            if capped:
                proc.kill()
                out = out[:max_bytes]
            code = proc.wait()
        finally:
            timer.cancel()
            if proc.stdout is not None:
                proc.stdout.close()
        errors.seek(0)
        err = errors.read(4096)
    verb = args[0] if args else "git"
    if expired.is_set() and not capped:
        raise GitError(f"git {verb} took longer than {timeout:g} s and was stopped")
    if code != 0 and not capped:
        first = err.decode("utf-8", "replace").strip()
        raise GitError(f"git {verb}: {redact(first[:MAX_ERROR_CHARS]) or f'exited {code}'}")
    return GitOutput(out.decode("utf-8", "replace"), capped)
