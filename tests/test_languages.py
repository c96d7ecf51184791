"""The shipped languages: complete catalogs, matching placeholders, the template in step with
the code, a member's language from their platform or `lang`, channels in the program's."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import pytest
from botbuilder.schema import Activity
from sqlalchemy import select, update

from adapters.slack.parse import person_from_user
from adapters.teams.parse import parse_activity
from bot.chat import MessageReceived, Person
from bot.core import Core
from bot.db.models import Member, Program
from bot.i18n import SHIPPED, _, from_locale, resolve, speaking
from bot.i18n.catalogs import LOCALE_DIR, read_catalog
from bot.i18n.refresh import TEMPLATE, message_ids, stale
from bot.prompts.sharing import digest_of
from tests.catalog_check import placeholders
from tests.conversation import WORKSPACE, add_people, add_program, who

ROOT = Path(__file__).parents[1]
FIXTURES = Path("/work/shared/fixtures")  # the real payloads, as tests/slack/fake_slack.py has
TRANSLATED = [language for language in SHIPPED if language != "en"]


def test_the_template_and_every_catalog_hold_exactly_the_messages_the_code_has() -> None:
    assert stale() == []  # `python -m bot.i18n.refresh` fixes it; then translate what is new


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalog = read_catalog(language)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert ids == message_ids(TEMPLATE)
    for message in catalog:
        if not message.id:
            continue
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert not message.fuzzy, message.id
        assert len(strings) == catalog.num_plurals or isinstance(message.id, str)
        for text in strings:
            assert text.strip(), f"{language}: no translation of {message.id!r}"
            assert placeholders(text) == placeholders(english[-1]), (language, message.id, text)
            assert text.count("`") == english[0].count("`"), (language, message.id, text)
            assert text.count("_{") == english[0].count("_{"), (language, message.id, text)


def test_every_language_speaks_its_own_words() -> None:
    answers = {}
    for language in SHIPPED:
        with speaking(language):
            answers[language] = _("Answer"), _("What surprised you at work this week?")
    assert answers["en"] == ("Answer", "What surprised you at work this week?")
    assert len({words for words in answers.values()}) == len(SHIPPED)
    with speaking("fr"):
        assert _("A question nobody translated") == "A question nobody translated"


def test_platform_locales_map_to_shipped_languages() -> None:
    assert [from_locale(x) for x in ("fr-FR", "pt_BR", "es-419", "ES", "en-US")] == [
        "fr",
        "pt",
        "es",
        "es",
        "en",
    ]
    assert from_locale("de-DE") is None and from_locale("") is None
    assert resolve(None, "pt-PT") == "pt"  # no choice: the platform's
    assert resolve("fr", "pt-PT") == "fr"  # a choice wins
    assert resolve("xx", "de-DE") == "en"  # nothing kmbot speaks: English


def test_the_bank_asks_about_field_work_partners_and_monitoring_evaluation_learning() -> None:
    bank = tomllib.loads((ROOT / "bot" / "programs" / "questions.toml").read_text())["question"]
    categories = [q["category"] for q in bank]
    for category in ("field-work", "partners", "monitoring-evaluation-learning"):
        assert categories.count(category) >= 3, category
    with speaking("es"):
        assert _("What evidence changed a decision, or should have?") == (
            "¿Qué evidencia cambió una decisión, o debería haberlo hecho?"
        )


def test_an_installed_package_ships_the_catalogs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = project["package-data"]["bot"]
    shipped = {p for pattern in patterns for p in (ROOT / "bot").glob(pattern)}
    catalogs = set(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")) | {TEMPLATE}
    assert len(catalogs) == len(TRANSLATED) + 1 and catalogs <= shipped


def test_a_teams_message_carries_the_senders_locale() -> None:
    body = json.loads((FIXTURES / "teams" / "message.personal.json").read_text())
    body["locale"] = "fr-FR"
    [event] = parse_activity(Activity().deserialize(body), lambda text: False).events
    assert isinstance(event, MessageReceived) and event.locale == "fr-FR"

    without = copy.deepcopy(body)
    del without["locale"]  # then the clientInfo entity says it
    without["entities"][0]["locale"] = "pt-BR"
    [event] = parse_activity(Activity().deserialize(without), lambda text: False).events
    assert isinstance(event, MessageReceived) and event.locale == "pt-BR"


def test_a_slack_user_carries_the_locale_users_info_gives_with_include_locale() -> None:
    user = json.loads((FIXTURES / "slack" / "api.users.info.ok.json").read_text())["user"]
    assert person_from_user({**user, "locale": "es-ES"}).locale == "es-ES"
    assert person_from_user(user).locale is None


async def test_a_member_reads_their_platforms_language_until_they_choose(core: Core) -> None:
    await add_people(core, ("ana", "Europe/Lisbon"))
    await core.directory_sync.save_people(
        "memory", WORKSPACE, [Person("ana", "Ana", locale="pt-BR")], complete=False
    )
    shown = await core.inbound.handle(MessageReceived("e1", who("ana"), "D-ana", "help"))
    assert shown is not None and shown.text.startswith("Eis o que me pode dizer:")

    teams_like = MessageReceived("e2", who("ana"), "D-ana", "status", locale="es-ES")
    status = await core.inbound.handle(teams_like)
    assert status is not None and status.message is not None
    assert status.message.title == "Tu kmbot" and status.message.language == "es"

    chosen = await core.inbound.handle(MessageReceived("e3", who("ana"), "D-ana", "lang fr"))
    assert chosen is not None and chosen.text == "Désormais, je vous écris en Français."
    later = await core.inbound.handle(
        MessageReceived("e4", who("ana"), "D-ana", "help", locale="es-ES")
    )
    assert later is not None and later.text.startswith("Voici ce que vous pouvez me dire :")
    async with core.sessions() as session:
        member = await session.scalar(select(Member).where(Member.external_id == "ana"))
    assert member is not None and (member.language, member.locale) == ("fr", "es-ES")


async def test_an_unknown_language_is_refused_in_one_line_naming_the_choices(core: Core) -> None:
    await add_people(core, ("ana", "Europe/Lisbon"))
    refused = await core.inbound.handle(MessageReceived("e1", who("ana"), "D-ana", "lang klingon"))
    assert refused is not None and "\n" not in refused.text
    assert refused.text.startswith("I don't speak klingon yet.")
    assert "`lang pt` (Português)" in refused.text
    by_name = await core.inbound.handle(MessageReceived("e2", who("ana"), "D-ana", "lang español"))
    assert by_name is not None and by_name.text == "A partir de ahora te escribo en Español."


async def test_a_digest_in_a_channel_reads_the_programs_language(core: Core) -> None:
    await add_program(core, language="pt")
    async with core.sessions.begin() as session:
        program = await session.scalar(select(Program))
        assert program is not None and program.language == "pt"
        [digest] = await digest_of(session, program, 0)
        assert digest.title.startswith("Weekly learning: o que aprendemos (semana de ")
        assert "Ninguém partilhou abertamente nesta ronda." in digest.text
        await session.execute(update(Program).values(language=None))
        [english] = await digest_of(session, program, 0)
    assert "Nobody shared openly this round." in english.text
