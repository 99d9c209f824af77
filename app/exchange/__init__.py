"""Data exchange: migration import (JSON or XLSX, with history) and export in the same format."""
