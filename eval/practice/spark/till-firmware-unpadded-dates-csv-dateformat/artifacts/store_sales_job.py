"""Load the tills' daily sales CSVs with the agreed schema, join the store dimension and aggregate revenue per region."""
import logging, sys
from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s acme.store_sales - %(message)s")
log = logging.getLogger("acme.store_sales")
sales_path, stores_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
schema = T.StructType([
    T.StructField("receipt_id", T.StringType()),
    T.StructField("store_id", T.IntegerType()),
    T.StructField("sale_date", T.DateType()),
    T.StructField("net_amount", T.DecimalType(12, 2)),
])
spark = SparkSession.builder.appName("store_sales_by_region").getOrCreate()
log.info("reading till exports %s (dateFormat=yyyy-MM-dd, FAILFAST; till sync retry after timeout is normal)", sales_path)
sales = (spark.read.schema(schema).option("header", True).option("mode", "FAILFAST")
         .option("dateFormat", "yyyy-MM-dd").csv(sales_path))
stores = spark.read.option("header", True).option("inferSchema", True).csv(stores_path)
by_region = (sales.join(F.broadcast(stores), "store_id")
             .groupBy("region", "sale_date").agg(F.sum("net_amount").alias("revenue"), F.countDistinct("store_id").alias("stores")))
by_region.write.mode("overwrite").parquet(out)
log.info("regions written: %d", spark.read.parquet(out).count())
