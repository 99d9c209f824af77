"""Printed documents (reportlab): the payment document (ЕПД), certificates, statements.

Renderers receive plain data (dataclasses) and import only `app.calc` for formatting; the
application layer (`app.documents`) reads the database and composes what they draw.
"""
