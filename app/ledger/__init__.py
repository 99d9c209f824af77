"""The ledger's read side: balances derived from operations."""
