"""/privacy and /terms on kmbot's one web server, and the prompt's link to the privacy page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from adapters.teams.package import manifest_for
from bot.bootstrap import build_web_app
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_sessions
from bot.prompts.messages import PromptContent, prompt_message
from bot.settings import SettingsError, load_settings
from tests.conversation import add_people, add_program, advance_to

PRIVACY = "https://kmbot.example.com/privacy"
CONTENT = PromptContent("Weekly learning", "We share what we learn.", "What?", ("What?",), "feed")


async def serve(
    engine: AsyncEngine, core: Core, **pages: str
) -> AsyncIterator[TestClient[Any, Any]]:
    client: TestClient[Any, Any] = TestClient(TestServer(build_web_app(engine, core, **pages)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def get(client: TestClient[Any, Any], path: str) -> tuple[int, str, str]:
    response = await client.get(path)
    return response.status, response.content_type, await response.text()


async def test_both_pages_are_html_pages_from_the_shipped_templates(
    engine: AsyncEngine, core: Core
) -> None:
    async for client in serve(engine, core):
        privacy = await get(client, "/privacy")
        terms = await get(client, "/terms")

    assert privacy[:2] == (200, "text/html") and terms[:2] == (200, "text/html")
    assert "<h1>How kmbot uses your answers</h1>" in privacy[2]
    assert "Anonymous" in privacy[2] and "private answers included" in privacy[2]
    assert "<h1>Terms of use</h1>" in terms[2] and 'href="/privacy"' in terms[2]


async def test_an_admins_folder_wins_file_by_file_and_escapes_what_it_shows(
    engine: AsyncEngine, core: Core, tmp_path: Path
) -> None:
    (tmp_path / "privacy.html").write_text("<h1>Acme's privacy notice</h1><p>{{ public_url }}</p>")
    odd_url = 'https://acme.example/"><script>alert(1)</script>'

    async for client in serve(engine, core, pages_dir=str(tmp_path), public_url=odd_url):
        privacy = await get(client, "/privacy")
        terms = await get(client, "/terms")  # no terms.html in the folder: the default

    assert privacy[0] == 200 and "<h1>Acme's privacy notice</h1>" in privacy[2]
    assert "&#34;&gt;&lt;script&gt;" in privacy[2] and "<script>" not in privacy[2]
    assert terms[0] == 200 and "<h1>Terms of use</h1>" in terms[2]


async def test_an_admins_page_can_use_the_shipped_layout(
    engine: AsyncEngine, core: Core, tmp_path: Path
) -> None:
    (tmp_path / "terms.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Acme terms</h1>{% endblock %}'
    )

    async for client in serve(engine, core, pages_dir=str(tmp_path)):
        status, _, text = await get(client, "/terms")

    assert status == 200 and "<h1>Acme terms</h1>" in text and 'href="/privacy"' in text


def test_a_broken_template_stops_start_up_naming_the_file(
    engine: AsyncEngine, core: Core, tmp_path: Path
) -> None:
    (tmp_path / "privacy.html").write_text("<h1>{{ oops </h1>")

    with pytest.raises(SettingsError, match=r"invalid page template \(.*privacy.html, line 1\)"):
        build_web_app(engine, core, pages_dir=str(tmp_path))


def test_kmbot_pages_dir_must_be_a_folder(tmp_path: Path) -> None:
    assert load_settings(pages_dir=str(tmp_path)).pages_dir == str(tmp_path)
    with pytest.raises(SettingsError, match="KMBOT_PAGES_DIR: must be a folder that exists"):
        load_settings(pages_dir=str(tmp_path / "missing"))


def test_the_privacy_link_is_where_kmbot_public_url_says() -> None:
    assert load_settings(public_url="https://kmbot.example.com/").privacy_url == PRIVACY
    assert load_settings(public_url="").privacy_url == ""


def test_the_teams_manifest_links_to_the_pages_kmbot_serves(
    engine: AsyncEngine, core: Core
) -> None:
    manifest = manifest_for("00000000-0000-0000-0000-000000000001", "kmbot.example.com")
    routes = {r.resource.canonical for r in build_web_app(engine, core).router.routes()}

    developer: Any = manifest["developer"]
    assert developer["privacyUrl"] == PRIVACY and "/privacy" in routes
    assert developer["termsOfUseUrl"] == "https://kmbot.example.com/terms" and "/terms" in routes


def test_a_prompt_says_where_to_read_how_answers_are_used() -> None:
    linked = prompt_message(7, CONTENT, privacy_url=PRIVACY)
    reminder = prompt_message(7, CONTENT, reminder=True, privacy_url=PRIVACY)

    assert linked.context[-1] == f"How your answers are used: {PRIVACY}"
    assert reminder.context[-1] == linked.context[-1]
    assert not any("answers are used" in line for line in prompt_message(7, CONTENT).context)


async def test_with_a_public_url_every_prompt_and_reminder_carries_the_link(
    engine: AsyncEngine, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    core = build_core(
        make_sessions(engine), clock, "UTC", {"memory": platform}, privacy_url=PRIVACY
    )
    await core.seed()
    await add_people(core, ("ana", "Europe/Lisbon"))
    await add_program(core)

    await advance_to(core, clock, datetime(2026, 3, 6, 16, tzinfo=UTC))  # prompt, then reminder

    sent = [s.message for s in platform.sent_to("ana")]
    assert len(sent) == 2 and "reminder" in sent[1].text
    assert all(m.context[-1] == f"How your answers are used: {PRIVACY}" for m in sent)
