# The collector was still flushing the 23:00 file when the DAG read it: the last line is cut.
import json, os, random
random.seed(9)
os.makedirs("/tmp/pr35-data/airflow/events", exist_ok=True)
lines = [json.dumps({"event_id": i, "type": random.choice(["page_view", "add_to_cart", "checkout", "session_timeout"]),
                     "user": f"u{random.randint(1, 5000)}", "ts": f"2026-12-06T23:{i % 60:02d}:00Z"}) for i in range(9000)]
last = lines[-1]
with open("/tmp/pr35-data/airflow/events/app_events_2026-12-06T23.jsonl", "w") as f:
    f.write("\n".join(lines[:-1]) + "\n" + last[: last.index('"type": "') + 12])
