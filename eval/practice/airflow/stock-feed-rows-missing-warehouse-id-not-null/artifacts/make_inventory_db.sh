#!/bin/sh
# Warehouse side, as it exists in prod, plus the partner feed as it landed for 2026-12-07.
psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE h39_inventory"
psql -h 127.0.0.1 -U postgres -d h39_inventory <<'SQL'
CREATE SCHEMA staging;
CREATE TABLE staging.partner_stock (sku text, warehouse_id text, on_hand integer, counted_at text);
CREATE TABLE public.warehouse_stock (
  snapshot_date date NOT NULL,
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  on_hand integer NOT NULL,
  counted_at timestamptz NOT NULL,
  PRIMARY KEY (snapshot_date, sku, warehouse_id)
);
SQL
mkdir -p /tmp/h39-data
python3 - <<'PY'
import csv, random
random.seed(39)
with open("/tmp/h39-data/partner_stock_20261207.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["sku", "warehouse_id", "on_hand", "counted_at"])
    for i in range(1, 1201):
        # the partner's new cross-dock site sends its lines without a warehouse id
        wh = "" if i % 97 == 0 else random.choice(["WH-AMS-1", "WH-RTM-2", "WH-UTR-3"])
        w.writerow([f"SKU-{i:05d}", wh, random.randint(0, 400), f"2026-12-07T0{random.randint(0,5)}:{random.randint(10,59)}:00+00:00"])
PY
