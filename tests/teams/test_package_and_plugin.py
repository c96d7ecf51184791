"""The Teams app package, the CLI command that writes it, and the plugin's start-up rules."""

from __future__ import annotations

import json
import logging
import struct
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.teams.app import TeamsPlugin, install_teams
from adapters.teams.package import PackageError, write_package
from adapters.teams.platform import TeamsPlatform
from adapters.teams.settings import TeamsSettings
from bot.bootstrap import platform_plugins
from bot.cli import main
from bot.core import Core, PluginResources
from bot.inbound.admin_chat import ADMIN_WORDS
from bot.inbound.command_parsing import MEMBER_COMMANDS
from bot.settings import SettingsError, load_settings

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "platforms"
if not SCHEMAS.is_dir():  # the repository may be checked out elsewhere
    SCHEMAS = Path("/work/shared/schemas/platforms")
TEAMS_SCHEMA = SCHEMAS / "MicrosoftTeams.schema-1.17.json"


def test_the_package_holds_a_filled_manifest_and_both_icons(tmp_path: Path) -> None:
    target = write_package(tmp_path / "kmbot.zip", APP_ID, "kmbot.example.com", "1.2.0")

    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("color.png").startswith(b"\x89PNG")
    [bot] = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID and manifest["version"] == "1.2.0"
    assert bot["scopes"] == ["personal", "team"]
    personal = {c["title"] for c in bot["commandLists"][0]["commands"]}
    commands = {usage.split()[0] for usage in MEMBER_COMMANDS} | set(ADMIN_WORDS)
    assert personal <= commands and len(personal) == 10  # Teams lists at most 10
    assert {"help", "status", "share", "pause", "tz", "program", "sync"} <= personal
    assert "{{" not in json.dumps(manifest)


def rgba_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA pixels of an 8-bit RGBA PNG whose rows are unfiltered (what
    adapters/teams/manifest/icons.py writes)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 6), "8-bit RGBA"
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows), "unfiltered rows"
    return width, height, [row[1 + 4 * x : 5 + 4 * x] for row in rows for x in range(width)]


def test_the_package_is_valid_against_the_teams_schema_of_its_version(tmp_path: Path) -> None:
    schema = json.loads(TEAMS_SCHEMA.read_text())
    target = write_package(tmp_path / "kmbot.zip", APP_ID, "kmbot.example.com", "1.2.0")
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    validator = jsonschema.Draft4Validator(schema)

    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(manifest)] == []
    # draft-04 has no `const`: the schema's manifestVersion is checked by hand
    assert manifest["manifestVersion"] == schema["properties"]["manifestVersion"]["const"]
    assert manifest["$schema"].endswith("/json-schemas/teams/v1.17/MicrosoftTeams.schema.json")
    assert list(validator.iter_errors({**manifest, "bots": [{"scopes": ["personal"]}]}))
    # root-icons: color "a full color 192x192 PNG"; outline "a transparent 32x32 PNG",
    # drawn in white only
    assert rgba_pixels(color)[:2] == (192, 192)
    width, height, pixels = rgba_pixels(outline)
    assert (width, height) == (32, 32)
    assert {p[3] for p in pixels} >= {0, 255}  # transparent around the drawing
    assert {p[:3] for p in pixels if p[3]} == {b"\xff\xff\xff"}


def test_a_package_without_a_real_app_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="not a GUID"):
        write_package(tmp_path / "kmbot.zip", "", "kmbot.example.com")


def test_kmbot_teams_package_writes_the_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.zip"

    status = main(
        [
            "teams-package",
            "--app-id",
            APP_ID,
            "--host",
            "kmbot.example.com",
            "--output",
            str(target),
        ]
    )

    assert status == 0 and zipfile.is_zipfile(target)
    assert "wrote" in capsys.readouterr().out


def test_teams_joins_the_platform_plugins() -> None:
    assert "teams" in {plugin.name for plugin in platform_plugins()}


def test_teams_is_configured_by_an_app_id_or_by_asking_for_the_emulator() -> None:
    assert not TeamsPlugin(TeamsSettings()).configured()
    assert TeamsPlugin(TeamsSettings(emulator=True)).configured()
    assert TeamsPlugin(TeamsSettings(app_id=APP_ID, app_password="x")).configured()


def test_emulator_mode_is_loud_and_refused_in_production(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        install_teams(web.Application(), core, TeamsSettings(emulator=True))
    assert "EMULATOR MODE" in caplog.text

    with pytest.raises(SettingsError, match="production"):
        install_teams(web.Application(), core, TeamsSettings(emulator=True), env="production")


def test_the_plugin_reads_kmbot_env_from_the_settings_the_server_lends_it(
    core: Core, engine: AsyncEngine
) -> None:
    plugin = TeamsPlugin(TeamsSettings(emulator=True))
    development = PluginResources(engine, load_settings(env="development"))
    production = PluginResources(engine, load_settings(env="production"))

    assert isinstance(plugin.install(web.Application(), core, development), TeamsPlatform)
    with pytest.raises(SettingsError, match="production"):
        plugin.install(web.Application(), core, production)


def test_incomplete_credentials_are_refused_at_start(core: Core) -> None:
    with pytest.raises(SettingsError, match="MicrosoftAppPassword"):
        install_teams(web.Application(), core, TeamsSettings(app_id=APP_ID))
    with pytest.raises(SettingsError, match="MicrosoftAppType"):
        install_teams(
            web.Application(),
            core,
            TeamsSettings(app_id=APP_ID, app_password="x", app_type="Personal"),
        )
