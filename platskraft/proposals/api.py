"""Public, read-only JSON API (v1) for residents' published proposals.

Only what the public pages show: published proposals in public channels, the name the
author chose to show (never an e-mail address or a user id), the case's status and
its public history. A list page costs three queries whatever its size (the
municipality, one count and one page of rows with their category, channel and
committee joined); a proposal costs three (municipality, proposal, history).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router
from pydantic import BaseModel as Schema
from pydantic import Field

from platskraft.municipalities.models import Municipality

from . import selectors
from .models import Status, StatusChange

PAGE_SIZE = 100

router = Router(tags=["proposals"])


class ChannelOut(Schema):
    id: int
    title: str


class CategoryOut(Schema):
    id: int
    name: str


class PlaceOut(Schema):
    name: str = Field(description="The place or address the author typed; may be empty.")
    lat: float | None = Field(description="Latitude (WGS 84) of the point on the map, if any.")
    lon: float | None = Field(description="Longitude (WGS 84) of the point on the map, if any.")


class ProposalOut(Schema):
    id: int
    title: str
    body: str = Field(description="The text as stored: cleaned HTML with basic formatting.")
    category: CategoryOut | None
    channel: ChannelOut
    status: str = Field(description="The case status: " + ", ".join(Status.values) + ".")
    status_label: str
    author: str | None = Field(description="The name the author shows; null when anonymous.")
    place: PlaceOut | None
    support_count: int
    comment_count: int
    published_at: datetime | None
    answered_at: datetime | None
    answer: str = Field(description="The municipality's official answer once decided.")
    department: str | None = Field(description="The committee or department handling it.")
    case_number: str
    url: str = Field(description="The proposal's page on the site.")


class ProposalPage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    items: list[ProposalOut]


class StatusChangeOut(Schema):
    date: datetime
    status: str
    status_label: str
    explanation: str
    department: str | None
    case_number: str


class ImageOut(Schema):
    url: str
    description: str


class ProposalDetailOut(ProposalOut):
    image: ImageOut | None
    history: list[StatusChangeOut]


FIELDS = (
    "pk",
    "title",
    "body",
    "category_id",
    "category__name",
    "channel_id",
    "channel__title",
    "status",
    "author_name",
    "is_anonymous",
    "place_name",
    "latitude",
    "longitude",
    "support_count",
    "comment_count",
    "published_at",
    "answered_at",
    "answer",
    "department__name",
    "case_number",
)


def _labels() -> dict[str, str]:
    return {value: str(label) for value, label in Status.choices}


def _detail_url(request, municipality: Municipality):
    """A function pk -> absolute URL of the proposal page, reversing only once."""
    marker = 987654321
    path = reverse(
        "proposals:detail", kwargs={"municipality_slug": municipality.slug, "pk": marker}
    )
    base = request.build_absolute_uri(path)
    before, after = base.rsplit(str(marker), 1)
    return lambda pk: f"{before}{pk}{after}"


def _item(row: dict, labels: dict[str, str], url) -> dict:
    has_point = row["latitude"] is not None and row["longitude"] is not None
    place = None
    if has_point or row["place_name"]:
        place = {
            "name": row["place_name"],
            "lat": row["latitude"] if has_point else None,
            "lon": row["longitude"] if has_point else None,
        }
    return {
        "id": row["pk"],
        "title": row["title"],
        "body": row["body"],
        "category": (
            {"id": row["category_id"], "name": row["category__name"]}
            if row["category_id"]
            else None
        ),
        "channel": {"id": row["channel_id"], "title": row["channel__title"]},
        "status": row["status"],
        "status_label": labels.get(row["status"], row["status"]),
        "author": None if row["is_anonymous"] or not row["author_name"] else row["author_name"],
        "place": place,
        "support_count": row["support_count"],
        "comment_count": row["comment_count"],
        "published_at": row["published_at"],
        "answered_at": row["answered_at"],
        "answer": row["answer"],
        "department": row["department__name"],
        "case_number": row["case_number"],
        "url": url(row["pk"]),
    }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get(
    "/municipalities/{slug}/proposals",
    response=ProposalPage,
    url_name="proposal_list",
    summary="Published proposals",
)
def proposal_list(
    request,
    slug: str,
    q: str = Query("", description="Words to search for in title, text and place."),
    category: int | None = Query(None, description="A category id."),
    status: Literal["", "decided", *Status.values] = Query(  # type: ignore[valid-type]
        "", description="A case status, or “decided” for every decided proposal."
    ),
    department: int | None = Query(None, description="A committee or department id."),
    channel: int | None = Query(None, description="A channel id."),
    place: Literal["", "yes", "no"] = Query(
        "", description="“yes”: only proposals with a point on the map; “no”: only without."
    ),
    sort: Literal[tuple(selectors.SORTS)] = Query(  # type: ignore[valid-type]
        "newest", description="newest, support (most supported first) or answered."
    ),
    page: int = Query(1, ge=1, description=f"Page number; {PAGE_SIZE} proposals per page."),
):
    """Published proposals of the municipality, newest first, 100 per page."""
    municipality = get_object_or_404(Municipality, slug=slug)
    filters = selectors.ProposalFilters.from_query(
        {
            "q": q,
            "category": str(category or ""),
            "status": status,
            "department": str(department or ""),
            "channel": str(channel or ""),
            "place": place,
            "sort": sort,
        }
    )
    queryset = selectors.proposal_list(municipality=municipality, filters=filters)
    count = queryset.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if page > pages:
        raise Http404("No such page")
    start = (page - 1) * PAGE_SIZE
    rows = queryset.values(*FIELDS)[start : start + PAGE_SIZE]
    labels, url = _labels(), _detail_url(request, municipality)
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": _page_url(request, page + 1) if page < pages else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "items": [_item(row, labels, url) for row in rows],
    }


@router.get(
    "/municipalities/{slug}/proposals/{proposal_id}",
    response=ProposalDetailOut,
    url_name="proposal_detail",
    summary="One published proposal with its case history",
)
def proposal_detail(request, slug: str, proposal_id: int):
    """A published proposal and every public step of its case, oldest first."""
    municipality = get_object_or_404(Municipality, slug=slug)
    row = (
        selectors.public_proposals(municipality)
        .filter(pk=proposal_id)
        .values(*FIELDS, "image", "image_description")
        .first()
    )
    if row is None:
        raise Http404("No such proposal")
    labels = _labels()
    item = _item(row, labels, _detail_url(request, municipality))
    item["image"] = None
    if row["image"]:
        path = reverse(
            "proposals:image", kwargs={"municipality_slug": municipality.slug, "pk": row["pk"]}
        )
        item["image"] = {
            "url": request.build_absolute_uri(path),
            "description": row["image_description"],
        }
    item["history"] = [
        {
            "date": change["created_at"],
            "status": change["new_status"],
            "status_label": labels.get(change["new_status"], change["new_status"]),
            "explanation": change["explanation"],
            "department": change["department_name"] or None,
            "case_number": change["case_number"],
        }
        for change in StatusChange.objects.filter(proposal_id=row["pk"])
        .order_by("created_at", "pk")
        .values("created_at", "new_status", "explanation", "department_name", "case_number")
    ]
    return item
