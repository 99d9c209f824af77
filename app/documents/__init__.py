"""Documents from the database: payment documents, certificates, statements (use cases)."""
