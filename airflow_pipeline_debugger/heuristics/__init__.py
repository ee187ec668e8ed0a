"""Deterministic rules, one class per rule, grouped by platform (each package lists its ``RULES``)."""
