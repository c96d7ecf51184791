"""Encryption of stored secrets with cryptography's MultiFernet, keyed by KMBOT_SECRET_KEY.

KMBOT_SECRET_KEY is one or more Fernet keys separated by commas: the first encrypts, every
one decrypts, so a new key goes first and an old one stays until `kmbot secrets rotate` has
re-encrypted everything with the new one. A sealed value is text starting with `fernet:`;
anything else is a value stored before a key was set, read as it is and sealed on rotation.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED = "fernet:"
GENERATE = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class SecretKeyError(ValueError):
    """KMBOT_SECRET_KEY is malformed or cannot open a stored secret (never shows a key)."""


def parse_keys(text: str) -> list[str]:
    """The comma-separated keys of `text`, each checked to be a Fernet key."""
    keys = [part.strip() for part in text.split(",") if part.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise SecretKeyError(
                f"key {position} is not a Fernet key (32 url-safe base64-encoded bytes; "
                f"generate one with {GENERATE})"
            ) from None
    return keys


class SecretBox:
    """Seals and opens secrets; the first key seals, any key opens."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise SecretKeyError("no key given")
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        self.keys = tuple(keys)

    @classmethod
    def from_setting(cls, text: str) -> SecretBox | None:
        """The box for KMBOT_SECRET_KEY's text; None when it is empty (no encryption)."""
        keys = parse_keys(text)
        return cls(keys) if keys else None

    def seal(self, value: str | None) -> str | None:
        """`value` encrypted with the first key (None stays None; a sealed value stays)."""
        if value is None or is_sealed(value):
            return value
        return SEALED + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        """The clear text of a sealed value (a value stored in clear is returned as it is)."""
        if value is None or not is_sealed(value):
            return value
        try:
            return self._fernet.decrypt(value.removeprefix(SEALED).encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored secret cannot be decrypted with any key in KMBOT_SECRET_KEY "
                "(was a key removed before `kmbot secrets rotate`?)"
            ) from None

    def reseal(self, value: str | None) -> str | None:
        """`value` encrypted with the first key, whatever key (or none) sealed it before."""
        if value is None:
            return None
        if not is_sealed(value):
            return self.seal(value)
        try:
            token = self._fernet.rotate(value.removeprefix(SEALED).encode())
        except InvalidToken:
            raise SecretKeyError(
                "a stored secret cannot be decrypted with any key in KMBOT_SECRET_KEY"
            ) from None
        return SEALED + token.decode()


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED)
