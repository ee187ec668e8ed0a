"""Normalise customer e-mail addresses with a Python UDF — which breaks on the first NULL e-mail.

One signup in ten thousand has no e-mail; the UDF tests ``"@" in email`` on it and the Python worker
raises ``TypeError: argument of type 'NoneType' is not iterable``, surfacing in the driver as
``PythonException``. The bug is in
the UDF (it does not handle ``None``), not in the data: nullable input is part of the contract.
"""

from __future__ import annotations

from job_common import parse_args, spark_session


def domain_of(email: str) -> str:
    """The part after the ``@`` (the bug: a NULL e-mail arrives as ``None``)."""
    if "@" not in email:
        return ""
    return email.strip().lower().split("@", 1)[1]


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], {"--rows": {"type": int, "default": 20_000}})
    with spark_session(args, "udf_null", {"spark.sql.shuffle.partitions": "4"}) as spark:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType

        signups = spark.range(args.rows).select(
            F.col("id").alias("signup_id"),
            F.when(F.col("id") % 10_000 == 4_242, F.lit(None).cast("string"))
            .otherwise(F.concat(F.lit(" User"), F.col("id").cast("string"), F.lit("@Example.COM ")))
            .alias("email"),
        )
        domains = signups.select(F.udf(domain_of, StringType())("email").alias("domain"))
        domains.groupBy("domain").count().write.mode("overwrite").parquet(args.output_dir)


if __name__ == "__main__":
    main()
