"""Load the web shop's order export (CSV) with the agreed schema, join the country dimension and aggregate revenue per country."""
import logging, sys
from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s acme.web_orders - %(message)s")
log = logging.getLogger("acme.web_orders")
src, countries_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
spark = SparkSession.builder.appName("web_orders_by_country").getOrCreate()
conf = spark.sparkContext.getConf()
header = conf.get("spark.acme.csv.header", "true")
delim = conf.get("spark.acme.csv.delimiter", ",")
log.info("csv options header=%s delimiter=%r mode=FAILFAST (export retry after sftp timeout: none needed)", header, delim)
schema = T.StructType([
    T.StructField("order_id", T.LongType()),
    T.StructField("country_code", T.StringType()),
    T.StructField("amount", T.DecimalType(12, 2)),
    T.StructField("ordered_at", T.TimestampType()),
])
orders = (spark.read.schema(schema).option("header", header).option("sep", delim)
          .option("mode", "FAILFAST").csv(src))
countries = spark.read.option("header", True).csv(countries_path)
by_country = (orders.join(countries, "country_code", "left")
              .groupBy("country_code", "country_name").agg(F.count("*").alias("orders"), F.sum("amount").alias("revenue")))
by_country.write.mode("overwrite").parquet(out)
log.info("countries written: %d", spark.read.parquet(out).count())
