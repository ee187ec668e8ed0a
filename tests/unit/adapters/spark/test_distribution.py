"""Distribution math: exact quantiles while small, a bounded reproducible reservoir when large."""

from __future__ import annotations

import random
import statistics

import pytest

from airflow_pipeline_debugger.adapters.spark.distribution import Distribution


@pytest.mark.parametrize(
    ("values", "median", "p95", "maximum"),
    [
        ([], 0.0, 0.0, 0.0),
        ([7.0], 7.0, 7.0, 7.0),
        ([1.0, 3.0], 2.0, 3.0, 3.0),  # even count: mean of the middle two (as AQE computes it)
        ([5.0, 1.0, 3.0], 3.0, 5.0, 5.0),
        ([float(i) for i in range(1, 101)], 50.5, 95.0, 100.0),  # p95 nearest-rank
        ([0.0] * 9 + [1000.0], 0.0, 1000.0, 1000.0),  # one hot task among empty ones
        ([-5.0, -1.0, -3.0], -3.0, -1.0, -1.0),  # max is seeded by the first value, not 0
    ],
)
def test_exact_summary(values, median, p95, maximum):
    """Small distributions are exact: median, p95, max, total, count."""
    dist = Distribution(capacity=1000)
    for v in values:
        dist.add(v)
    s = dist.summary()
    assert (s["median"], s["p95"], s["max"]) == (median, p95, maximum)
    assert s["count"] == len(values)
    assert s["total"] == pytest.approx(sum(values))
    assert s["exact"] is True


def test_reservoir_is_bounded_and_max_stays_exact():
    """200 000 tasks keep ``capacity`` samples; max/sum/count stay exact, the median is close."""
    rng = random.Random(1)
    values = [rng.lognormvariate(10, 1) for _ in range(200_000)]
    values[123_456] = 1e12  # the outlier the skew rule must never miss
    dist = Distribution(capacity=4096, seed=3)
    for v in values:
        dist.add(v)
    s = dist.summary()
    assert len(dist._sample) == 4096
    assert s["exact"] is False
    assert s["max"] == 1e12
    assert s["count"] == 200_000
    assert s["total"] == pytest.approx(sum(values))
    true_median = statistics.median(values)
    ordered = sorted(values)
    # Within 2 percentile points of the true median.
    low, high = ordered[int(0.48 * len(values))], ordered[int(0.52 * len(values))]
    assert low <= s["median"] <= high, (s["median"], true_median)


def test_seeded_reservoir_is_reproducible():
    """Two replays of the same log give the same numbers."""
    runs = []
    for _ in range(2):
        dist = Distribution(capacity=64, seed=42)
        for v in range(10_000):
            dist.add(float(v))
        runs.append(dist.summary())
    assert runs[0] == runs[1]
