"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import (
    archive_models,
    capture_models,
    checkin_models,
    event_models,
    leader_models,
    models,
    people_models,
    pilot_models,
    privacy_models,
)

__all__ = [
    "archive_models",
    "capture_models",
    "checkin_models",
    "event_models",
    "leader_models",
    "models",
    "people_models",
    "pilot_models",
    "privacy_models",
]
