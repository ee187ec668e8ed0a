"""Benchmark reading a large dbt manifest: node-by-node decoding against a full ``json.loads``.

Builds a manifest of the requested size from the golden v12 fixture (thousands of copies of a real
model node), then in one run times (a) ``json.loads`` of the whole file, the baseline any parser pays
when it decodes everything, (b) ``load_manifest`` on the full-parse path and (c) ``load_manifest`` on
the node-by-node path used above 32 MB, each selecting one failing test and its ancestors, and
(d) the ``--state`` comparison on that path: indexing two such manifests (previous and failing) and
diffing the failing test's whole ancestry (``diff_states``).
Each measurement runs in a fresh process so peak RSS is comparable.

    .venv/bin/python benchmarks/bench_dbt_manifest.py              # 60 MB
    .venv/bin/python benchmarks/bench_dbt_manifest.py --size-mb 20

Results go to ``benchmarks/results/dbt_manifest.json`` (seconds, peak RSS, ratios to the baseline).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "dbt" / "manifest_v12.json"
RESULTS = REPO / "benchmarks" / "results" / "dbt_manifest.json"
WANTED = "test.pipeline_debugger_demo.not_null_stg_orders_customer_id.af79d5e4b5"

_CHILD = """
import json, resource, sys, time
from airflow_pipeline_debugger.adapters.dbt.artifacts import ManifestEntries, load_manifest
from airflow_pipeline_debugger.adapters.dbt.state_diff import diff_states
mode, path, wanted = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
start = time.perf_counter()
if mode == "json_loads":
    nodes = len(json.loads(text)["nodes"])
elif mode == "full":
    nodes = len(load_manifest(text, [wanted], full_parse_limit=len(text) + 1).nodes)
elif mode == "state_diff":
    previous, current = ManifestEntries(text, full_parse_limit=1), ManifestEntries(text, full_parse_limit=1)
    nodes = diff_states(previous, current, [wanted]).compared
else:
    nodes = len(load_manifest(text, [wanted], full_parse_limit=1).nodes)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "nodes": nodes,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_manifest(path: Path, size_mb: int) -> int:
    """Write a manifest of about ``size_mb`` MB; return its size in bytes."""
    data = json.loads(FIXTURE.read_text())
    template = data["nodes"]["model.pipeline_debugger_demo.fct_orders"]
    per_node = len(json.dumps(template))
    for i in range(size_mb * 1024 * 1024 // per_node + 1):
        uid = f"model.pipeline_debugger_demo.generated_{i}"
        data["nodes"][uid] = dict(template, unique_id=uid, name=f"generated_{i}")
    path.write_text(json.dumps(data))
    return path.stat().st_size


def measure(mode: str, path: Path) -> dict[str, float]:
    """Run one measurement in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path), WANTED], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> int:
    """Build, measure, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.json"
        size = build_manifest(path, args.size_mb)
        baseline = measure("json_loads", path)
        full = measure("full", path)
        partial = measure("partial", path)
        state_diff = measure("state_diff", path)
    result = {
        "manifest_bytes": size,
        "baseline_json_loads": baseline,
        "load_manifest_full": full,
        "load_manifest_node_by_node": partial,
        "ratio_full_to_baseline": full["seconds"] / baseline["seconds"],
        "ratio_node_by_node_to_baseline": partial["seconds"] / baseline["seconds"],
        "rss_ratio_node_by_node_to_baseline": partial["peak_rss_mb"] / baseline["peak_rss_mb"],
        "state_diff_two_manifests": state_diff,
        "ratio_state_diff_to_baseline": state_diff["seconds"] / baseline["seconds"],
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
