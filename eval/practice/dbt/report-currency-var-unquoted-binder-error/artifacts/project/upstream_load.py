import duckdb, logging
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [sales_loader] %(message)s")
con = duckdb.connect("/tmp/pr34-dbt-currency/revenue.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.sales as select 1 + i as sale_id,
  case i % 3 when 0 then 'EUR' when 1 then 'GBP' else 'EUR' end as currency, 5 + (i % 40) * 2.5 as amount,
  date '2026-12-06' as sale_date from range(0, 400) t(i)""")
logging.getLogger("sales_loader").info("loaded 400 sales rows into raw.sales")
