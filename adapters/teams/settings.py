"""Teams settings: the Bot Framework names (MicrosoftAppId, …) plus kmbot's Teams knobs."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class TeamsSettings(BaseSettings):
    """Read from the environment (or .env) under the names Azure Bot Service documents."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    app_id: str = Field(default="", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    app_type: str = Field(
        default="MultiTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    app_tenant_id: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )
    emulator: bool = Field(
        default=False, validation_alias=AliasChoices("KMBOT_TEAMS_EMULATOR", "emulator")
    )
    tenant_rate: float = Field(
        default=20.0, gt=0, validation_alias=AliasChoices("KMBOT_TEAMS_TENANT_RATE", "tenant_rate")
    )
    conversation_rate: float = Field(
        default=7.0,
        gt=0,
        validation_alias=AliasChoices("KMBOT_TEAMS_CONVERSATION_RATE", "conversation_rate"),
    )

    @property
    def emulator_mode(self) -> bool:
        """No app id: requests are not authenticated (local use with the Bot Emulator only)."""
        return not self.app_id

    def enabled(self) -> bool:
        """Teams is installed when an app id is set, or emulator mode is asked for."""
        return bool(self.app_id) or self.emulator

    def problems(self) -> list[str]:
        """What is wrong with these settings, one line each."""
        found = []
        if self.app_type not in APP_TYPES:
            found.append(f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}")
        if self.app_id and self.app_type == "SingleTenant" and not self.app_tenant_id:
            found.append("MicrosoftAppTenantId is required when MicrosoftAppType=SingleTenant")
        if self.app_id and self.app_type != "UserAssignedMSI" and not self.app_password:
            found.append("MicrosoftAppPassword is required with MicrosoftAppId")
        for name, value in (
            ("MicrosoftAppPassword", self.app_password),
            ("MicrosoftAppTenantId", self.app_tenant_id),
        ):
            if value and not self.app_id:
                found.append(f"MicrosoftAppId is required with {name}")
        return found


class BotConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: TeamsSettings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.app_tenant_id
