"""Interviews and their passages as the staff pages show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ..models import Interview, Passage
from ..services.passages import is_in_place


def interview_list(municipality) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(municipality=municipality)
        .select_related("locality", "process")
        .annotate(passage_count=Count("passages"))
        .order_by("-date", "-pk")
    )


@dataclass
class PassageView:
    passage: Passage
    in_place: bool


def passages_of(interview: Interview) -> list[PassageView]:
    passages = (
        Passage.objects.filter(interview=interview)
        .prefetch_related("codes")
        .order_by("start", "pk")
    )
    return [PassageView(p, is_in_place(p, interview.notes)) for p in passages]
