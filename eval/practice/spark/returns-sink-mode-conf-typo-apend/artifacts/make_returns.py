import random, sys, os
random.seed(13)
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
with open(f"{d}/returns_2026-12-07.csv", "w") as f:
    f.write("rma_id,order_id,reason,refund,returned_at\n")
    for i in range(3000):
        f.write(f"RMA{70000+i},{800000+i},{random.choice(['damaged','wrong_size','late','changed_mind'])},{random.uniform(3,150):.2f},2026-12-07 {random.randint(8,20):02d}:{random.randint(0,59):02d}:00\n")
print("returns written")
