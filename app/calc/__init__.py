"""Pure calculation engine: no Qt, no database, stdlib only."""
