import duckdb, random, datetime
random.seed(4)
con = duckdb.connect("/tmp/pr18/dbt/fx-rates-file-late-no-rate-for-run-date/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.fx_rates (rate_date date, currency varchar, rate_to_eur double, loaded_at timestamp)")
rows = []
for d in range(1, 6):  # fx_rates_2026-12-06.csv not in the landing folder yet
    for c, r in (("USD", 0.92), ("GBP", 1.16), ("CHF", 1.06)):
        rows.append((f"2026-12-{d:02d}", c, round(r * random.uniform(0.99, 1.01), 5), f"2026-12-{d:02d} 17:05:00"))
con.executemany("insert into raw.fx_rates values (?, ?, ?, ?)", rows)
con.execute("create or replace table raw.orders (order_id int, order_date date, currency varchar, amount decimal(10,2))")
orows = [(800000 + i, '2026-12-06', random.choice(['USD', 'GBP', 'CHF']), round(random.uniform(5, 300), 2)) for i in range(1200)]
con.executemany("insert into raw.orders values (?, ?, ?, ?)", orows)
print("upstream: fx landing folder has files for 2026-12-01..2026-12-05; loaded raw.fx_rates=%d raw.orders=%d (order_date 2026-12-06)" % (len(rows), len(orows)))
