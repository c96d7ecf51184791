"""Bot Framework authentication from kmbot's settings, with the SDK's own retries turned off.

msrest retries 5xx inside a worker thread with blocking sleeps; kmbot paces and retries
itself (adapters/teams/limits.py), so connector clients are made with retries disabled.
"""

from __future__ import annotations

import asyncio
from typing import Any

import requests
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
)

from adapters.teams.settings import BotConfiguration, TeamsSettings


def without_retries(client: ConnectorClient) -> ConnectorClient:
    """Make `client` report every HTTP status at once instead of retrying it."""
    policy = client.config.retry_policy
    policy.retries = 0
    policy.policy.status_forcelist = []
    policy.policy.raise_on_status = False
    return client


class _NoRetryConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return without_retries(await self._inner.create(service_url, audience))


class KmbotAuthentication(ConfigurationBotFrameworkAuthentication):
    """ConfigurationBotFrameworkAuthentication whose connector clients never retry."""

    def __init__(self, settings: TeamsSettings, **options: Any) -> None:
        super().__init__(BotConfiguration(settings), **options)

    async def authenticate_request(
        self, activity: Any, auth_header: str
    ) -> AuthenticateRequestResult:
        try:
            result = await super().authenticate_request(activity, auth_header)
        except (PermissionError, requests.RequestException):
            raise
        except Exception as exc:  # a forged token the SDK trips over: refused, never a 500
            raise PermissionError(f"token refused ({type(exc).__name__}: {exc})") from exc
        if result.connector_factory is not None:
            result.connector_factory = _NoRetryConnectorFactory(result.connector_factory)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _NoRetryConnectorFactory(super().create_connector_factory(claims_identity))


# Any service URL will do: making the client contacts nothing, the token comes from AAD.
PROBE_SERVICE_URL = "https://smba.trafficmanager.net/teams/"


async def fetch_connector_token(authentication: KmbotAuthentication, app_id: str) -> None:
    """Get a Bot Connector token as a proactive send would; raises when none is issued.

    MSAL's token request blocks, so it runs in a worker thread.
    """
    identity = ClaimsIdentity(
        {
            AuthenticationConstants.AUDIENCE_CLAIM: app_id,
            AuthenticationConstants.APP_ID_CLAIM: app_id,
        },
        True,
    )
    client = await authentication.create_connector_factory(identity).create(PROBE_SERVICE_URL, None)
    await asyncio.to_thread(client.config.credentials.get_access_token)
