"""Helpers shared by the staff pages: addresses, form errors, the safe `next` address."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"proposals:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def _next_url(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
