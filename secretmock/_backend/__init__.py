"""The in-memory state of the mock: models, the per-(account, region) stores and the backend."""
