"""The language a member reads: their `lang` choice, else their platform's locale, else English."""

from __future__ import annotations

from bot.db.models import Member
from bot.i18n import resolve


def member_language(member: Member) -> str:
    """The shipped language to write to `member` in (bot.i18n.speaking takes it)."""
    return resolve(member.language, member.locale)
