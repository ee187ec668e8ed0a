import json, random, sys, os, datetime
random.seed(8)
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
t0 = datetime.datetime(2026, 12, 7)
with open(f"{d}/app_events_2026-12-07.jsonl", "w") as f:
    for i in range(20000):
        ver = "5.12.0" if i < 14000 else "5.13.0"
        price = round(random.uniform(1, 120), 2)
        ev = {"event_id": f"e{i}", "order_id": 4000000 + i, "app_version": ver,
              # app 5.13.0 (released 2026-12-07 09:00) serialises money as strings
              "price": price if ver == "5.12.0" else f"{price:.2f}",
              "quantity": random.randint(1, 4),
              "event_ts": (t0 + datetime.timedelta(seconds=3*i)).isoformat()}
        f.write(json.dumps(ev) + "\n")
print("events written to", d)
