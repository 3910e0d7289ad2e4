"""The optional fields of a job in this version: (name, SQL type). 1.1.0 adds the salary range."""
EXTRA_FIELDS = [("salary_range", "text")]
