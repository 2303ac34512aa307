"""Fadan's data: the database schema, storage, migrations and the domain vocabularies."""
