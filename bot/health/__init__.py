"""Health and metrics: what /healthz reports and /metrics exposes (no web server in here)."""
