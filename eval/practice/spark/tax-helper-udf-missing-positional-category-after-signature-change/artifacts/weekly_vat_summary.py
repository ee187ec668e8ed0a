"""Weekly VAT summary per country (finance.vat_summary_weekly)."""
import logging
import sys
from pyspark.sql import SparkSession, Window, functions as F
from pyspark.sql.types import DoubleType

sys.path.insert(0, "/tmp/h54-spark/jobs")
from acme_tax.vat import vat_rate  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.vat")

vat_rate_udf = F.udf(vat_rate, DoubleType())

spark = SparkSession.builder.appName("weekly_vat_summary").getOrCreate()
spark.sparkContext.addPyFile("/tmp/h54-spark/jobs/acme_tax.zip")
sales = spark.read.option("header", True).option("inferSchema", True) \
    .csv("/tmp/h54-spark/data/product_sales/week=2026-W49").cache()
log.info("product sales rows=%d countries=%s", sales.count(), [r[0] for r in sales.select("country").distinct().collect()])

with_vat = sales.withColumn("vat_rate", vat_rate_udf(F.col("country"))) \
    .withColumn("vat_amount", F.round(F.col("gross_amount") * F.col("vat_rate") / (1 + F.col("vat_rate")), 2))
w = Window.partitionBy("country").orderBy("sale_date").rowsBetween(Window.unboundedPreceding, Window.currentRow)
daily = with_vat.groupBy("country", "sale_date").agg(F.sum("vat_amount").alias("vat"))
out = daily.withColumn("vat_week_to_date", F.sum("vat").over(w))
out.write.mode("overwrite").partitionBy("country").parquet("/tmp/h54-spark/out/vat_summary_weekly")
log.info("vat summary written")
spark.stop()
