"""VAT helpers shared by the finance jobs.

TAX-140 (2026-12-03): reduced rates depend on the product category, so vat_rate now takes both.
"""
STANDARD = {"NO": 0.25, "SE": 0.25, "DK": 0.25, "FI": 0.255}
REDUCED = {("NO", "food"): 0.15, ("SE", "food"): 0.12, ("SE", "books"): 0.06, ("FI", "food"): 0.14, ("FI", "books"): 0.10}


def vat_rate(country, category):
    return REDUCED.get((country, category), STANDARD[country])
