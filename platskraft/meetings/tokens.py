"""The random token of a registration's links (cancel, stop updates): only its keyed hash
is stored, so the database alone cannot cancel anyone's place."""

from __future__ import annotations

import secrets

from platskraft.core.privacy import keyed_hash

TOKEN_PURPOSE = "meeting-registration"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return keyed_hash(token, TOKEN_PURPOSE)
