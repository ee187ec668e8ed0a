import os, random, sys
random.seed(4)
r = sys.argv[1]
for sub in ("stores", "store_sales"):
    os.makedirs(f"{r}/{sub}/dt=2026-12-07", exist_ok=True)
with open(f"{r}/stores/dt=2026-12-07/part-0000.csv", "w") as f:
    f.write("store_id,store_name,status\n")
    for i in range(1, 41):
        f.write(f"{i},Store {i},{'closed' if i % 13 == 0 else 'open'}\n")
with open(f"{r}/store_sales/dt=2026-12-07/part-0000.csv", "w") as f:
    f.write("store_id,sale_date,amount\n")
    for _ in range(4000):
        f.write(f"{random.randint(1,40)},2026-11-{random.randint(10,30)},{round(random.uniform(1,90),2)}\n")
