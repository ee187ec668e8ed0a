import duckdb, random
random.seed(3)
con = duckdb.connect("/tmp/pr18/dbt/session-duration-switched-to-milliseconds/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.app_sessions (session_id varchar, started_at timestamp, duration bigint, app_version varchar)")
rows = []
for day in ('2026-12-04', '2026-12-05', '2026-12-06'):
    for i in range(800):
        secs = random.randint(5, 3600)
        ver = '5.12.0' if day < '2026-12-06' else '5.13.0'
        dur = secs if day < '2026-12-06' else secs * 1000
        rows.append((f"{day}-{i}", f"{day} {random.randint(0,23):02d}:{random.randint(0,59):02d}:00", dur, ver))
con.executemany("insert into raw.app_sessions values (?, ?, ?, ?)", rows)
print("upstream: loaded raw.app_sessions=%d (days 2026-12-04..2026-12-06)" % len(rows))
