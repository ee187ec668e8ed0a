"""Writes the CMP export as the vendor delivers it since their v3 export (opt_in: true/false/"unknown")."""
import json
import os
import random

random.seed(6)
os.makedirs("/tmp/h49-data/cmp", exist_ok=True)
with open("/tmp/h49-data/cmp/consent_export_2026-12-06.jsonl", "w", encoding="utf-8") as fh:
    for i in range(1800):
        # v3 export: contacts who dismissed the banner without choosing are exported as "unknown"
        opt_in = random.choices([True, False, "unknown"], weights=[55, 35, 10])[0]
        fh.write(json.dumps({
            "contact_id": f"C{700000 + i}",
            "channel": random.choice(["email", "sms", "push"]),
            "opt_in": opt_in,
            "captured_at": "2026-12-06T%02d:%02d:11+00:00" % (random.randint(0, 23), random.randint(0, 59)),
            "export_version": "3.0",
        }) + "\n")
