"""A file for one member, shared into their DM with files_upload_v2 (Slack's upload flow:
files.getUploadURLExternal, the upload, files.completeUploadExternal)."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import OutgoingFile


async def send_file(client: AsyncWebClient, channel: str, file: OutgoingFile) -> None:
    """Share `file` in `channel` (a DM's id, D…), under its title."""
    await client.files_upload_v2(
        channel=channel, content=file.content, filename=file.name, title=file.title or file.name
    )


async def send_file_to(client: AsyncWebClient, user: str, file: OutgoingFile) -> None:
    """Share `file` in the DM with `user` (opened first, as for a slash command)."""
    opened = await client.conversations_open(users=user)
    await send_file(client, str(opened["channel"]["id"]), file)
