import json, os, random, sys
random.seed(8)
out = os.path.join(sys.argv[1], "input", "till_transactions")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "tills_2026-12-06.json"), "w") as f:
    for i in range(6000):
        f.write(json.dumps({"tx_id": 3_000_000 + i, "store_id": random.randint(1, 40), "till_id": random.randint(1, 6),
                            "sold_at": f"2026-12-06T{random.randint(8, 20):02d}:{random.randint(0, 59):02d}:00",
                            "total": round(random.uniform(1, 180), 2)}) + "\n")
