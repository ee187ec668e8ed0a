"""Upstream loader: app events -> raw.app_events (received_at is TIMESTAMPTZ as delivered by the collector)."""
import duckdb, random, sys, datetime as dt
random.seed(3)
db = sys.argv[1]
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.app_events (event_id bigint, user_id bigint, event_name varchar, received_at timestamptz)")
base = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
rows = [(i, random.randint(1, 900), random.choice(["view", "add_to_cart", "checkout"]), base + dt.timedelta(seconds=random.randint(0, 86399))) for i in range(1, 2001)]
con.executemany("insert into raw.app_events values (?,?,?,?)", rows)
print("2026-12-08 01:15:40 INFO events-loader: loaded 2000 events for 2026-12-07 into raw.app_events (schema unchanged)")
print("2026-12-08 01:15:40 INFO events-loader: done, error_count=0")
