"""Per-station anomaly thresholds (mean +/- 3 sigma) from the day's 5-minute sensor readings."""
import logging
import random
import statistics
from datetime import datetime

from airflow.sdk import DAG, task

log = logging.getLogger("acme.sensor_thresholds")
STATIONS = ["ST-01", "ST-02", "ST-03", "ST-04", "ST-05", "ST-06", "ST-07", "ST-08"]


def fetch_readings(station, ds):
    rnd = random.Random(station)
    n = 1 if station == "ST-07" else 288  # what the telemetry feed returned for the day
    return [round(rnd.gauss(21.0, 1.5), 2) for _ in range(n)]


with DAG("sensor_thresholds", start_date=datetime(2026, 12, 1), schedule=None, catchup=False, tags=["iot"]):

    @task(retries=0)
    def thresholds(ds=None):
        out = {}
        log.info("telemetry cache: 14 entries evicted (ttl)")
        for st in STATIONS:
            readings = fetch_readings(st, ds)
            log.info("fetched %d readings for station %s on %s (expected ~288)", len(readings), st, ds)
            mean = statistics.mean(readings)
            sigma = statistics.stdev(readings)
            out[st] = (round(mean - 3 * sigma, 2), round(mean + 3 * sigma, 2))
            log.info("station %s: band %s", st, out[st])
        log.info("thresholds for %d stations, error_count=0", len(out))
        return out

    thresholds()
