import duckdb, random
random.seed(2)
con = duckdb.connect("/tmp/pr18/dbt/macro-default-scale-changed-reconciliation/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.payments (payment_id int, paid_on date, amount_cents bigint)")
rows = [(i, '2026-12-06', random.randint(500, 90000)) for i in range(1, 2001)]
con.executemany("insert into raw.payments values (?, ?, ?)", rows)
total = sum(r[2] for r in rows)
con.execute("create or replace table raw.ledger_daily (ledger_date date, revenue_eur decimal(14,2))")
con.execute("insert into raw.ledger_daily values ('2026-12-06', ?)", [total / 100])
print("upstream: loaded raw.payments=%d raw.ledger_daily=1 (revenue_eur=%.2f)" % (len(rows), total / 100))
