"""Shared date helpers (acme-etl-common 0.9, written against pendulum 2.x)."""
import pendulum


def partition_dates(start: str, end: str, tz: str = "Europe/Berlin") -> list[str]:
    """All daily partition values from start to end inclusive, as YYYY-MM-DD."""
    s = pendulum.parse(start, tz=tz)
    e = pendulum.parse(end, tz=tz)
    return [d.to_date_string() for d in pendulum.period(s, e).range("days")]
