import json, os, random, sys
random.seed(2)
p = f"{sys.argv[1]}/loyalty_members/dt=2026-12-07"; os.makedirs(p, exist_ok=True)
json.dump({"producer": "crm-members-export", "version": "2.1.0", "rows": 5000,
           "changes": ["birth_day and birth_month are optional since 2.1.0; 0 means 'not provided by member'"]},
          open(f"{p}/_manifest.json", "w"))
with open(f"{p}/part-0000.csv", "w") as f:
    f.write("member_id,email,birth_year,birth_month,birth_day\n")
    for i in range(1, 5001):
        if i % 97 == 0:
            f.write(f"{i},m{i}@example.com,{random.randint(1950,2005)},{random.randint(1,12)},0\n")
        else:
            f.write(f"{i},m{i}@example.com,{random.randint(1950,2005)},{random.randint(1,12)},{random.randint(1,28)}\n")
