"""Stand-in for the vendor's SFTP drop: writes today's stock file the way the vendor's new portal exports it."""
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
random.seed(45)
lines = ["Stock report generated 2026-12-07 06:00 UTC", "sku,warehouse,on_hand,reserved"]
for i in range(1, 1201):
    lines.append(f"SKU-{i:05d},WH-{random.choice(['BER', 'HAM', 'MUC'])}-1,{random.randint(0, 900)},{random.randint(0, 40)}")
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(lines) - 2} stock rows)")
