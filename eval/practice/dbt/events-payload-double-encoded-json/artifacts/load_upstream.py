"""Upstream loader stand-in: lands the raw.* tables the oncall_dw project reads."""
import json, random, sys
import duckdb

variant = sys.argv[1] if len(sys.argv) > 1 else "normal"
random.seed(2026)
con = duckdb.connect("warehouse.duckdb")
con.execute("create schema if not exists raw")
for t in ("orders", "order_lines", "payments", "stores", "events"):
    con.execute(f"drop table if exists raw.{t}")

EU = [("Berlin Mitte", 52.52, 13.40), ("Hamburg Altona", 53.55, 9.93), ("Munich Center", 48.14, 11.58),
      ("Cologne", 50.94, 6.96), ("Vienna", 48.21, 16.37), ("Zurich", 47.37, 8.54), ("Amsterdam", 52.37, 4.90),
      ("Paris Nord", 48.88, 2.35), ("Madrid", 40.42, -3.70), ("Lisbon", 38.72, -9.14)]
stores = []
for i in range(40):
    name, lat, lon = EU[i % len(EU)]
    stores.append((100 + i, f"{name} {i // len(EU) + 1}", "EU", lat + random.uniform(-0.05, 0.05), lon + random.uniform(-0.05, 0.05)))
if variant == "latlon":
    # APAC onboarding batch exported from the new regional CRM
    APAC = [("Sydney CBD", -33.87, 151.21), ("Melbourne", -37.81, 144.96), ("Singapore Orchard", 1.30, 103.83),
            ("Tokyo Shibuya", 35.66, 139.70), ("Osaka", 34.69, 135.50), ("Auckland", -36.85, 174.76),
            ("Brisbane", -27.47, 153.03), ("Seoul Gangnam", 37.50, 127.03)]
    for j, (name, lat, lon) in enumerate(APAC):
        stores.append((300 + j, name, "APAC", lon, lat))
con.execute("create table raw.stores (store_id integer, store_name varchar, region varchar, latitude varchar, longitude varchar)")
con.executemany("insert into raw.stores values (?, ?, ?, ?, ?)", [(s, n, r, f"{a:.5f}", f"{b:.5f}") for s, n, r, a, b in stores])

orders, lines, payments = [], [], []
for i in range(2400):
    oid = f"O-{2026120000 + i}"
    n = random.randint(1, 4)
    ol = []
    for _ in range(n):
        ol.append((oid, random.choice(["web", "store"]), f"SKU-{random.randint(10000, 10400)}", random.randint(1, 3), round(random.uniform(2, 90), 2)))
    if i % 17 == 3:  # same item scanned twice as two lines
        ol.append(ol[0])
    lines += ol
    total = round(sum(q * p for _, _, _, q, p in ol), 2)
    orders.append((oid, f"C{random.randint(1000, 9999)}", random.choice(stores)[0], f"2026-12-0{random.randint(1, 6)} {random.randint(8, 21):02d}:{random.randint(0, 59):02d}:00", f"{total:.2f}", "EUR"))
    r = random.random()
    if r < 0.86:
        payments.append((f"P-{i:06d}", oid, "captured", total, orders[-1][3]))
    elif r < 0.90:
        payments.append((f"P-{i:06d}", oid, "refunded", total, orders[-1][3]))
    elif r < 0.94:
        payments.append((f"P-{i:06d}", oid, "pending", total, orders[-1][3]))
    # else: not paid yet (invoice orders) - no payment row
con.execute("create table raw.orders (order_id varchar, customer_id varchar, store_id integer, ordered_at varchar, order_total varchar, currency varchar)")
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?, ?)", orders)
con.execute("create table raw.order_lines (order_id varchar, channel varchar, sku varchar, quantity varchar, unit_price varchar)")
con.executemany("insert into raw.order_lines values (?, ?, ?, ?, ?)", [(a, b, c, str(d), f"{e:.2f}") for a, b, c, d, e in lines])
con.execute("create table raw.payments (payment_id varchar, order_id varchar, status varchar, amount double, paid_at varchar)")
con.executemany("insert into raw.payments values (?, ?, ?, ?, ?)", payments)

events = []
for i in range(3600):
    o = random.choice(orders)
    sv = random.choice(["web-sdk 4.9", "ios 7.2", "android 7.1"])
    payload = json.dumps({"order_id": o[0], "amount": float(o[4]), "items": random.randint(1, 4)})
    if variant == "double_json" and i >= 2400:
        sv = "web-sdk 5.0"  # rolled out 2026-12-06
        payload = json.dumps(payload)
    events.append((f"ev_{i:07d}", "purchase", sv, f"2026-12-0{random.randint(1, 6)} {random.randint(0, 23):02d}:{random.randint(0, 59):02d}:00", payload))
    if i % 3 == 0:
        events.append((f"ev_{i:07d}v", "page_view", sv, events[-1][3], json.dumps({"path": "/checkout"})))
con.execute("create table raw.events (event_id varchar, event_type varchar, source_version varchar, event_ts varchar, payload varchar)")
con.executemany("insert into raw.events values (?, ?, ?, ?, ?)", events)
for t in ("orders", "order_lines", "payments", "stores", "events"):
    print(f"loaded raw.{t}: {con.execute(f'select count(*) from raw.{t}').fetchone()[0]} rows")
con.close()
