"""A file for one member in their personal chat: an inline attachment with a data: URI.

Bot Framework lets a bot attach content inline (contentUrl as a base64 data: URI) without
Microsoft Graph, OneDrive or the FileConsentCard flow. Teams counts the whole message against
its 100 KB limit, so a file too big for that is replaced by a note saying how to get it.
"""

from __future__ import annotations

import base64

from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams.limits import CONTENT_BYTES
from bot.chat import OutgoingFile

TOO_BIG = (
    "Your file ({size} KB) is larger than Teams lets a bot send in chat. A kmbot admin can "
    "give it to you (kmbot member export)."
)


def file_activity(file: OutgoingFile) -> Activity:
    """A message carrying `file` inline, or a note when it cannot fit in one Teams message."""
    data = base64.b64encode(file.content).decode()
    url = f"data:{file.mime};base64,{data}"
    if 2 * (len(url) + len(file.name) + len(file.title)) > CONTENT_BYTES:  # UTF-16 counts 2
        return Activity(
            type=ActivityTypes.message, text=TOO_BIG.format(size=len(file.content) // 1024)
        )
    return Activity(
        type=ActivityTypes.message,
        text=file.title,
        attachments=[Attachment(content_type=file.mime, content_url=url, name=file.name)],
    )
