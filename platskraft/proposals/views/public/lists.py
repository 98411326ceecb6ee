"""Residents' lists of proposals: the list, the map and its GeoJSON, the answered feed,
my proposals and one channel's page."""

from __future__ import annotations

import dataclasses

from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from platskraft.core.text import strip_tags

from ... import listing, selectors
from ...models import Proposal, Status
from ...selectors import ProposalFilters
from ._common import _detail_url, _open_for_proposals, _url

PAGE_SIZE = 15
FEED_SIZE = 30


# --- helpers ------------------------------------------------------------------------------


def _status_choices() -> list[tuple[str, str]]:
    return [("decided", _("Decided (any decision)")), *Status.choices]


def _query_string(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filter_context(request, filters: ProposalFilters, channels=None) -> dict:
    return {
        "filters": filters,
        "choices": selectors.filter_choices(request.municipality, channels),
        "status_choices": _status_choices(),
        "sort_choices": [
            ("newest", _("Newest first")),
            ("support", _("Most supported")),
            ("answered", _("Recently answered")),
        ],
        "query_string": _query_string(request),
    }


def _day(moment) -> tuple[str, str]:
    """A moment as (ISO 8601 for `datetime=`, the local date in words), or two blanks."""
    if moment is None:
        return "", ""
    local = timezone.localtime(moment)
    return local.isoformat(), date_format(local, "j F Y")


def _list_item(request, proposal: Proposal, channel_titles: dict[int, str]) -> dict:
    """What one line of a proposal list shows, worked out here rather than in the template
    (the list is the most visited page: this halves its rendering time)."""
    published_iso, published = _day(proposal.published_at)
    answered_iso, answered = _day(proposal.answered_at)
    supports, comments = proposal.support_count, proposal.comment_count
    return {
        "pk": proposal.pk,
        "title": proposal.title,
        "url": _detail_url(request, proposal),
        "is_demo": proposal.is_demo,
        "status": proposal.status,
        "status_label": proposal.get_status_display(),
        "category": proposal.category.name if proposal.category_id else "",
        "channel": channel_titles.get(proposal.channel_id, ""),
        "author": proposal.author_name
        if proposal.author_name and not proposal.is_anonymous
        else _("Anonymous"),
        "published_iso": published_iso,
        "published": published,
        "department": proposal.department.name if proposal.department_id else "",
        "answered_iso": answered_iso,
        "answered": answered,
        "supports": ngettext("%(counter)s support", "%(counter)s supports", supports)
        % {"counter": supports},
        "comments": ngettext("%(counter)s comment", "%(counter)s comments", comments)
        % {"counter": comments},
    }


# --- lists, map and feed ------------------------------------------------------------------


@require_GET
def proposal_list(request):
    municipality = request.municipality
    filters = ProposalFilters.from_query(request.GET)
    channels = selectors.municipality_channels(municipality)

    def render_list() -> str:
        queryset = selectors.proposal_list(
            municipality=municipality, filters=filters, channels=channels
        )
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        context = _filter_context(request, filters, channels)
        titles = {c.pk: c.title for c in channels}
        items = [_list_item(request, proposal, titles) for proposal in page.object_list]
        return render_to_string(
            "proposals/includes/list_results.html",
            {
                "page": page,
                "items": items,
                "show_sort": True,
                "municipality": municipality,
                **context,
            },
            request=request,
        )

    return render(
        request,
        "proposals/proposal_list.html",
        {
            "results": listing.cached_list_part(request, render_list),
            "open_channels": [c for c in channels if _open_for_proposals(request.user, c)],
            "query_string": _query_string(request),
        },
    )


@require_GET
def proposal_map(request):
    filters = ProposalFilters.from_query(request.GET)
    points = selectors.map_points(municipality=request.municipality, filters=filters)
    labels = dict(Status.choices)
    for point in points:
        point["status_label"] = labels.get(point["status"], point["status"])
    context = _filter_context(request, filters)
    return render(request, "proposals/proposal_map.html", {"points": points, **context})


@require_GET
def proposal_map_data(request):
    """The placed proposals as a GeoJSON FeatureCollection (the same filters as the list)."""
    filters = ProposalFilters.from_query(request.GET)
    labels = dict(Status.choices)
    features = [
        {
            "type": "Feature",
            "id": point["pk"],
            "geometry": {"type": "Point", "coordinates": [point["longitude"], point["latitude"]]},
            "properties": {
                "title": point["title"],
                "status": point["status"],
                "status_label": str(labels.get(point["status"], point["status"])),
                "supports": point["support_count"],
                "place_name": point.get("place_name", ""),
                "url": _url(request, "detail", pk=point["pk"]),
            },
        }
        for point in selectors.map_points(municipality=request.municipality, filters=filters)
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


class AnsweredFeed(Feed):
    """Atom feed of the proposals that the municipality has answered, newest answer first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return request.municipality

    def title(self, obj) -> str:
        return _("Answered proposals – %(name)s") % {"name": obj.name}

    def subtitle(self, obj) -> str:
        return _("The official answers to residents' proposals in %(name)s.") % {"name": obj.name}

    def link(self, obj) -> str:
        return reverse("proposals:list", kwargs={"municipality_slug": obj.slug})

    def items(self, obj):
        filters = ProposalFilters(sort="answered")
        items = list(selectors.proposal_list(municipality=obj, filters=filters)[:FEED_SIZE])
        for item in items:
            item.municipality = obj  # already known: no query per item
        return items

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return strip_tags(item.answer)

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.answered_at

    def item_updateddate(self, item):
        return item.answered_at

    def item_author_name(self, item) -> str:
        return item.public_author or _("Anonymous")

    def item_categories(self, item):
        return [item.get_status_display()]


@login_required
@require_GET
def my_proposals(request):
    proposals = selectors.my_proposals(municipality=request.municipality, user=request.user)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    return render(request, "proposals/my_proposals.html", {"page": page})


@require_GET
def channel_detail(request, pk: int):
    channel = selectors.channel_get_for(request, pk)
    filters = dataclasses.replace(ProposalFilters.from_query(request.GET), channel=channel.pk)
    queryset = selectors.proposal_list(municipality=request.municipality, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [_list_item(request, p, {channel.pk: channel.title}) for p in page.object_list]
    is_open = _open_for_proposals(request.user, channel)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/channel_detail.html",
        {
            "channel": channel,
            "state": channel.state_on(timezone.localdate()).value,
            "is_open": is_open,
            "can_add": request.user.has_perm("proposals.add_proposal", channel),
            "guest_may_add": is_open and channel.allow_guests,
            "page": page,
            "items": items,
            "filters": filters,
            "query_string": query.urlencode(),
        },
    )
