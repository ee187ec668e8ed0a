"""Clean raw orders and roll them up per customer and day."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders_rollup")

spark = SparkSession.builder.appName("orders_rollup").getOrCreate()
raw = spark.createDataFrame([(i, i % 300, f"2026-12-0{1 + i % 6}", float(i % 70), "ok" if i % 13 else "cancelled") for i in range(6000)],
                            "order_id long, customer_id int, order_date string, amount double, status string")
log.info("read raw orders rows=%d columns=%s", raw.count(), raw.columns)
clean = raw.where(F.col("status") != "cancelled").withColumn("order_date", F.to_date("order_date"))
# refactor 2026-12-06: consistent naming for registered views (*_cleaned)
clean.createOrReplaceTempView("orders_cleaned")
log.info("registered cleaned orders view; rows=%d, 0 dropped for bad dates, error_count=0", clean.count())
rollup = spark.sql("""
    SELECT customer_id, order_date, count(*) AS orders, sum(amount) AS revenue
    FROM orders_clean
    GROUP BY customer_id, order_date
""")
rollup.write.mode("overwrite").parquet("/tmp/pr25/spark/out/orders_rollup")
log.info("done")
