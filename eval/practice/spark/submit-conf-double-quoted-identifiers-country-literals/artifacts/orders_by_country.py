"""DACH daily orders by country, for the regional sales dashboard."""
import argparse
import logging

from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.dach_orders")

DACH_SQL = """
SELECT country,
       order_date,
       count(*)    AS orders,
       sum(amount) AS revenue
FROM orders
WHERE country IN ("DE", "AT", "CH")
  AND status <> "cancelled"
GROUP BY country, order_date
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()

    spark = SparkSession.builder.appName("dach_orders_by_country").getOrCreate()
    orders = (
        spark.read.option("header", True)
        .schema("order_id BIGINT, order_date DATE, country STRING, status STRING, amount DECIMAL(12,2)")
        .csv(args.input)
    )
    orders.createOrReplaceTempView("orders")
    log.info("orders view registered from %s", args.input)
    result = spark.sql(DACH_SQL)
    result.write.mode("overwrite").parquet(args.output)
    log.info("wrote %s", args.output)
    spark.stop()


if __name__ == "__main__":
    main()
