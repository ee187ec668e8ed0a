import random, sys, os
random.seed(21)
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
with open(f"{d}/orders_2026-12-07.csv", "w") as f:
    f.write("order_id,marketplace,amount,currency\n")
    for i in range(5000):
        c = random.choice(["EUR", "GBP", "PLN", "SEK", "CHF"])
        f.write(f"{900000+i},{random.choice(['amazon_de','zalando','otto','allegro'])},{random.uniform(5,300):.2f},{c}\n")
with open(f"{d}/fx_rates_2026-12-07.csv", "w") as f:
    f.write("currency,rate_to_eur\nGBP,1.1712\nPLN,0.2311\nSEK,0.0871\nCHF,1.0663\nEUR,1.0\n")
print("inputs written to", d)
