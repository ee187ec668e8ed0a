"""Weekly revenue in EUR per currency (finance.revenue_eur_weekly)."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.revenue_eur")
WEEK = "2026-W49"

spark = SparkSession.builder.appName("weekly_revenue_eur").getOrCreate()
log.info("effective sql conf: %s", {k: v for k, v in spark.sparkContext.getConf().getAll() if k.startswith("spark.sql.")})
orders = spark.read.parquet(f"/tmp/h54-spark/data/orders_amounts/week={WEEK}")
fx = spark.read.parquet(f"/tmp/h54-spark/data/fx_rates/week={WEEK}")
log.info("orders schema: %s", orders.schema.simpleString())
log.info("fx schema: %s", fx.schema.simpleString())

eur = (orders.join(F.broadcast(fx), (orders.currency == fx.currency) & (orders.order_date == fx.rate_date))
       .select(orders.order_id, orders.currency, orders.order_date,
               (orders.amount * fx.rate_to_eur).alias("amount_eur")))
weekly = eur.groupBy("currency").agg(F.sum("amount_eur").alias("revenue_eur"), F.count("*").alias("orders"))
weekly.withColumn("iso_week", F.lit(WEEK)).write.mode("overwrite").partitionBy("iso_week") \
    .parquet("/tmp/h54-spark/out/revenue_eur_weekly")
for r in weekly.collect():
    log.info("currency=%s revenue_eur=%s orders=%d", r["currency"], r["revenue_eur"], r["orders"])
spark.stop()
