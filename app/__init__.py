"""Kvartal — housing and utility billing workstation."""

__version__ = "0.1.0"
