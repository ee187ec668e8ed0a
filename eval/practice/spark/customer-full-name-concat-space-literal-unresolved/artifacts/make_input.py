import os, random, sys
random.seed(8)
p = f"{sys.argv[1]}/customers/dt=2026-12-07"; os.makedirs(p, exist_ok=True)
with open(f"{p}/part-0000.csv", "w") as f:
    f.write("customer_id,first_name,last_name,email,country,newsletter_opt_in\n")
    for i in range(1, 3001):
        f.write(f"{i},Ann{i},Lee{i},c{i}@example.com,{random.choice(['DE','NL','FR'])},{random.choice(['true','false'])}\n")
