"""Upstream: load the product master into raw.products."""
import duckdb, logging, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s products_loader: %(message)s")
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.products as select 'SKU' || lpad(i::varchar, 5, '0') as sku, 'item ' || i as name, (i % 17) + 0.99 as list_price from range(1, 181) t(i)")
logging.getLogger("products_loader").info("loaded 180 products into raw.products")
con.close()
