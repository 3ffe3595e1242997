from .strategies import admin as strategies_admin  # noqa: F401  (registers the read-only strategy admin)
