"""Keyed hashes: enough to count and to notice repeats, useless to identify anyone."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def keyed_hash(value: str | None, purpose: str) -> str:
    """A hash of `value` keyed with the site's secret and a purpose; blank for blank."""
    if not value:
        return ""
    key = f"{settings.SECRET_KEY}:{purpose}".encode() if purpose else settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def ip_hash(address: str | None) -> str:
    """A keyed hash of an IP address."""
    return keyed_hash(address, "")


def request_ip_hash(request) -> str:
    return ip_hash(request.META.get("REMOTE_ADDR"))
