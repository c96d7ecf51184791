"""Hostile input: property-based fuzzing of /slack/events and /api/messages (issue 15)."""
