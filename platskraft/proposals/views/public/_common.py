"""Helpers shared by the residents' pages: log-in redirect, addresses, htmx, open channels."""

from __future__ import annotations

from django.urls import reverse

from ...models import Proposal
from ...permissions import channel_is_open, channel_is_public


def _url(request, name: str, **kwargs) -> str:
    return reverse(
        f"proposals:{name}", kwargs={"municipality_slug": request.municipality.slug, **kwargs}
    )


def _detail_url(request, proposal: Proposal, anchor: str = "") -> str:
    url = _url(request, "detail", pk=proposal.pk)
    return f"{url}#{anchor}" if anchor else url


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _open_for_proposals(user, channel) -> bool:
    return bool(channel_is_public(user, channel) and channel_is_open(user, channel))
