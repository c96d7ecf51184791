"""Settings from the environment (and an optional .env), validated once at start-up."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Everything kmbot reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="KMBOT_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./kmbot.db"
    host: str = "127.0.0.1"
    port: int = Field(default=3978, ge=1, le=65535)
    timezone: str = "UTC"
    log_level: str = "INFO"
    env: str = "development"
    outbox_lease_seconds: int = Field(default=60, ge=2, le=3600)
    outbox_concurrency: int = Field(default=16, ge=1, le=256)
    outbox_lag_limit_seconds: int = Field(default=900, ge=60)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_zone(value)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


def check_zone(name: str) -> str:
    """Return `name` if it is an IANA time zone, else raise ValueError naming it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Lisbon)"
        ) from None
    return name


class SettingsError(Exception):
    """A setting is invalid; the message is one line naming the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid setting KMBOT_{field.upper()}: {message}") from None


def configure_logging(settings: Settings) -> None:
    """Plain, timestamped log lines at the configured level."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
