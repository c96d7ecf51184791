"""The dashboard's session: an encrypted cookie (aiohttp-session with cryptography's
Fernet), HttpOnly, SameSite=Lax, Secure behind https, and a CSRF token per session.

The key is derived (HKDF-SHA256) from KMBOT_SECRET_KEY; without it each process makes a
random key at start, so sessions end when kmbot restarts and replicas do not share them
(fine on a laptop; production sets KMBOT_SECRET_KEY).
"""

from __future__ import annotations

import hmac
import os
import secrets
from datetime import timedelta

from aiohttp import web
from aiohttp_session import Session, get_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

COOKIE = "kmbot_dashboard"
LIFETIME = timedelta(hours=8)
MEMBER = "member"
CSRF = "csrf"


def session_key(secret: str) -> bytes:
    """32 bytes for Fernet: derived from `secret`, or random when there is none."""
    if not secret:
        return os.urandom(32)
    info = b"kmbot dashboard session cookie"
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


def cookie_storage(secret: str, public_url: str) -> EncryptedCookieStorage:
    return EncryptedCookieStorage(
        session_key(secret),
        cookie_name=COOKIE,
        max_age=int(LIFETIME.total_seconds()),
        path="/dashboard",
        httponly=True,
        samesite="Lax",
        secure=public_url.startswith("https://"),
    )


def csrf_of(session: Session) -> str:
    """The session's CSRF token, made on first use."""
    token = session.get(CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF] = token
    return token


async def check_csrf(request: web.Request) -> dict[str, str]:
    """The posted form, once its CSRF token matches the session's; 403 otherwise."""
    form = {key: str(value) for key, value in (await request.post()).items()}
    expected = (await get_session(request)).get(CSRF)
    sent = form.get(CSRF, "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, sent):
        raise web.HTTPForbidden(text="This form has expired: reload the page and try again.")
    return form
