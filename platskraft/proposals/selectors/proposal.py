"""One channel or proposal as a visitor may see it, with its history, comments and participation."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.models import Municipality

from ..models import Channel, Comment, Proposal, StatusChange


def channel_list(*, municipality: Municipality, user) -> list[Channel]:
    channels = Channel.objects.filter(municipality=municipality).select_related(
        "process", "phase", "municipality"
    )
    return [c for c in channels if user.has_perm("proposals.view_channel", c)]


def staff_channels(*, municipality: Municipality) -> QuerySet[Channel]:
    """Every channel of the municipality for staff, with how many proposals each has."""
    return (
        Channel.objects.filter(municipality=municipality)
        .select_related("process", "phase")
        .annotate(proposal_total=Count("proposals"))
    )


def channel_get_for(request, pk: int) -> Channel:
    channel = get_scoped_or_404(
        Channel.objects.select_related("process", "phase", "municipality").prefetch_related(
            "categories"
        ),
        request.municipality,
        pk=pk,
    )
    if not request.user.has_perm("proposals.view_channel", channel):
        raise Http404
    return channel


def proposal_get_for(request, pk: int, perm: str = "proposals.view_proposal") -> Proposal:
    """The proposal if the visitor may see it (and do `perm`); otherwise 404 or log in."""
    proposal = get_scoped_or_404(
        Proposal.objects.select_related(
            "municipality",
            "channel__process",
            "channel__phase",
            "category",
            "department",
            "author",
            "handler",
        ),
        request.municipality,
        pk=pk,
    )
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    if perm != "proposals.view_proposal":
        require_perm(request, perm, proposal)
    return proposal


def proposal_history(proposal: Proposal) -> list[StatusChange]:
    return list(proposal.status_changes.all())


def proposal_comments(proposal: Proposal, *, include_hidden: bool = False) -> list[Comment]:
    """Top-level comments with their replies, oldest first."""
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    if not include_hidden:
        replies = replies.filter(is_hidden=False)
    queryset = (
        proposal.comments.filter(parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    if not include_hidden:
        queryset = queryset.filter(is_hidden=False)
    return list(queryset)


def participation_of(proposal: Proposal, user) -> dict:
    if not user.is_authenticated:
        return {"supports": False, "follows": False}
    return {
        "supports": proposal.supports.filter(user=user).exists(),
        "follows": proposal.follows.filter(user=user).exists(),
    }
