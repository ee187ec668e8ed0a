import csv, os, random
random.seed(39)
os.makedirs("/tmp/h39-input", exist_ok=True)
camps = ["black_friday_2026", "xmas_gifts", "newsletter_w49", "retargeting_shoes"]
# the ad platform's new link builder put the whole landing URL (with its query string) into utm_campaign
long_url = ("https://www.acme-shop.example/landing/winter-sale/outerwear?utm_source=meta&utm_medium=paid_social"
            "&utm_content=carousel_v3_parkas_and_down_jackets_for_men_women_and_kids&fbclid=IwAR3xQ9" + "k7Zp" * 30)
with open("/tmp/h39-input/touchpoints_2026-12-07.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["touch_id", "user_id", "utm_source", "utm_campaign", "event_ts"])
    for i in range(6000):
        c = long_url if i % 40 == 0 else random.choice(camps)
        w.writerow([f"T{i:06d}", random.randint(1, 900), random.choice(["google", "meta", "email"]), c,
                    f"2026-12-07 {i % 24:02d}:{i % 60:02d}:00"])
print("wrote 6000 touchpoints")
