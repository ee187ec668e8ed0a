"""Stand-in for the WMS exporter: drops the nightly stock feed into the landing folder.

wms-exporter 5.2.0 (deployed 2026-12-06) writes `items` as an object keyed by SKU;
4.x wrote a list of item objects.
"""
import json
from pathlib import Path

landing = Path("/tmp/h40-af/landing/wms")
landing.mkdir(parents=True, exist_ok=True)
feed = {
    "schema_version": 3,
    "generated_by": "wms-exporter 5.2.0",
    "warehouse": "OSL-1",
    "exported_at": "2026-12-06T23:55:04Z",
    "items": {
        "SKU-10041": {"sku": "SKU-10041", "on_hand": 112, "reserved": 4, "bin": "A-01-3"},
        "SKU-10042": {"sku": "SKU-10042", "on_hand": 0, "reserved": 0, "bin": "A-01-4"},
        "SKU-20417": {"sku": "SKU-20417", "on_hand": 35, "reserved": 12, "bin": "C-07-1"},
        "SKU-31890": {"sku": "SKU-31890", "on_hand": 7, "reserved": 7, "bin": "F-02-2"},
    },
}
(landing / "stock_2026-12-06.json").write_text(json.dumps(feed, indent=2))
print("wrote", landing / "stock_2026-12-06.json")
