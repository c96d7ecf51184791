"""Sponsors: a senior person's endorsement on a program's prompts, their monthly summary, and
the thank-you they send to everyone who shared."""
