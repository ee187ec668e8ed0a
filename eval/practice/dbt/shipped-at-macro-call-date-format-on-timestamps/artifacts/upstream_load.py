"""Upstream loader: the carrier's shipment events, timestamps as 'YYYY-MM-DD HH:MM:SS' text (unchanged since 2024)."""
import random, sys, datetime
import duckdb

db = sys.argv[1]
random.seed(11)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.carrier_shipments (shipment_id varchar, order_id bigint, carrier varchar, shipped_at varchar, delivered_at varchar, weight_grams integer)")
rows = []
for i in range(2500):
    s = datetime.datetime(2026, 11, 6, 6) + datetime.timedelta(minutes=random.randint(0, 30 * 24 * 60))
    d = s + datetime.timedelta(hours=random.randint(18, 96))
    rows.append((f"SH{i:07d}", 800000 + i, random.choice(["DHL", "UPS", "GLS"]), s.strftime("%Y-%m-%d %H:%M:%S"),
                 d.strftime("%Y-%m-%d %H:%M:%S") if d < datetime.datetime(2026, 12, 6) else None, random.randint(200, 9000)))
con.executemany("insert into raw.carrier_shipments values (?,?,?,?,?,?)", rows)
print(f"loaded {len(rows)} rows into raw.carrier_shipments ({db})")
print(con.execute("select shipped_at, delivered_at from raw.carrier_shipments limit 3").fetchall())
