"""Upstream loader: lands the POS orders extract into raw.orders."""
import logging
import sys
import duckdb

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.pos.loader")
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders as select * from (values "
            "(1, 'S01', date '2026-10-03', 120.00), (2, 'S01', date '2026-10-17', 80.50), "
            "(3, 'S02', date '2026-11-05', 45.00), (4, 'S02', date '2026-11-28', 300.00), "
            "(5, 'S01', date '2026-12-01', 99.90), (6, 'S03', date '2026-12-06', 12.00)) "
            "t(order_id, store_id, order_date, amount)")
log.info("loaded 6 orders into raw.orders (3 stores); 0 rows killed by dedupe, warehouse timeout=60s")
