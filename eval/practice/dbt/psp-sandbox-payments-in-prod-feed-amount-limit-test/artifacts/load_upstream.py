"""Upstream loader: PSP settlement export -> raw.payments (append for the day)."""
import duckdb, random, sys
random.seed(7)
db = sys.argv[1]
print("2026-12-08 02:05:11 INFO psp-loader: fetching settlement export for 2026-12-07 from sftp://psp-reports (connection reset once, retried OK)")
rows = []
for i in range(1, 4796):
    rows.append((100000 + i, 50000 + i, "acme_prod", random.choice(["card", "paypal", "klarna"]), round(random.uniform(3, 450), 2), "2026-12-07"))
for j in range(1, 18):
    rows.append((900000 + j, 1 + j, "acme_sandbox", "card", 999999.99, "2026-12-07"))
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.payments (payment_id bigint, order_id bigint, merchant_account varchar, method varchar, amount decimal(12,2), settled_on date)")
con.executemany("insert into raw.payments values (?,?,?,?,?,?)", rows)
print(f"2026-12-08 02:05:13 INFO psp-loader: payments.csv: {len(rows)} rows loaded into raw.payments")
print("2026-12-08 02:05:13 INFO psp-loader: merchant_account breakdown: acme_prod=4795 acme_sandbox=17")
print("2026-12-08 02:05:13 INFO psp-loader: amount min=3.01 max=999999.99 sum=... (not checked by loader)")
print("2026-12-08 02:05:13 INFO psp-loader: done, error_count=0")
