"""The archive in chat: `search WORDS`, the App Home search form, "This helped me"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import ARCHIVE_HELPED, ARCHIVE_SEARCH
from bot.archive.query import MARK_END, MARK_START, QueryError, parse_search
from bot.archive.reuse import mark_helped
from bot.archive.search import Hit, search_archive
from bot.chat import Button, Form, FormField, OutgoingMessage, Response
from bot.db.models import Member
from bot.i18n import N_, _, speaking

CHAT_RESULTS = 5
SNIPPET_CHARS = 300
USAGE = N_(
    "Write `search WORDS`, e.g. `search onboarding checklist`; narrow it with "
    "`tag:NAME`, `unit:NAME`, `program:NAME`, `since:YYYY-MM-DD` or `until:YYYY-MM-DD`."
)
SEARCH_BUTTON = Button(ARCHIVE_SEARCH, N_("Search the archive"))  # label: translated at use


def search_form() -> Form:
    return Form(
        ARCHIVE_SEARCH,
        _("Search the archive"),
        (
            FormField("words", _("What are you looking for?"), multiline=False, max_length=200),
            FormField("tag", _("Tag (optional)"), multiline=False, optional=True, max_length=60),
        ),
        submit_label=_("Search"),
    )


def with_search(message: OutgoingMessage) -> OutgoingMessage:
    """A home view with a way into the archive."""
    with speaking(message.language):
        search = replace(SEARCH_BUTTON, label=_(SEARCH_BUTTON.label))
    return replace(message, buttons=(*message.buttons, search))


def chat_snippet(snippet: str) -> str:
    """A snippet for chat: matching words in bold, on one quoted line."""
    text = " ".join(snippet.replace(MARK_START, "*").replace(MARK_END, "*").split())
    text = text.replace("* *", " ")
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def results_message(words: str, hits: list[Hit]) -> OutgoingMessage:
    if not hits:
        return OutgoingMessage(
            title=_("Search the archive"),
            text=_("Nothing shared matches “{words}”. Try fewer or other words.").format(
                words=words
            ),
        )
    lines, buttons = [], []
    for number, hit in enumerate(hits, start=1):
        who = hit.author or _("Anonymous")
        if hit.unit:
            who += f" ({hit.unit})"
        where = " · ".join(x for x in (who, hit.program, f"{hit.created_at:%Y-%m-%d}") if x)
        helped = " · " + _("helped {count}").format(count=hit.helped) if hit.helped else ""
        lines.append(
            f"*{number}.* _{hit.title[:150]}_\n{where}{helped}\n> {chat_snippet(hit.snippet)}"
        )
        label = _("This helped me ({number})").format(number=number)
        buttons.append(Button(ARCHIVE_HELPED, label, str(hit.reply_id)))
    return OutgoingMessage(
        title=_("Search: {words}").format(words=words[:80]),
        text="\n".join(lines),
        buttons=tuple(buttons),
    )


async def search_in_chat(session: AsyncSession, text: str, tag: str = "") -> Response:
    if not text.strip():
        return Response(text=_(USAGE))
    try:
        search = parse_search(text + (f" tag:{tag}" if tag.strip() else ""))
    except QueryError as exc:
        return Response(text=str(exc))
    hits = await search_archive(session, search, limit=CHAT_RESULTS)
    return Response(message=results_message(search.words, hits))


async def helped_in_chat(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> Response:
    if not value.isdigit():
        return Response(text=_("That answer is no longer in the archive."))
    return Response(text=await mark_helped(session, member, int(value), now))
