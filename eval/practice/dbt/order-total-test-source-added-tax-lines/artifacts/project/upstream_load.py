import duckdb, random
random.seed(11)
con = duckdb.connect("/tmp/pr25/dbt/order-total-test-source-added-tax-lines/warehouse.duckdb")
con.execute("create or replace table raw_orders(order_id int, order_date date, order_total decimal(12,2))")
con.execute("create or replace table raw_order_lines(order_id int, line_no int, line_type varchar, sku varchar, amount decimal(12,2))")
orders, lines = [], []
for oid in range(1, 1201):
    day = "2026-12-05" if oid <= 600 else "2026-12-06"
    n = random.randint(1, 4); tot = 0
    for ln in range(1, n + 1):
        a = round(random.uniform(5, 80), 2); tot += a
        lines.append((oid, ln, "item", f"SKU-{random.randint(100,999)}", a))
    if day == "2026-12-06":   # order system 8.3: tax now exported as its own line
        lines.append((oid, n + 1, "tax", None, round(tot * 0.19, 2)))
    orders.append((oid, day, round(tot, 2)))
con.executemany("insert into raw_orders values (?,?,?)", orders)
con.executemany("insert into raw_order_lines values (?,?,?,?,?)", lines)
print(f"upstream: loaded raw_orders rows={len(orders)} raw_order_lines rows={len(lines)}")
