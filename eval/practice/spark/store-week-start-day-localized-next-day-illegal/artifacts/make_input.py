import os, random, sys
random.seed(1)
root = sys.argv[1]
m = f"{root}/store_master/dt=2026-12-07"; s = f"{root}/store_sales/dt=2026-12-07"
os.makedirs(m, exist_ok=True); os.makedirs(s, exist_ok=True)
with open(f"{m}/part-0000.csv", "w") as f:
    f.write("store_id,store_name,country,week_start_day\n")
    for i in range(1, 61):
        if i > 46:
            f.write(f"{i},Filiale {i},DE,Montag\n")
        else:
            f.write(f"{i},Store {i},{random.choice(['NL','BE','FR'])},MO\n")
open(f"{m}/_PRODUCER", "w").write("erp-export 2.0 (stores 47-60 migrated to SAP S/4 DACH on 2026-12-06; weekday fields now localized)")
with open(f"{s}/part-0000.csv", "w") as f:
    f.write("store_id,sale_date,amount\n")
    for i in range(6000):
        f.write(f"{random.randint(1,60)},2026-12-0{random.randint(1,7)},{round(random.uniform(2,200),2)}\n")
