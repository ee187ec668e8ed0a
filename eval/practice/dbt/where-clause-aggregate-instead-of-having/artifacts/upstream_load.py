"""Upstream: load orders into raw.orders."""
import duckdb, logging, random, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s orders_loader: %(message)s")
log = logging.getLogger("orders_loader")
con = duckdb.connect(sys.argv[1])
random.seed(3)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id integer, customer_id integer, order_total decimal(10,2), ordered_at timestamp)")
con.executemany("insert into raw.orders values (?, ?, ?, ?)",
                [(i, random.randint(1, 80), round(random.uniform(5, 400), 2), f"2026-12-0{random.randint(1,6)} 1{random.randint(0,9)}:00:00") for i in range(1, 501)])
log.info("loaded 500 orders into raw.orders")
con.close()
