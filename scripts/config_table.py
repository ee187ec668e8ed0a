"""Print the README's configuration table, generated from the provider's option declarations.

``provider_info.OPTIONS`` is the one place options are declared; the README shows them as a Markdown
table between ``<!-- config-table:start -->`` and ``<!-- config-table:end -->``, and
``tests/unit/test_config_table.py`` fails when the two differ. ``--update README.md`` rewrites that
region in place (nothing outside the markers changes).

Usage: ``python scripts/config_table.py [--update README.md]``
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

START = "<!-- config-table:start -->"
END = "<!-- config-table:end -->"
HEADER = ("Option", "Type", "Default", "Example", "Description")


def _cell(text: str) -> str:
    """One table cell: pipes escaped, line breaks folded, so a description cannot break the row."""
    return " ".join(text.replace("|", "\\|").split())


def _code(text: str | None) -> str:
    if text is None:
        return ""
    if text == "":
        return "(empty)"
    return f"`{_cell(text)}`" if "`" not in text else f"`` {_cell(text)} ``"


def render_table(options: Mapping[str, Mapping[str, Any]], section: str) -> str:
    """The Markdown table of ``options`` in declaration order, each with its environment variable."""
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    for name, option in options.items():
        env = f"AIRFLOW__{section.upper()}__{name.upper()}"
        cells = (
            f"`{name}`<br>`{env}`",
            option["type"],
            _code(option["default"]),
            _code(option.get("example")),
            _cell(option["description"]),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def replace_region(document: str, table: str) -> str:
    """``document`` with the text between the markers replaced by ``table``."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return f"{document[: start + len(START)]}\n{table}{document[end:]}"


def region(document: str) -> str:
    """The text between the markers (what ``replace_region`` wrote), without the line after START."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return document[start + len(START) : end].removeprefix("\n")


def current_table() -> str:
    """The table of the options this checkout declares."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from airflow_pipeline_debugger.provider_info import OPTIONS, SECTION

    return render_table(OPTIONS, SECTION)


def main(argv: list[str] | None = None) -> int:
    """Print the table, or write it into a document between the markers with ``--update``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", type=Path, metavar="DOCUMENT", help="rewrite the table inside DOCUMENT")
    args = parser.parse_args(argv)
    table = current_table()
    if args.update is None:
        sys.stdout.write(table)
        return 0
    try:
        args.update.write_text(
            replace_region(args.update.read_text(encoding="utf-8"), table), encoding="utf-8"
        )
    except (OSError, ValueError) as exc:
        print(f"config_table: {args.update}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
