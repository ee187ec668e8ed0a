import random, sys, os
random.seed(30)
d = sys.argv[1]; os.makedirs(f"{d}/sales", exist_ok=True)
with open(f"{d}/stores.csv", "w") as f:
    f.write("store_id,region,city\n")
    for s in range(1, 31):
        f.write(f"{s},{['north','south','east','west'][s%4]},City{s}\n")
for s in range(1, 31):
    with open(f"{d}/sales/till_{s:03d}_2026-12-07.csv", "w") as f:
        f.write("receipt_id,store_id,sale_date,net_amount\n")
        # stores 27-30 got the new till firmware 4.2 on 2026-12-06: it writes dates as yyyy-M-d
        day = "2026-12-7" if s >= 27 else "2026-12-07"
        for i in range(400):
            f.write(f"R{s:03d}-{i:05d},{s},{day},{random.uniform(1, 250):.2f}\n")
print("till exports written to", d)
