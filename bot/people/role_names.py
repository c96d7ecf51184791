"""The roles a member can have; pure, so the import planner can check them."""

ROLES = ("member", "lead", "champion", "admin")
