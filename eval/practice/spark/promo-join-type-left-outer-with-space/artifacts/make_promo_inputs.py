import random, sys, os
random.seed(17)
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
codes = ["XMAS10", "BF25", "WELCOME5", ""]
with open(f"{d}/promos.csv", "w") as f:
    f.write("promo_code,campaign,discount_pct\nXMAS10,christmas_2026,10\nBF25,black_friday,25\nWELCOME5,welcome,5\n")
with open(f"{d}/orders_2026-12-07.csv", "w") as f:
    f.write("order_id,promo_code,amount,discount\n")
    for i in range(6000):
        c = random.choice(codes); a = random.uniform(10, 200)
        f.write(f"{310000+i},{c},{a:.2f},{(a*0.1 if c else 0):.2f}\n")
print("promo inputs written to", d)
