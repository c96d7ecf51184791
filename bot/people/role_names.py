"""The roles a member can have; pure, so the import planner can check them."""

ROLES = ("member", "lead", "champion", "admin", "sponsor")
SPONSOR = "sponsor"  # endorses programs and gets their monthly summary (bot.sponsors)
