"""Peer check-ins: plan each round, introduce colleagues, follow up, record what came of it."""
