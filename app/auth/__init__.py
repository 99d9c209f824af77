"""Users: password hashing and login."""
