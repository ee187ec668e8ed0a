"""Load yesterday's partition of the clickstream — which the upstream export never delivered.

The job reads ``<input>/dt=<date>``; upstream skipped that day, so Spark fails before any task runs with
``AnalysisException: [PATH_NOT_FOUND] Path does not exist``: missing (or late) input data.
"""

from __future__ import annotations

from job_common import parse_args, spark_session


def main() -> None:
    args = parse_args(
        __doc__.splitlines()[0],
        {"--input": {"required": True, "help": "clickstream root"}, "--date": {"default": "2026-01-01"}},
    )
    with spark_session(args, "missing_input") as spark:
        clicks = spark.read.parquet(f"{args.input}/dt={args.date}")
        clicks.groupBy("page").count().write.mode("overwrite").parquet(args.output_dir)


if __name__ == "__main__":
    main()
