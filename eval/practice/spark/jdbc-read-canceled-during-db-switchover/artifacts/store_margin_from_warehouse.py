"""Weekly store margin: reads the order-line rollup from the warehouse Postgres over JDBC."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_margin")

JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/h49_warehouse?ApplicationName=store_margin_weekly"
ROLLUP_QUERY = """
    select store_id,
           date_trunc('week', sold_at)::date                    as week,
           sum(quantity * unit_price)                            as revenue,
           sum(quantity * unit_cost)                             as cost,
           percentile_cont(0.5) within group (order by unit_price) as median_unit_price
    from sales.order_lines
    where sold_at >= date '2026-09-01'
    group by 1, 2
"""

spark = SparkSession.builder.appName("store_margin_weekly").getOrCreate()
rollup = (spark.read.format("jdbc")
          .option("url", JDBC_URL)
          .option("user", "postgres")
          .option("driver", "org.postgresql.Driver")
          .option("query", ROLLUP_QUERY)
          .option("fetchsize", "10000")
          .load())
margin = rollup.withColumn("margin_pct", F.round((F.col("revenue") - F.col("cost")) / F.col("revenue") * 100, 2))
margin.write.mode("overwrite").parquet("/tmp/h49-spark/margin/store_margin_weekly")
log.info("store margin written: %d store-weeks", margin.count())
spark.stop()
