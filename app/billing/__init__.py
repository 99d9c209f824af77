"""Billing runs: load a period in bulk, call the engine, write the charges (one use case each)."""
