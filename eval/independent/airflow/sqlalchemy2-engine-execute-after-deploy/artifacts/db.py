"""Small warehouse helpers used by the reporting DAGs."""
from __future__ import annotations

import logging

from sqlalchemy import create_engine

log = logging.getLogger("acme.etl.db")


def get_engine(uri: str):
    return create_engine(uri, pool_pre_ping=True)


def scalar(engine, sql: str):
    """Run one query and return the first column of the first row."""
    result = engine.execute(sql)
    return result.scalar()


def run(engine, sql: str) -> int:
    result = engine.execute(sql)
    return result.rowcount
