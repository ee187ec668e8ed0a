"""Writes the day's changed-contacts extract the push task reads (what the CRM export produces)."""
import json
import os
import random

random.seed(49)
os.makedirs("/tmp/h49-data/crm", exist_ok=True)
with open("/tmp/h49-data/crm/changed_contacts_2026-12-06.jsonl", "w", encoding="utf-8") as fh:
    for i in range(3412):
        fh.write(json.dumps({
            "contact_id": f"C{700000 + i}",
            "email": f"customer{700000 + i}@example.com",
            "first_name": random.choice(["Anna", "Jonas", "Lea", "Paul", "Mia", "Felix"]),
            "country": random.choice(["DE", "AT", "CH", "NL"]),
            "segment": random.choice(["new", "loyal", "lapsed"]),
            "updated_at": "2026-12-06T%02d:%02d:00Z" % (random.randint(0, 23), random.randint(0, 59)),
        }) + "\n")
