"""Stand-in for the upstream loader: lands the day's files and raw tables the shopops project reads."""
import csv
import os
import random
import sys
from datetime import date, timedelta

import duckdb

db, landing = sys.argv[1], sys.argv[2]
variant = sys.argv[3] if len(sys.argv) > 3 else ""
random.seed(28)
os.makedirs(landing, exist_ok=True)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.raw_customers (customer_id integer, email varchar, country varchar, created_at timestamp)")
con.executemany(
    "insert into raw.raw_customers values (?, ?, ?, ?)",
    [(i, f"c{i}@example.com", random.choice(["DE", "FR", "NL", "AT"]), f"2025-{random.randint(1,12):02d}-{random.randint(1,28):02d} 10:00:00") for i in range(1, 2001)],
)
orders, lines = [], []
oid = 500000
for d in range(7):
    day = date(2026, 11, 30) + timedelta(days=d)
    for _ in range(random.randint(380, 460)):
        oid += 1
        n = random.randint(1, 4)
        total = 0
        for ln in range(1, n + 1):
            price = random.choice([4.99, 9.90, 12.50, 19.99, 24.00, 49.00, 79.90])
            qty = random.randint(1, 3)
            total += price * qty
            lines.append((oid, ln, f"SKU-{random.randint(10000, 10400)}", qty, price))
        status = random.choice(["paid"] * 8 + ["shipped", "refunded"])
        orders.append((oid, random.randint(1, 2000), f"{day} {random.randint(6, 22):02d}:{random.randint(0, 59):02d}:00", status, round(total, 2)))
if variant == "gift_cards":
    # the shop started selling fixed-value gift cards: some orders total exactly 50.00 or 200.00
    for k in range(14):
        oid += 1
        orders.append((oid, random.randint(1, 2000), f"2026-12-06 {random.randint(8, 20):02d}:15:00", "paid", random.choice([50.00, 200.00])))
con.execute("create or replace table raw.raw_orders (order_id integer, customer_id integer, ordered_at timestamp, status varchar, order_total decimal(12,2))")
con.executemany("insert into raw.raw_orders values (?, ?, ?, ?, ?)", orders)
con.execute("create or replace table raw.raw_order_lines (order_id integer, line_no integer, sku varchar, quantity integer, unit_price decimal(10,2))")
con.executemany("insert into raw.raw_order_lines values (?, ?, ?, ?, ?)", lines)
# the marketplace export the staging model reads straight from the landing folder
header = ["order_id", "marketplace", "ordered_at", "status", "gross_amount"]
if variant == "channel_column":
    header = ["order_id", "marketplace", "ordered_at", "status", "gross_amount", "sales_channel"]
with open(os.path.join(landing, "marketplace_orders_2026-12-06.csv"), "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(header)
    for i in range(1, 1201):
        row = [900000 + i, random.choice(["amazon_de", "zalando", "otto"]), f"2026-12-06 {random.randint(0, 23):02d}:{random.randint(0, 59):02d}:00",
               random.choice(["paid", "paid", "shipped", "cancelled"]), f"{random.uniform(5, 300):.2f}"]
        if variant == "channel_column":
            row.append(random.choice(["app", "web", "pos"]))
        w.writerow(row)
con.close()
print(f"upstream: raw_customers=2000 raw_orders={len(orders)} raw_order_lines={len(lines)} marketplace header={header}")
