"""Export orders with promo columns for the marketing lake (discount filled in later by the promo job)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

log = logging.getLogger("marketing.promo_export")
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
spark = SparkSession.builder.appName("promo_orders_export").getOrCreate()
orders = spark.createDataFrame([(i, f"C{i % 300:04d}", 10.0 + i % 77) for i in range(4000)], "order_id int, customer_id string, amount double")
log.info("orders: %d; retrying stale lock on output path (killed writer from yesterday)", orders.count())
export = (orders.withColumn("promo_code", F.lit("WINTER26"))
                .withColumn("discount", F.lit(None))        # placeholder until the promo job fills it
                .withColumn("export_date", F.lit("2026-12-06")))
export.write.mode("overwrite").parquet("/tmp/pr35-out/promo_orders")
log.info("export written")
spark.stop()
