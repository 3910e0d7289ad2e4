"""The JobFirst demo services' shared library: settings, JSON over HTTP, tenants in PostgreSQL, Redis cache."""
