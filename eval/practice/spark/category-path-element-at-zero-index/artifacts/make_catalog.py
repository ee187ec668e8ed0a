import json, os, random, sys
random.seed(12)
out = os.path.join(sys.argv[1], "input", "catalog")
os.makedirs(out, exist_ok=True)
paths = ["Home > Kitchen > Cookware", "Home > Garden > Tools", "Sports > Running > Shoes",
         "Toys > Outdoor", "Electronics > Audio > Headphones", "Home > Kitchen > Cutlery"]
with open(os.path.join(out, "catalog_2026-12-06.json"), "w") as f:
    for i in range(2500):
        f.write(json.dumps({"sku": f"SKU-{i:05d}", "category_path": random.choice(paths),
                            "list_price": round(random.uniform(2, 400), 2)}) + "\n")
