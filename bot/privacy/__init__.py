"""Data rights and accountability: the audit log of admin actions, a member's data export."""
