import os, random, sys
random.seed(6)
p = f"{sys.argv[1]}/price_changes/dt=2026-12-07"; os.makedirs(p, exist_ok=True)
with open(f"{p}/part-0000.csv", "w") as f:
    f.write("sku,price,changed_on\n")
    for i in range(1, 501):
        for k in range(random.randint(1, 4)):
            f.write(f"SKU-{i:04d},{round(random.uniform(1,99),2)},2026-{random.randint(1,11):02d}-{random.randint(1,28):02d}\n")
