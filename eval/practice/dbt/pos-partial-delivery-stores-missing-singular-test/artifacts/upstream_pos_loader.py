"""Stand-in for the POS collector: each store's till server drops a CSV per day;
the loader loads whatever has arrived by 04:00 into raw.pos_sales."""
import csv, glob, os, random
import duckdb
random.seed(9)
LANDING = "/tmp/h42-dbt-pos/landing/2026-12-06"
os.makedirs(LANDING, exist_ok=True)
stores = [f"S{i:02d}" for i in range(1, 13)]
not_delivered = {"S04", "S09", "S11"}   # these stores' till servers had not uploaded yet
for s in stores:
    if s in not_delivered:
        continue
    with open(f"{LANDING}/pos_{s}_2026-12-06.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["store_id", "sale_date", "till_id", "net_amount"])
        for _ in range(random.randint(150, 400)):
            w.writerow([s, "2026-12-06", f"T{random.randint(1,6)}", round(random.uniform(1, 180), 2)])
con = duckdb.connect("/tmp/h42-dbt-pos/pos.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.stores as select * from (values " + ",".join(f"('{s}', 'Store {s}', true)" for s in stores) + ") t(store_id, store_name, is_open)")
files = sorted(glob.glob(f"{LANDING}/pos_*.csv"))
print(f"04:00 cut-off: {len(files)} of {len(stores)} store files received for 2026-12-06")
for s in stores:
    if not os.path.exists(f"{LANDING}/pos_{s}_2026-12-06.csv"):
        print(f"WARNING store {s}: no file yet for 2026-12-06 (till server upload pending), continuing")
con.execute(f"create or replace table raw.pos_sales as select * from read_csv('{LANDING}/pos_*.csv', header=true)")
print("raw.pos_sales rows:", con.execute("select count(*) from raw.pos_sales").fetchone()[0])
