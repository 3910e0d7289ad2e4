"""The optional fields of a job in this version: (name, SQL type). Version 1.0.0 has none."""
EXTRA_FIELDS = []
