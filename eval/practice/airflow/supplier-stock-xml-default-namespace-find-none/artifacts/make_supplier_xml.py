"""Stand-in for the supplier's stock push: their v2 feed declares a default XML namespace."""
from pathlib import Path

landing = Path("/tmp/h40-af/landing/supplier")
landing.mkdir(parents=True, exist_ok=True)
xml = """<?xml version="1.0" encoding="UTF-8"?>
<stockFeed xmlns="urn:acme:supplier-stock:v2" supplier="NORDFRUKT">
  <header>
    <batch_id>NF-20261206-01</batch_id>
    <generated>2026-12-06T22:10:00Z</generated>
  </header>
  <item><sku>NF-APL-001</sku><qty>420</qty></item>
  <item><sku>NF-PER-014</sku><qty>75</qty></item>
  <item><sku>NF-BAN-203</sku><qty>0</qty></item>
</stockFeed>
"""
(landing / "nordfrukt_stock_2026-12-06.xml").write_text(xml)
print("wrote", landing / "nordfrukt_stock_2026-12-06.xml")
