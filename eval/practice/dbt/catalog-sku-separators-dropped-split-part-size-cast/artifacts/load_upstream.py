"""Upstream loader: pulls the nightly catalog export and replaces raw.products."""
import duckdb, random, sys
random.seed(42)
db = sys.argv[1]
print("2026-12-08 01:40:02 INFO catalog-loader: GET http://catalog-export.internal/v5/products?since=full -> 200 (1,180 rows)")
print("2026-12-08 01:40:02 WARN catalog-loader: first attempt timed out after 30s, retried OK")
print("2026-12-08 01:40:03 INFO catalog-loader: export header: producer=pim-export version=5.0.0 (previous load: 4.3.2)")
print("2026-12-08 01:40:03 INFO catalog-loader: release note from producer: 'v5: SKUs are now emitted in compact form, e.g. TSH0004238 instead of TSH-00042-38 (separators removed); old SKUs are re-keyed on next edit'")
rows = []
for i in range(1, 1181):
    cat = random.choice(["TSH", "JKT", "SHO", "SCK"])
    size = random.randint(34, 46)
    compact = i > 1090
    sku = f"{cat}{i:05d}{size}" if compact else f"{cat}-{i:05d}-{size}"
    rows.append((i, sku, f"{cat.title()} model {i}", round(random.uniform(5, 120), 2)))
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.products (product_id integer, sku varchar, name varchar, list_price decimal(10,2))")
con.executemany("insert into raw.products values (?,?,?,?)", rows)
n_compact = sum(1 for r in rows if "-" not in r[1])
print(f"2026-12-08 01:40:04 INFO catalog-loader: replaced raw.products: {len(rows)} rows ({n_compact} SKUs without '-')")
print("2026-12-08 01:40:04 INFO catalog-loader: done, error_count=0")
