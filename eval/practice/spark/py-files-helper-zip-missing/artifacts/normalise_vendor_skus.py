"""Normalise vendor SKUs with the shared acme_transforms helpers (shipped via --py-files)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.catalog")

spark = SparkSession.builder.appName("normalise_vendor_skus").getOrCreate()
log.info("submit py-files: %s", spark.conf.get("spark.submit.pyFiles", "<none>"))
skus = spark.createDataFrame([(i, f" ab-{i:05d} ", "vendor-%d" % (i % 9)) for i in range(5000)],
                             ["row_id", "vendor_sku", "vendor"])
log.info("vendor skus read: %d rows, columns=%s", skus.count(), skus.columns)

from acme_transforms.sku import normalise_sku  # noqa: E402  shipped in acme_transforms-1.4.zip

norm = F.udf(normalise_sku, T.StringType())
out = skus.withColumn("sku", norm("vendor_sku"))
out.write.mode("overwrite").parquet("/tmp/pr20/spark/out/normalised_skus")
log.info("normalised skus written")
spark.stop()
