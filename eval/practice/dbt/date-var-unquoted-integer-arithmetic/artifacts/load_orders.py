import duckdb, logging, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s loader %(message)s")
log = logging.getLogger("loader")
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders (order_id integer, order_date date, amount decimal(10,2))")
con.execute("insert into raw.orders values (1,'2026-11-30',20.00),(2,'2026-12-01',35.50),(3,'2026-12-03',12.00),(4,'2026-12-06',99.90)")
log.info("landed 4 orders into raw.orders")
