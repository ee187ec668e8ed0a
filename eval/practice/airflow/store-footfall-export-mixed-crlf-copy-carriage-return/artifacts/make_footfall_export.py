"""Stand-in for the footfall vendor's export: the counters' rows, then the stores' late corrections
appended by the back office's Windows tool (CRLF line endings)."""
import os

os.makedirs("/tmp/h55-data/footfall", exist_ok=True)
header = "store_id,count_date,hour,visitors\n"
counters = [f"S{100 + i},2026-12-07,{9 + i},{120 + 7 * i}\n" for i in range(3)]
corrections = [f"S{103 + i},2026-12-07,{10 + i},{95 + 3 * i}\r\n" for i in range(5)]
with open("/tmp/h55-data/footfall/footfall_2026-12-07.csv", "w", newline="") as fh:
    fh.write(header)
    fh.writelines(counters)
    fh.writelines(corrections)
print("wrote footfall_2026-12-07.csv")
