"""Sessions of the provider's own on Airflow's engine: the one way every layer gets a DB session.

Listeners run inside the scheduler's loop and must never touch its scoped ``settings.Session``; the
runner, the API, Slack delivery and the sweep all open short sessions of their own here, commit or
roll back as a unit, and tell a database outage (requeue, retry later) from a bug.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SessionFactory = Callable[[], "Session"]


def own_session() -> Session:
    """A session of its own on Airflow's engine; never the scheduler's scoped ``settings.Session``."""
    from airflow import settings

    if settings.NonScopedSession is None:
        settings.configure_orm()
    if settings.NonScopedSession is None:
        raise RuntimeError("the Airflow ORM is not configured in this process")
    session: Session = settings.NonScopedSession()
    return session


@contextlib.contextmanager
def session_scope(factory: SessionFactory = own_session) -> Iterator[Session]:
    """Commit on success, roll back on error, always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_db_outage(exc: BaseException) -> bool:
    """Whether ``exc`` is the metadata DB being unreachable or busy, rather than a bug or bad data."""
    return isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)
    )
