"""Recalculations as use cases: a closed period recomputed with corrected inputs and the
difference posted in the open period; temporary absence; corrections and balance transfers."""
