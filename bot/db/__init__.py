"""Storage: models, engine and migrations. Importing this registers every table."""

from bot.db import (
    archive_models,
    capture_models,
    checkin_models,
    event_models,
    evidence_models,
    leader_models,
    models,
    newcomer_models,
    people_models,
    pilot_baseline_models,
    pilot_models,
    pilot_showcase_models,
    privacy_models,
    question_models,
    sponsor_models,
)

__all__ = [
    "archive_models",
    "capture_models",
    "checkin_models",
    "event_models",
    "evidence_models",
    "leader_models",
    "models",
    "newcomer_models",
    "people_models",
    "pilot_baseline_models",
    "pilot_models",
    "privacy_models",
    "sponsor_models",
    "question_models",
    "pilot_showcase_models",
]
