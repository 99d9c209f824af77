"""Qt table models over plain rows from the application layer (one generic model, column sets)."""

from app.ui.tables.rows import Column, RowsModel

__all__ = ["Column", "RowsModel"]
