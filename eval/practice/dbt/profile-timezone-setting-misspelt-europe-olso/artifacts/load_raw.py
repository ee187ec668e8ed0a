"""Upstream stand-in: the footfall counters' collector loads raw.footfall."""
import duckdb, random
con = duckdb.connect("/tmp/h41-dbt-tz/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.footfall (store_id int, counted_at varchar, visitors int)")
rnd = random.Random(3)
rows = [(s, f"2026-12-06 {h:02d}:{m:02d}:00+00", rnd.randint(0, 40)) for s in range(1, 41) for h in range(7, 21) for m in (0, 15, 30, 45)]
con.executemany("insert into raw.footfall values (?, ?, ?)", rows)
print("loaded", len(rows), "footfall rows")
