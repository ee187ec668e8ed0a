"""Upstream loader: lands raw shop tables into the warehouse (stand-in for the EL tool)."""
import duckdb, logging
logging.basicConfig(format="%(asctime)s %(levelname)s acme.upstream %(message)s", level=logging.INFO)
log = logging.getLogger()
con = duckdb.connect("/tmp/pr31-dbt-shop/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders as select * from (values (1,'shipped',120.5,date '2026-11-02',101),(2,'delivered',80.0,date '2026-12-01',102),(3,'cancelled',42.0,date '2026-12-03',101),(4,'shipped',300.1,date '2026-12-05',103)) t(order_id,status,amount,order_date,customer_id)")
con.execute("create or replace table raw.loyalty_members as select * from (values ('1001','gold','2026-01-10'),('1002','silver','2026-03-02'),('LM-00417','gold','2026-12-05'),('1003','bronze','2026-06-30')) t(member_id,tier,joined_on)")
for t in ("orders", "loyalty_members"):
    log.info("landed raw.%s rows=%s", t, con.execute(f"select count(*) from raw.{t}").fetchone()[0])
log.info("upstream load done; retrying not needed")
