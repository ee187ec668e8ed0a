"""Upstream stand-in: lands the finance back-office refunds export as text columns.

From 2026-12-06 the back-office exports through its new spreadsheet tool, which
formats negative adjustments with the typographic minus sign (U+2212)."""
import csv, duckdb, io, random
rnd = random.Random(11)
rows = []
for i in range(1, 301):
    amt = f"{rnd.uniform(3, 250):.2f}"
    rows.append([f"R{70000+i}", str(910000 + rnd.randint(1, 9000)), "2026-12-06", amt, rnd.choice(["nok", "sek", "eur"]), rnd.choice(["damaged", "late", "wrong size", "goodwill"])])
# chargeback reversals come as negative refunds
for j in (41, 188, 240):
    rows[j][3] = "\u2212" + rows[j][3]
    rows[j][5] = "chargeback reversal"
buf = io.StringIO(); csv.writer(buf).writerows([["refund_id", "order_id", "refund_date", "amount", "currency", "reason"], *rows])
open("/tmp/h41-dbt-refunds/refunds_2026-12-06.csv", "w", encoding="utf-8").write(buf.getvalue())
con = duckdb.connect("/tmp/h41-dbt-refunds/warehouse.duckdb")
con.execute("create schema if not exists landing")
con.execute("create or replace table landing.refunds as select * from read_csv('/tmp/h41-dbt-refunds/refunds_2026-12-06.csv', all_varchar=true, header=true)")
print("landed", con.execute("select count(*) from landing.refunds").fetchone()[0], "refunds")
