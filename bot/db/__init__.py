"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import checkin_models, models

__all__ = ["checkin_models", "models"]
