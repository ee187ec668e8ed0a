"""Group merchant name variants ("ACME Gmbh." / "Acme GmbH") under one canonical merchant."""
from rapidfuzz import fuzz, process


def model(dbt, session):
    dbt.config(materialized="table")
    merchants = dbt.source("raw", "merchants").df()
    canon = []
    for name in merchants["name"]:
        match = process.extractOne(name, canon, scorer=fuzz.token_sort_ratio, score_cutoff=85)
        canon.append(match[0] if match else name)
    merchants["canonical_name"] = canon
    return merchants
