"""`lang`: the language kmbot writes to a member in (`lang fr`; `lang` alone lists them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member
from bot.i18n import LANGUAGE_NAMES, SHIPPED, _, from_locale, speaking
from bot.people.languages import member_language


async def choose_language(
    session: AsyncSession, member: Member, argument: str, today: date
) -> Response:
    """Set (or, with no argument, tell) the member's language; `lang auto` follows the platform."""
    word = argument.strip().lower()
    if word in ("auto", "platform"):
        member.language = None
    elif word:
        code = word if word in SHIPPED else from_locale(word) or _by_name(word)
        if code is None:
            return Response(
                text=_("I don't speak {language} yet.").format(language=argument) + " " + _choices()
            )
        member.language = code
    with speaking(member_language(member)) as code:
        if not word:
            return Response(
                text=_("I write to you in {language}.").format(language=LANGUAGE_NAMES[code])
                + " "
                + _choices()
            )
        return Response(
            text=_("From now on I write to you in {language}.").format(
                language=LANGUAGE_NAMES[code]
            )
        )


def _by_name(word: str) -> str | None:
    return next((code for code, name in LANGUAGE_NAMES.items() if name.lower() == word), None)


def _choices() -> str:
    names = ", ".join(f"`lang {code}` ({name})" for code, name in LANGUAGE_NAMES.items())
    return _("Choose with {choices}; `lang auto` follows your platform's language.").format(
        choices=names
    )
