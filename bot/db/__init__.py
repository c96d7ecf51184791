"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import checkin_models, event_models, leader_models, models, people_models

__all__ = ["checkin_models", "event_models", "leader_models", "models", "people_models"]
