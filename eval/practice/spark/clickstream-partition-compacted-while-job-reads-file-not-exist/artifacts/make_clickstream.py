"""Test fixture: the clickstream producer's hourly output for one day, 40 small part files (written with duckdb)."""
import os
import sys

import duckdb

part = sys.argv[1]
os.makedirs(part, exist_ok=True)
con = duckdb.connect()
for i in range(40):
    con.execute(f"""
        copy (
            select {i} * 2500 + j as event_id,
                   case when hash(j, {i}) % 100 = 0 then null else 's' || (hash(j * 7, {i}) % 20000) end as session_id,
                   1 + (hash(j, {i} + 1) % 8)::int as site_id,
                   1796601600 + {i} * 2000 + j as ts,
                   '/p/' || (hash(j, {i} + 2) % 5000) as url
            from range(2500) t(j)
        ) to '{part}/part-{i:05d}.parquet' (format parquet)""")
