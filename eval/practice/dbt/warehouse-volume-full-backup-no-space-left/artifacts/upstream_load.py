"""Upstream loader: lands the general-ledger lines into raw.ledger_lines (warehouse on the shared /vol volume)."""
import random
import sys

import duckdb

path = sys.argv[1]
rng = random.Random(11)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.ledger_lines (line_id integer, account_id integer, amount double, posted_at timestamp)")
con.executemany("insert into raw.ledger_lines values (?, ?, ?, timestamp '2026-11-01' + to_minutes(?))",
                [(i, rng.randint(1, 4000), round(rng.uniform(-900, 900), 2), rng.randint(0, 43000)) for i in range(1, 20001)])
print("loaded raw.ledger_lines:", con.execute("select count(*) from raw.ledger_lines").fetchone()[0])
con.close()
