"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import (
    capture_models,
    checkin_models,
    leader_models,
    models,
    people_models,
    privacy_models,
)

__all__ = [
    "capture_models",
    "checkin_models",
    "leader_models",
    "models",
    "people_models",
    "privacy_models",
]
