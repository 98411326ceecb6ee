"""Reports for staff: a channel's ranking and the export of every sent proposal."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from platskraft.analysis import priority
from platskraft.municipalities.models import Municipality

from ..models import Channel, Proposal, Score, Visibility


def ranking(channel: Channel) -> list[tuple[priority.Ranked, Proposal]]:
    """The channel's published proposals ranked by criteria scores and residents' support."""
    criteria = list(channel.criteria.all())
    proposals = list(
        Proposal.objects.filter(channel=channel, visibility=Visibility.PUBLISHED).select_related(
            "category", "department"
        )
    )
    scores: dict[int, dict[int, int]] = {}
    for proposal_id, criterion_id, value in Score.objects.filter(
        proposal__channel=channel
    ).values_list("proposal_id", "criterion_id", "value"):
        scores.setdefault(proposal_id, {})[criterion_id] = value
    reasons: dict[tuple[int, int], str] = dict(
        ((p, c), r)
        for p, c, r in Score.objects.filter(proposal__channel=channel)
        .exclude(reason="")
        .values_list("proposal_id", "criterion_id", "reason")
    )
    ranked = priority.rank(
        [
            priority.ProposalIn(
                key=p.pk,
                title=p.title,
                support=p.support_count,
                scores=scores.get(p.pk, {}),
                order=p.pk,
            )
            for p in proposals
        ],
        [priority.CriterionIn(c.pk, c.name, c.weight) for c in criteria],
        channel.support_weight,
    )
    by_pk = {p.pk: p for p in proposals}
    for proposal in proposals:
        proposal.score_reasons = {c.name: reasons.get((proposal.pk, c.pk), "") for c in criteria}
    return [(row, by_pk[row.key]) for row in ranked]


EXPORT_COLUMNS = [
    "id",
    "url",
    "channel",
    "category",
    "title",
    "body",
    "author_name",
    "author_email",
    "is_anonymous",
    "visibility",
    "hidden_reason",
    "status",
    "department",
    "case_number",
    "handler",
    "response_due",
    "answer",
    "answered_at",
    "latitude",
    "longitude",
    "place_name",
    "support_count",
    "comment_count",
    "follower_count",
    "submitted_at",
    "published_at",
]


def export_rows(*, municipality: Municipality, site_url: str) -> Iterator[list]:
    """Every sent proposal of the municipality, one row each, columns as EXPORT_COLUMNS."""
    queryset = (
        Proposal.objects.filter(municipality=municipality)
        .exclude(visibility=Visibility.DRAFT)
        .select_related("channel", "category", "department", "handler", "author")
        .order_by("pk")
    )
    for p in queryset.iterator(chunk_size=500):
        p.municipality = municipality
        yield [
            p.pk,
            site_url + p.get_absolute_url(),
            p.channel.title,
            p.category.name if p.category_id else "",
            p.title,
            p.body,
            p.author_name or (p.author.display_name if p.author_id else ""),
            p.author.email if p.author_id else p.guest_email,
            p.is_anonymous,
            p.visibility,
            p.hidden_reason,
            p.status,
            p.department.name if p.department_id else "",
            p.case_number,
            p.handler.display_name if p.handler_id else "",
            p.response_due.isoformat() if p.response_due else "",
            p.answer,
            _iso(p.answered_at),
            p.latitude if p.latitude is not None else "",
            p.longitude if p.longitude is not None else "",
            p.place_name,
            p.support_count,
            p.comment_count,
            p.follower_count,
            _iso(p.submitted_at),
            _iso(p.published_at),
        ]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
