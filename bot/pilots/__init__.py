"""Pilots: a program aimed at some units, with a sponsor, a business metric and milestones."""
