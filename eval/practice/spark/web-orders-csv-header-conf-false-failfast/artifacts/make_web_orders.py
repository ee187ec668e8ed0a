import random, sys, os, datetime
random.seed(23)
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
with open(f"{d}/countries.csv", "w") as f:
    f.write("country_code,country_name\nDE,Germany\nFR,France\nNL,Netherlands\nAT,Austria\n")
t0 = datetime.datetime(2026, 12, 7)
with open(f"{d}/web_orders_2026-12-07.csv", "w") as f:
    f.write("order_id,country_code,amount,ordered_at\n")
    for i in range(5000):
        f.write(f"{120000+i},{random.choice(['DE','FR','NL','AT'])},{random.uniform(5,300):.2f},{(t0+datetime.timedelta(seconds=15*i)).strftime('%Y-%m-%d %H:%M:%S')}\n")
print("web orders written to", d)
