"""Settings from the environment (and an optional .env), validated once at start-up."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.i18n import _
from bot.log_format import LOG_FORMATS, TEXT_FORMAT, formatter_for
from bot.secrets.box import parse_keys
from bot.secrets.redact import install_redaction

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ENVIRONMENTS = ("development", "production")
DATABASE_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class Settings(BaseSettings):
    """Everything kmbot reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="KMBOT_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./kmbot.db"
    host: str = "127.0.0.1"
    port: int = Field(default=3978, ge=1, le=65535)
    timezone: str = "UTC"
    log_level: str = "INFO"
    log_format: str = "text"
    env: str = "development"
    public_url: str = ""
    outbox_lease_seconds: int = Field(default=60, ge=2, le=3600)
    outbox_concurrency: int = Field(default=16, ge=1, le=256)
    outbox_lag_limit_seconds: int = Field(default=900, ge=60)
    pages_dir: str = ""
    secret_key: str = Field(default="", repr=False)  # Fernet keys, comma-separated

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

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value.strip().lower() not in LOG_FORMATS:
            raise ValueError(f"must be text or json, not {value!r}")
        return value.strip().lower()

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return check_database_url(value)

    @field_validator("env")
    @classmethod
    def _known_env(cls, value: str) -> str:
        if value.strip().lower() not in ENVIRONMENTS:
            raise ValueError(f"must be development or production, not {value!r}")
        return value.strip().lower()

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str, info: ValidationInfo) -> str:
        """Where Slack and Teams reach kmbot; https only in production."""
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"must be an http(s) address such as https://kmbot.example.com, not {value!r}"
            )
        if parts.scheme != "https" and info.data.get("env") == "production":
            raise ValueError(f"must be https:// when KMBOT_ENV=production, not {value!r}")
        return value.rstrip("/")

    @field_validator("pages_dir")
    @classmethod
    def _pages_folder(cls, value: str) -> str:
        """A folder with the admin's own privacy.html and/or terms.html."""
        if value and not Path(value).is_dir():
            raise ValueError(f"must be a folder that exists, not {value!r}")
        return value

    @field_validator("secret_key")
    @classmethod
    def _fernet_keys(cls, value: str) -> str:
        """One or more Fernet keys, comma-separated: the first encrypts (never echoed)."""
        parse_keys(value)
        return value

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def privacy_url(self) -> str:
        """The address of the /privacy page ("" when KMBOT_PUBLIC_URL is not set)."""
        return f"{self.public_url}/privacy" if self.public_url else ""

    @property
    def public_host(self) -> str:
        """The host name of KMBOT_PUBLIC_URL ("" when it is not set)."""
        return urlsplit(self.public_url).hostname or ""


def check_database_url(value: str) -> str:
    """`value` if it names one of kmbot's async drivers, else ValueError saying which ones."""
    if not value.startswith(DATABASE_SCHEMES):
        raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
    return value


def check_zone(name: str) -> str:
    """Return `name` if it is an IANA time zone, else raise ValueError naming it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            _("unknown time zone {name} (use an IANA name such as Europe/Lisbon)").format(
                name=repr(name)
            )
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


# Libraries that log routine steps at INFO: heard only at DEBUG (APScheduler says "Running
# job" and "executed successfully" for every run, the dispatcher's every 5 seconds).
QUIET_BELOW_DEBUG = ("apscheduler",)
# What Alembic says on every connection, migrating or not; its "Running upgrade" lines stay.
ALEMBIC_CHATTER = ("Context impl", "Will assume")


class _AlembicChatter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(ALEMBIC_CHATTER)


_ALEMBIC_FILTER = _AlembicChatter()


def configure_logging(level: str, log_format: str = "text") -> None:
    """Plain, timestamped log lines at `level` (or JSON ones); the noisy libraries only at
    DEBUG; no token or secret in any of them."""
    install_redaction()
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format=TEXT_FORMAT)
        root.handlers[0].setFormatter(formatter_for(log_format))
    root.setLevel(level)
    debug = logging.getLevelName(level) <= logging.DEBUG
    for name in QUIET_BELOW_DEBUG:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else logging.WARNING)
    migration = logging.getLogger("alembic.runtime.migration")
    if debug:
        migration.removeFilter(_ALEMBIC_FILTER)
    else:
        migration.addFilter(_ALEMBIC_FILTER)
