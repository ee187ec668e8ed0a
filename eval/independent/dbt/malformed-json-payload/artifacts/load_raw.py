"""Upstream loader: lands today's raw tables in the warehouse (stands in for the ingestion service)."""
import json, random, sys
import duckdb

path = sys.argv[1]
faults = set(sys.argv[2:])
random.seed(7)
con = duckdb.connect(path)
con.execute("create schema if not exists raw")
events = []
for i in range(1, 801):
    payload = json.dumps({"type": random.choice(["view", "cart", "purchase"]), "customer": {"id": f"cu_{random.randint(1, 300)}"}, "amount": round(random.uniform(1, 90), 2)})
    if "truncated_json" in faults and i == 517:
        payload = payload[: len(payload) - 19]
    events.append((i, f"2026-12-06 {i % 24:02d}:{i % 60:02d}:00", payload))
con.execute("create or replace table raw.events (event_id int, received_at timestamp, payload varchar)")
con.executemany("insert into raw.events values (?, ?, ?)", events)
prices = []
for n in range(10001, 10121):
    price = round(random.uniform(2, 40), 2)
    if "zero_prices" in faults and n % 23 == 0:
        price = 0.0
    prices.append((str(n), "ACME Supply", price, "2026-12-01"))
con.execute("create or replace table raw.supplier_prices (sku_number varchar, supplier varchar, unit_price double, valid_from varchar)")
con.executemany("insert into raw.supplier_prices values (?, ?, ?, ?)", prices)
lines = [(o, l, f"SKU-{random.randint(10001, 10120)}", random.randint(1, 5), round(random.uniform(5, 60), 2)) for o in range(1, 301) for l in range(1, 3)]
con.execute("create or replace table raw.order_lines (order_id int, line_no int, sku varchar, quantity int, unit_price double)")
con.executemany("insert into raw.order_lines values (?, ?, ?, ?, ?)", lines)
print(f"landed raw.events={len(events)} raw.supplier_prices={len(prices)} raw.order_lines={len(lines)} into {path}")
