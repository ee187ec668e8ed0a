"""Upstream stand-in: the PIM export. Product SKU-00777 was edited in the PIM UI and now
carries the attribute 'color' twice (two values)."""
import json, sys
with open(sys.argv[1], "w") as fh:
    for i in range(3000):
        keys, vals = ["color", "size", "material"], ["blue", str(36 + i % 10), "cotton"]
        if i == 777:
            keys, vals = ["color", "size", "color"], ["blue", "40", "navy"]
        fh.write(json.dumps({"sku": f"SKU-{i:05d}", "attr_keys": keys, "attr_values": vals}) + "\n")
