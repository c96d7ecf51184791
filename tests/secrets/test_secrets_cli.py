"""KMBOT_SECRET_KEY at the command line: production needs one, a bad one is named, rotation."""

from __future__ import annotations

import asyncio

import pytest
from cryptography.fernet import Fernet

from adapters.slack.installations import SealedInstallationStore
from bot.db.engine import make_engine
from bot.secrets.box import SecretBox
from tests.secrets.test_sealed_slack_tokens import TOKENS, installation, stored_rows
from tests.test_cli import isolated, one_line, run

__all__ = ["isolated"]  # the CLI tests' own database and environment, for each test here


def test_production_does_not_start_without_a_secret_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_ENV", "production")

    for command in (("serve",), ("jobs", "run", "outbox.dispatch")):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, "")
        assert one_line(err).startswith("KMBOT_SECRET_KEY is required when KMBOT_ENV=production")


def test_a_malformed_key_is_named_without_showing_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = Fernet.generate_key().decode()
    monkeypatch.setenv("KMBOT_SECRET_KEY", f"{good},not-a-key-at-all")

    code, _, err = run(capsys, "program", "list")

    assert code == 2
    assert one_line(err).startswith("invalid setting KMBOT_SECRET_KEY: key 2 is not a Fernet key")
    assert good not in err and "not-a-key-at-all" not in err


def test_secrets_rotate_re_encrypts_with_the_first_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated: str
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert run(capsys, "db", "upgrade")[0] == 0

    async def save_then_read(box: SecretBox, save: bool) -> tuple[str, str | None]:
        engine = make_engine(isolated)
        store = SealedInstallationStore("111.222", engine, box)
        if save:
            await store.async_save(installation())
        bot = await store.async_find_bot(enterprise_id=None, team_id="T-acme")
        rows = await stored_rows(engine)
        await engine.dispose()
        return rows, bot.bot_token if bot else None

    before, _ = asyncio.run(save_then_read(SecretBox([old]), save=True))
    monkeypatch.setenv("KMBOT_SECRET_KEY", f"{new},{old}")

    code, out, err = run(capsys, "secrets", "rotate")

    assert (code, err) == (0, "")
    assert out == (
        "re-encrypted 7 stored secret(s) with the first key; "
        "the other 1 key(s) can now be removed\n"
    )
    after, token = asyncio.run(save_then_read(SecretBox([new]), save=False))
    assert token == TOKENS[0] and after != before
    logged = run(capsys, "audit")[1].splitlines()[1:]
    assert [line.split("\t")[2] for line in logged] == ["secrets.rotate"]


def test_secrets_rotate_needs_a_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "secrets", "rotate")
    assert (code, out) == (2, "")
    assert one_line(err).startswith("KMBOT_SECRET_KEY is not set: there is no key to encrypt with")
