import json, os, random
random.seed(5)
d = "/tmp/pr25/spark/in/device_events/dt=2026-12-06"; os.makedirs(d, exist_ok=True)
with open(f"{d}/part-0000.json", "w") as fh:
    for i in range(20000):
        dev = f"dev-{i % 500:04d}"
        fw = "4.1.0" if i % 500 < 440 else "4.2.0-rc1"   # rc1 devices lost their RTC/NTP sync
        ts = f"2026-12-06 {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}" if fw == "4.1.0" else f"2036-02-0{1 + i % 7} {i % 24:02d}:{i % 60:02d}:00"
        fh.write(json.dumps({"event_id": i, "device_id": dev, "firmware": fw, "event_ts": ts, "kind": random.choice(["open", "close", "ping"])}) + "\n")
