"""Upstream loader: lands orders and both fx providers' daily rates."""
import logging
import sys
import duckdb

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.finance.loader")
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.orders as select * from (values "
            "(9001, date '2026-12-06', 'NOK', 1249.50), (9002, date '2026-12-06', 'SEK', 899.00), "
            "(9003, date '2026-12-06', 'EUR', 74.90)) t(order_id, order_date, currency, amount)")
con.execute("create or replace table raw.fx_ecb as select * from (values "
            "(date '2026-12-06', 'NOK', 11.72), (date '2026-12-06', 'SEK', 11.41), (date '2026-12-06', 'EUR', 1.0)) "
            "t(rate_date, currency, units_per_eur)")
con.execute("create or replace table raw.fx_oanda as select * from (values "
            "(date '2026-12-06', 'NOK', 11.719), (date '2026-12-06', 'SEK', 11.408), (date '2026-12-06', 'EUR', 1.0)) "
            "t(rate_date, currency, units_per_eur)")
log.info("loaded 3 orders, 3 ECB rates, 3 OANDA rates (oanda feed retried once after a timeout)")
