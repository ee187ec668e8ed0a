"""Build an in-driver lookup table by collecting a whole table — bigger than ``spark.driver.maxResultSize``.

``collect()`` ships every row to the driver; once the serialized task results pass
``spark.driver.maxResultSize`` (set small with ``--max-result-size`` so it happens on small data)
Spark aborts the job: "Total size of serialized results of N tasks (...) is bigger than
spark.driver.maxResultSize". A configuration/design problem: raise the limit or stop collecting.
"""

from __future__ import annotations

from job_common import parse_args, spark_session


def main() -> None:
    args = parse_args(
        __doc__.splitlines()[0],
        {"--rows": {"type": int, "default": 200_000}, "--max-result-size": {"default": "1m"}},
    )
    conf = {"spark.driver.maxResultSize": args.max_result_size}
    with spark_session(args, "collect_to_driver", conf) as spark:
        products = spark.range(args.rows).selectExpr(
            "id AS product_id", "concat('product-', id, '-', repeat('d', 64)) AS description"
        )
        lookup = {row.product_id: row.description for row in products.repartition(4).collect()}
        print(f"collected {len(lookup)} products", flush=True)


if __name__ == "__main__":
    main()
