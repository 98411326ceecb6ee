"""Keeping the rendered public list of proposals, and knowing when it is out of date.

The list of proposals is the page residents open most, and it is the same for everyone
who asks with the same filters in the same language: only the part above it (which
channels are open to this visitor) is personal. That list part is kept in Django's cache
under the municipality's `content_version`, which every change to what the list shows
raises in the same transaction as the change (the receivers below), so a kept copy is
never older than the data it was rendered from. Searches are not kept: their words are
too many to be worth it, and they are what a visitor types, not what many ask for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from platskraft.municipalities.models import Department, Municipality, Process
from platskraft.municipalities.services import municipality_content_changed

from .models import Category, Channel, Comment, Proposal, Support

KEEP_SECONDS = 15 * 60
LONGEST_QUERY = 300  # longer query strings are rendered every time, not kept


def cached_list_part(request, render: Callable[[], str]) -> str:
    """The list part for this request's municipality, language and query, kept or new."""
    municipality: Municipality = request.municipality
    query = sorted(request.GET.lists())
    if (
        request.GET.get("q", "").strip()
        or len(request.META.get("QUERY_STRING", "")) > LONGEST_QUERY
    ):
        return render()
    digest = hashlib.blake2b(repr(query).encode(), digest_size=12).hexdigest()
    key = (
        f"proposals:list:{municipality.pk}:{municipality.content_version}:{get_language()}:{digest}"
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, KEEP_SECONDS)
    return html


# --- what makes a kept list out of date -------------------------------------------------------


def _own(sender, instance, **kwargs) -> None:
    municipality_content_changed(municipality=instance.municipality_id)


def _through_proposal(sender, instance, **kwargs) -> None:
    municipality_content_changed(
        municipality=Proposal.objects.filter(pk=instance.proposal_id).values("municipality_id")
    )


def _through_channel(sender, instance, **kwargs) -> None:
    municipality_content_changed(
        municipality=Channel.objects.filter(pk=instance.channel_id).values("municipality_id")
    )


RECEIVERS = {
    # The proposals themselves; their counts (supports, comments); the names of their
    # channels, categories and committees; and a process, whose status decides whether
    # its channels are public.
    Proposal: _own,
    Channel: _own,
    Department: _own,
    Process: _own,
    Support: _through_proposal,
    Comment: _through_proposal,
    Category: _through_channel,
}


def connect() -> None:
    for model, receiver in RECEIVERS.items():
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"proposals-list-{model.__name__}")
