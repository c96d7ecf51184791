"""Inbound events: deduplicated, then routed to the capability that owns them."""
