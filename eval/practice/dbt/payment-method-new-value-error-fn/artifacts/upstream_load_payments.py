# Upstream loader: PSP payments for 2026-12-06 into raw.payments (the PSP enabled a new method).
import duckdb, random
random.seed(3)
con = duckdb.connect("/tmp/pr35-dbt-payments/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.payments (payment_id int, order_id int, amount decimal(10,2), payment_method varchar)")
rows = [(i, 1000 + i, random.randint(500, 20000) / 100, random.choice(["card", "paypal", "apple_pay", "bank_transfer"])) for i in range(2000)]
rows[1377] = (1377, 2377, 59.90, "klarna")
con.executemany("insert into raw.payments values (?, ?, ?, ?)", rows)
print(f"loaded {len(rows)} payments into raw.payments")
