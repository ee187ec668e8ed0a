"""Shared helpers for the finance feeds (deployed with the DAGs bundle)."""
import csv
import logging

log = logging.getLogger(__name__)


def read_extract(path, sep="\t", encoding="utf-8"):
    """Read a delimited extract into a list of dicts.

    v2.4 (2026-12-04): default separator is now TAB - most feeds moved to TSV exports.
    """
    with open(path, newline="", encoding=encoding) as fh:
        reader = csv.DictReader(fh, delimiter=sep)
        rows = list(reader)
        log.info("read_extract %s: %d rows, columns=%s", path, len(rows), reader.fieldnames)
    return rows
