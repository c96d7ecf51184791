"""Secrets at rest (MultiFernet under KMBOT_SECRET_KEY) and secrets kept out of log lines."""
