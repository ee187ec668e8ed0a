"""Command line: ``airflow-pipeline-debugger <command>``.

``analyze`` runs the same engine as the plugin on local files, with no Airflow metadata DB: the
paths given on the command line are the only allow-listed roots. Each subcommand is one function
that registers its parser (see :data:`COMMANDS`), so adding one is adding one function.

Exit codes: 0 when an investigation was produced, 2 with a one-line message on unusable input or
configuration, 1 on an unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from airflow_pipeline_debugger.conf import ConfigError
from airflow_pipeline_debugger.domain import PipelineType
from airflow_pipeline_debugger.engine.llm.settings import LLMConfigError
from airflow_pipeline_debugger.engine.offline import (
    OfflineInputError,
    OfflineSettings,
    analyze_files,
    preview_files,
)
from airflow_pipeline_debugger.engine.report import render_markdown
from airflow_pipeline_debugger.engine.topology import TopologyError
from airflow_pipeline_debugger.evidence.files import UNREAD_COMPRESSIONS, UTF16_BOMS, compression_of
from airflow_pipeline_debugger.heuristics.base import HeuristicConfigError
from airflow_pipeline_debugger.runner.main import add_runner

EXIT_OK = 0
EXIT_USAGE = 2
#: How much of a log is sniffed to tell text from binary.
SNIFF_BYTES = 8192


class UsageError(Exception):
    """Unusable input; printed as one line and exit code 2."""


def _check_log(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.exists():
        raise UsageError(f"--log {raw}: no such file")
    if path.is_dir():
        raise UsageError(f"--log {raw}: is a directory (give log files; pass folders with --artifact)")
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise UsageError(f"--log {raw}: cannot read ({exc.strerror or exc})") from exc
    if unread := compression_of(head, UNREAD_COMPRESSIONS):
        raise UsageError(
            f"--log {raw}: compressed with {unread}; decompress it first "
            "(gzip, bzip2 and xz logs are read as they are)"
        )
    if b"\x00" in head and not compression_of(head) and head[:2] not in UTF16_BOMS:
        raise UsageError(f"--log {raw}: looks like a binary file, not a text log")
    return path


def _check_artifact(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.exists():
        raise UsageError(f"--artifact {raw}: no such file or directory")
    if not os.access(path, os.R_OK):
        raise UsageError(f"--artifact {raw}: not readable")
    return path


def _analyze(args: argparse.Namespace, out: TextIO) -> int:
    # Heavy imports stay here so `--help` and other subcommands start fast.

    logs = [_check_log(p) for p in args.log or []]
    artifacts = [_check_artifact(p) for p in args.artifact or []]
    if not logs and not artifacts:
        raise UsageError("nothing to analyze: give at least one --log or --artifact")
    pipeline_type = None if args.pipeline_type == "auto" else PipelineType(args.pipeline_type)
    try:
        settings = OfflineSettings.load(use_model=not (args.no_llm or args.show_prompt))
        if args.show_prompt:
            out.write(preview_files(logs, artifacts, settings, pipeline_type=pipeline_type))
            return EXIT_OK
        run = analyze_files(logs, artifacts, settings, pipeline_type=pipeline_type)
    except (ConfigError, HeuristicConfigError, TopologyError, LLMConfigError, OfflineInputError) as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        out.write(json.dumps(run.result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(
            render_markdown(
                run.result, context=run.bundle.context, evidence=run.sink.evidence, steps=run.sink.steps
            )
        )
    return EXIT_OK


def add_analyze(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``analyze``: investigate local logs and artifacts."""
    p = subparsers.add_parser(
        "analyze",
        help="investigate log files and artifacts (dbt target/, Spark event logs) without Airflow",
        description="Investigate a failure from local files: the same engine as the Airflow plugin.",
    )
    p.add_argument("--log", action="append", metavar="PATH", help="task, driver or tool log (repeatable)")
    p.add_argument(
        "--artifact",
        action="append",
        metavar="PATH",
        help="file or folder: dbt target/, run_results.json, manifest.json, Spark event log (repeatable)",
    )
    p.add_argument("--pipeline-type", choices=["auto", "airflow", "dbt", "spark"], default="auto")
    p.add_argument("--format", choices=["json", "markdown"], default="markdown")
    p.add_argument("--no-llm", action="store_true", help="deterministic investigation only")
    p.add_argument(
        "--show-prompt", action="store_true", help="print exactly what would be sent to the model, then exit"
    )
    p.set_defaults(handler=_analyze)


#: Each function registers one subcommand and sets ``handler(args, out) -> exit code``.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_analyze, add_runner]  # type: ignore[type-arg]


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="airflow-pipeline-debugger",
        description="Root-cause investigation of failed Airflow, dbt and Spark tasks.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point."""
    args = build_parser().parse_args(argv)
    out = sys.stdout
    try:
        # Libraries (Airflow's logging among them) may print to stdout; keep it for the result so
        # `--format json` output can be piped.
        with contextlib.redirect_stdout(sys.stderr):
            code: int = args.handler(args, out)
    except UsageError as exc:
        print(f"airflow-pipeline-debugger: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
