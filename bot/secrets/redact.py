"""No token or secret in a log line: every record's text is redacted as it is made.

A log record factory (so records from every library, to every handler, are covered) replaces
Slack tokens and webhook URLs, credentials by name (client_secret, refresh_token, …, in query
strings, form bodies and dict reprs) and every secret value registered with `redact_value`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "(redacted)"
MIN_SECRET_LENGTH = 6  # shorter values would blank out ordinary words
SLACK_TOKEN = re.compile(r"xox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+")
SLACK_WEBHOOK = re.compile(r"(https://hooks\.slack\.com/services/)[^\s'\"]+")
CREDENTIAL_NAMES = (
    "access_token|refresh_token|bot_token|user_token|client_secret|signing_secret|"
    "password|app_password|secret_key|code|token"
)
QUOTED_CREDENTIAL = re.compile(
    rf"""(['"](?:{CREDENTIAL_NAMES})['"]\s*:\s*\[?)(['"])(?:(?!\2).)*\2""", re.IGNORECASE
)
QUERY_CREDENTIAL = re.compile(rf"""([?&](?:{CREDENTIAL_NAMES})=)[^&\s'",}}]+""", re.IGNORECASE)
_known: set[str] = set()
_formatter = logging.Formatter()


def redact(text: str) -> str:
    """`text` with every token, credential value and registered secret replaced."""
    for secret in sorted(_known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = SLACK_TOKEN.sub(REDACTED, text)
    text = SLACK_WEBHOOK.sub(rf"\1{REDACTED}", text)
    text = QUOTED_CREDENTIAL.sub(rf"\1\2{REDACTED}\2", text)
    return QUERY_CREDENTIAL.sub(rf"\1{REDACTED}", text)


def redact_value(*secrets: str | None) -> None:
    """Register secret values (settings' credentials, keys) never to be logged."""
    _known.update(s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH)


def install_redaction() -> None:
    """Redact every log record from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "kmbot_redacting", False):
        return

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(_formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    make.kmbot_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make)
