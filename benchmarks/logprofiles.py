"""The logs people really have, as generators: each profile ends with its decisive error.

* ``quiet``: mixed Airflow/Spark INFO noise, 1 % warnings, a few failures spread through it.
* ``spark_memory``: a Spark driver log of a job dying of memory pressure; more than half its lines are
  GC ``Allocation Failure`` lines and ``TaskMemoryManager: Failed to allocate a page`` warnings, the
  rest shuffle-fetch and ``Finished task`` INFO; it ends with ``Py4JJavaError`` /
  ``java.lang.OutOfMemoryError: Java heap space``.
* ``airflow_json``: an Airflow 3 JSON-lines task log, a ``level`` key on every line, 30 % warnings,
  ending with the task's error event (``error_detail``).

Lines are drawn from a pool of rendered templates (so generating a gigabyte takes seconds, not
minutes); numbers and ids still vary from line to line as in a real log. Written to a temporary
directory at benchmark time, never committed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_NOISE = (
    '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}Z","level":"info","event":"Fetched {r} records '
    'from page {n}","logger":"task.stdout"}}',
    "[2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}+0000] {{taskinstance.py:{n}}} INFO - Processing batch {n} "
    "rows={r}",
    "26/03/01 02:{m:02d}:{s:02d} INFO TaskSetManager: Finished task {n}.0 in stage 3.0 (TID {r}) in {ms} ms "
    "on 10.0.0.{s} (executor {n}) ({n}/200)",
    "26/03/01 02:{m:02d}:{s:02d} INFO BlockManagerInfo: Added broadcast_{n}_piece0 in memory on "
    "10.0.0.{s}:4{ms} (size: 5.2 KiB, free: 2.1 GiB)",
    "[GC (Allocation Failure) [PSYoungGen: {r}K->{n}K({ms}K)] {r}K->{n}K(9{r}K), 0.00{ms} secs] "
    "[Times: user=0.0{s} sys=0.00, real=0.00{s} secs]",
    "26/03/01 02:{m:02d}:{s:02d} INFO DAGScheduler: Submitting {n} missing tasks from ResultStage 3 "
    "(MapPartitionsRDD[{r}] at save at NativeMethodAccessorImpl.java:0)",
    '{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}Z","level":"debug","event":"Heartbeat '
    'sent","ti_id":"0190{r:08d}-aaaa-7bbb-8ccc-{n:012d}","logger":"supervisor"}}',
)
_WARNINGS = (
    "26/03/01 02:{m:02d}:{s:02d} WARN TaskMemoryManager: Failed to allocate a page ({r} bytes), try again.",
    "[2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}+0000] {{warnings.py:110}} WARNING - DeprecationWarning: "
    "pandas.Int64Index is deprecated",
)
#: Distinct rendered lines per profile the body is sampled from.
POOL_LINES = 50_000


def _quiet_line(rng: random.Random) -> str:
    m, s, ms, n, r = (
        rng.randrange(60),
        rng.randrange(60),
        rng.randrange(1000),
        rng.randrange(997),
        rng.randrange(10**6),
    )
    tmpl = rng.choice(_WARNINGS) if rng.random() < 0.01 else rng.choice(_NOISE)
    return tmpl.format(m=m, s=s, ms=ms, n=n, r=r)


_SPARK_SHAPES = (
    "{t}.{ms:03d}: [GC (Allocation Failure) [PSYoungGen: {y}K->{y9}K({y4}K)] {y3}K->{y2}K({y4}K), "
    "0.{r:07d} secs] [Times: user=0.{s:02d} sys=0.0{a}, real=0.0{a} secs]",
    "{ts} WARN TaskMemoryManager: Failed to allocate a page ({page} bytes), try again.",
    "{ts} INFO ShuffleBlockFetcherIterator: Getting {n} ({m}.{a} MiB) non-empty blocks including {a} "
    "({s}.{a} MiB) local and 0 (0.0 B) host-local and {n} ({m}.{a} MiB) remote blocks",
    "{ts} INFO TaskSetManager: Finished task 3.{n} in stage 3.0 (TID {r}) in {ms} ms on 10.0.{a}.{s} "
    "(executor {m}) ({n}/4000)",
    "{ts} INFO BlockManagerInfo: Removed broadcast_{n}_piece0 on 10.0.{a}.{s}:4{ms} in memory "
    "(size: {m}.{a} KiB, free: 1.{a} GiB)",
)
#: Cumulative shares of the shapes above: 35 % GC, 22 % allocation warnings, 15 %, 20 %, 8 %.
_SPARK_SHARES = (0.35, 0.57, 0.72, 0.92, 1.0)


def _spark_memory_line(rng: random.Random) -> str:
    roll = rng.random()
    tmpl = _SPARK_SHAPES[next(i for i, share in enumerate(_SPARK_SHARES) if roll < share)]
    m, s, n = rng.randrange(60), rng.randrange(60), rng.randrange(4000)
    y = rng.randrange(200_000, 2_000_000)
    return tmpl.format(
        t=1000 + n,
        ts=f"26/03/01 02:{m:02d}:{s:02d}",
        ms=rng.randrange(1000),
        y=y,
        y9=y // 9,
        y4=y * 4,
        y3=y * 3,
        y2=y * 2,
        r=rng.randrange(10**7),
        s=s,
        a=rng.randrange(10),
        m=m,
        n=n,
        page=rng.choice((67108864, 33554432, 16777216)),
    )


_JSON_INFO = (
    '"Fetched {r} records from page {n}","logger":"task.stdout"',
    '"Heartbeat sent","ti_id":"0190{r:08d}-aaaa-7bbb-8ccc-{n:012d}","logger":"supervisor"',
    '"Uploaded part {n} ({r} bytes) to s3://lake/raw/orders/2026-03-01/part-{n:05d}.parquet","logger":"airflow.task.hooks.s3"',
    '"Query returned {r} rows in {ms} ms","logger":"airflow.task.hooks.postgres"',
)
_JSON_WARN = (
    '"Retrying request to https://api.example.com/v2/orders?page={n} after HTTP 429 (attempt {a} of 5)",'
    '"logger":"task.stdout"',
    '"Row {r} has a null customer_id; skipped","logger":"task.stdout"',
    '"DeprecationWarning: pandas.Int64Index is deprecated","logger":"py.warnings"',
    '"Slow query: {ms} ms for batch {n}","logger":"airflow.task.hooks.postgres"',
)


def _airflow_json_line(rng: random.Random) -> str:
    m, s, ms, n, r = (
        rng.randrange(60),
        rng.randrange(60),
        rng.randrange(1000),
        rng.randrange(997),
        rng.randrange(10**6),
    )
    warn = rng.random() < 0.30
    body = rng.choice(_JSON_WARN if warn else _JSON_INFO).format(n=n, r=r, ms=ms, a=rng.randrange(1, 5))
    level = "warning" if warn else "info"
    return f'{{"timestamp":"2026-03-01T02:{m:02d}:{s:02d}.{ms:03d}000Z","level":"{level}","event":{body}}}'


_QUIET_END = (
    '{"timestamp":"2026-03-01T03:00:00.000Z","level":"error","event":"Task failed with exception",'
    '"error_detail":[{"exc_type":"OSError","exc_value":"[Errno 28] No space left on device",'
    '"is_cause":false,"frames":[{"filename":"/opt/airflow/dags/etl.py","lineno":77,"name":"write"}]}],'
    '"logger":"task"}\n'
)
_SPARK_END = """\
26/03/01 02:59:58 ERROR Executor: Exception in task 3.3999 in stage 3.0 (TID 999999)
java.lang.OutOfMemoryError: Java heap space
Traceback (most recent call last):
  File "/opt/jobs/daily_orders.py", line 88, in <module>
    orders.groupBy("customer_id").agg(F.collect_list("items")).write.mode("overwrite").parquet(out)
  File "/usr/lib/spark/python/lib/pyspark.zip/pyspark/sql/readwriter.py", line 1721, in parquet
  File "/usr/lib/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/java_gateway.py", line 1322, in __call__
  File "/usr/lib/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/protocol.py", line 326, in get_return_value
py4j.protocol.Py4JJavaError: An error occurred while calling o123.parquet.
: java.lang.OutOfMemoryError: Java heap space
\tat java.util.Arrays.copyOf(Arrays.java:3236)
\tat java.io.ByteArrayOutputStream.grow(ByteArrayOutputStream.java:118)
\tat org.apache.spark.sql.execution.SparkPlan.executeCollect(SparkPlan.scala:448)
"""
_JSON_END = (
    '{"timestamp":"2026-03-01T03:00:00.000000Z","level":"error","event":"Task failed with exception",'
    '"error_detail":[{"exc_type":"KeyError","exc_value":"\'customer_id\'","is_cause":false,'
    '"frames":[{"filename":"/opt/airflow/dags/orders.py","lineno":42,"name":"transform"}]}],'
    '"logger":"task"}\n'
)


@dataclass(frozen=True)
class Profile:
    """A log profile: how its body lines are made, its last lines, and what the answer must cite."""

    name: str
    line: Callable[[random.Random], str]
    end: str
    #: A substring of the decisive error, which the scan's last error and the answer must hold.
    decisive: str


PROFILES = {
    p.name: p
    for p in (
        Profile("quiet", _quiet_line, _QUIET_END, "No space left on device"),
        Profile(
            "spark_memory", _spark_memory_line, _SPARK_END, "java.lang.OutOfMemoryError: Java heap space"
        ),
        Profile("airflow_json", _airflow_json_line, _JSON_END, "customer_id"),
    )
}


def generate(profile: Profile, path: Path, size_mb: int, seed: int = 7) -> dict[str, int]:
    """Write about ``size_mb`` MiB of ``profile`` to ``path``, its decisive block last."""
    rng = random.Random(seed)
    pool = [profile.line(rng) for _ in range(POOL_LINES)]
    target = size_mb * 1024 * 1024 - len(profile.end)
    written = 0
    lines = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            chunk = "\n".join(rng.choices(pool, k=20_000)) + "\n"
            if written + len(chunk) > target:
                chunk = (
                    chunk[: chunk.rfind("\n", 0, max(1, target - written)) + 1]
                    or chunk[: chunk.find("\n") + 1]
                )
            fh.write(chunk)
            written += len(chunk)
            lines += chunk.count("\n")
        fh.write(profile.end)
        lines += profile.end.count("\n")
    return {"bytes": path.stat().st_size, "lines": lines}
