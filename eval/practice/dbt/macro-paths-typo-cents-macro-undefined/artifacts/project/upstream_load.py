import duckdb, logging
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [psp_loader] %(message)s")
con = duckdb.connect("/tmp/pr34-dbt-macros/payments.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.payments as select 70000 + i as payment_id, 100 + i % 900 as amount_cents,
  'captured' as status from range(0, 300) t(i)""")
logging.getLogger("psp_loader").info("loaded 300 payments into raw.payments")
