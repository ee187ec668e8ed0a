"""Upstream: load the promo engine's daily promo_lines export into raw.promo_lines."""
import csv, duckdb, logging, random, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s promo_loader: %(message)s")
log = logging.getLogger("promo_loader")
DB = sys.argv[1]
random.seed(7)
con = duckdb.connect(DB)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.promo_lines (line_id integer, order_id integer, promo_code varchar, gross_amount decimal(10,2), discount_pct double, promo_day date)")
rows = []
for i in range(1, 301):
    day = "2026-12-05" if i <= 200 else "2026-12-06"
    pct = random.choice([0.05, 0.10, 0.15, 0.20])
    if day == "2026-12-06" and i % 3 == 0:
        pct = pct * 100   # promo engine v4.2 export: whole percent for the new campaign codes
    rows.append((i, 5000 + i // 2, random.choice(["XMAS10", "WINTER15", "VIP20", "NEWCUST5"]), round(random.uniform(10, 250), 2), pct, day))
con.executemany("insert into raw.promo_lines values (?, ?, ?, ?, ?, ?)", rows)
log.info("loaded %d promo lines (2 export days) into raw.promo_lines", len(rows))
log.warning("export for 2026-12-06 produced by promo-engine 4.2 (was 4.1)")
con.close()
