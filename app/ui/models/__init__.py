"""Qt table models over plain rows from the application layer (one generic model, column sets)."""

from app.ui.models.rows import Column, RowsModel

__all__ = ["Column", "RowsModel"]
