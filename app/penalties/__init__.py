"""Penalties for late payment as use cases: the rules from the database, the calculation of an
account on a date, the monthly posting, the key-rate table."""
