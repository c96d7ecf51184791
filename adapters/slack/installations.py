"""slack_sdk's SQLAlchemy installation store with every token sealed at rest (bot.secrets).

Bot, user and refresh tokens (and the incoming webhook URL, a credential too) are encrypted
before slack_sdk writes a row and decrypted after it reads one, so its tables never hold them
in clear. Without a key (development only) they are stored as they are; `reseal_all`
(`kmbot secrets rotate`) encrypts every stored one with the first key.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.secrets.box import SecretBox

BOT_SECRETS = ("bot_token", "bot_refresh_token")
INSTALLATION_SECRETS = (*BOT_SECRETS, "user_token", "user_refresh_token", "incoming_webhook_url")
Entity = TypeVar("Entity", Bot, Installation)


class SealedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """Installations and bots kept by slack_sdk, their secrets sealed by `box` (None: clear)."""

    def __init__(self, client_id: str, engine: AsyncEngine, box: SecretBox | None) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.box = box

    async def async_save(self, installation: Installation) -> None:
        await super().async_save(self._sealed(installation, INSTALLATION_SECRETS))

    async def async_save_bot(self, bot: Bot) -> None:
        await super().async_save_bot(self._sealed(bot, BOT_SECRETS))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await super().async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found, BOT_SECRETS)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await super().async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found, INSTALLATION_SECRETS)

    async def reseal_all(self) -> int:
        """Encrypt every stored secret with the first key, in one transaction; how many."""
        if self.box is None:
            raise ValueError("KMBOT_SECRET_KEY is not set: there is no key to encrypt with")
        count = 0
        async with self.engine.begin() as connection:
            for table, names in (
                (self.installations, INSTALLATION_SECRETS),
                (self.bots, BOT_SECRETS),
            ):
                count += await _reseal_table(connection, table, names, self.box)
        return count

    def _sealed(self, entity: Entity, names: tuple[str, ...]) -> Entity:
        return _changed(entity, names, self.box.seal) if self.box else entity

    def _opened(self, entity: Entity | None, names: tuple[str, ...]) -> Entity | None:
        if entity is None or self.box is None:
            return entity
        return _changed(entity, names, self.box.open)


def _changed(entity: Entity, names: tuple[str, ...], change: Any) -> Entity:
    result = copy.copy(entity)
    for name in names:
        setattr(result, name, change(getattr(entity, name)))
    return result


async def _reseal_table(
    connection: Any, table: Table, names: tuple[str, ...], box: SecretBox
) -> int:
    columns = [table.c[name] for name in names]
    rows = (await connection.execute(select(table.c.id, *columns))).all()
    count = 0
    for row in rows:
        values = {name: box.reseal(row._mapping[name]) for name in names}
        count += sum(1 for name in names if row._mapping[name] is not None)
        await connection.execute(update(table).where(table.c.id == row.id).values(**values))
    return count
