"""Register the stores' POS sales files that landed for the run date, so the loader picks them up."""
import json
import logging
import os
import re
import warnings
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.pos")
LANDING = "/tmp/h46-landing/pos"
REGISTRY = "/tmp/h46-landing/pos_registry.json"
# file names: pos_sales_store<NNN>_<YYYY-MM-DD>.csv
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\.csv$")


def file_date(name):
    return FILE_DATE.match(name).group(1)


@dag(schedule="15 5 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0}, tags=["pos", "sales"])
def pos_sales_register():
    @task
    def register_landed_files(ds=None):
        warnings.warn("acme_etl.registry.v1 is deprecated; use registry.v2 (timeout semantics change)",
                      DeprecationWarning, stacklevel=1)
        with open(REGISTRY) as fh:
            registry = json.load(fh)
        log.info("registry holds %d files, last: %s", len(registry), registry[-1])
        names = sorted(os.listdir(LANDING))
        log.info("found %d files in %s: %s", len(names), LANDING, names)
        todays = [n for n in names if file_date(n) == ds and n not in registry]
        log.info("registering %d files for %s", len(todays), ds)
        registry.extend(todays)
        with open(REGISTRY, "w") as fh:
            json.dump(registry, fh)
        return todays

    register_landed_files()


pos_sales_register()
