"""Upstream loader: lands the partner's return feed (ISO dates, as in every delivery since 2025) into raw."""
import random, sys, datetime
import duckdb

db = sys.argv[1]
random.seed(7)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.partner_returns (return_id varchar, order_id bigint, sku varchar, quantity varchar, return_date varchar, reason_code varchar)")
rows = []
for i in range(1800):
    d = datetime.date(2026, 12, 6) - datetime.timedelta(days=random.randint(0, 29))
    rows.append((f"RT{i:06d}", 700000 + i, f"SKU-{random.randint(10000, 10400)}", str(random.randint(1, 3)), d.isoformat(), random.choice(["DAMAGED", "WRONG_SIZE", "NOT_AS_DESCRIBED", "LATE"])))
con.executemany("insert into raw.partner_returns values (?,?,?,?,?,?)", rows)
print(f"loaded {len(rows)} rows into raw.partner_returns ({db})")
print(con.execute("select min(return_date), max(return_date) from raw.partner_returns").fetchone())
