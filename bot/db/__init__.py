"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import archive_models, checkin_models, leader_models, models

__all__ = ["archive_models", "checkin_models", "leader_models", "models"]
