"""Convert the day's USD marketplace sales to EUR with the day's FX rate drop."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.sales_to_eur")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"sales_to_eur_{run_date}").getOrCreate()
fx_path = f"/tmp/pr19/spark/in/fx_rates/dt={run_date}"
sales_path = f"/tmp/pr19/spark/in/marketplace_sales/dt={run_date}"
fx = spark.read.option("header", True).option("inferSchema", True).csv(fx_path)
sales = spark.read.option("header", True).option("inferSchema", True).csv(sales_path)
log.info("fx_rates %s columns=%s rows=%d", fx_path, fx.columns, fx.count())
log.info("marketplace_sales %s columns=%s rows=%d", sales_path, sales.columns, sales.count())
log.info("block manager: 4 cached blocks evicted; fx-api ping timed out, retry succeeded")
usd = fx.filter(F.col("currency") == "USD").select("rate_to_eur").first()
rate = float(usd["rate_to_eur"])
log.info("USD->EUR rate %s", rate)
(sales.withColumn("amount_eur", F.round(F.col("amount_usd") * F.lit(rate), 2))
      .write.mode("overwrite").parquet(f"/tmp/pr19/spark/out/sales_eur/dt={run_date}"))
log.info("written, error_count=0")
spark.stop()
