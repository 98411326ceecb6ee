"""How often each code was given, by the respondent's segment or locality.

A code's row counts the passages given that code or any code below it, each passage
once even when several codes below apply, and the distinct interviews those passages
come from. Filters: process, kind of interview and a date range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from platskraft.surveys.models import Locality

from ..models import Interview, Passage, Segment
from .codebook import Node, ancestors, code_tree

BY_SEGMENT = "segment"
BY_LOCALITY = "locality"
NO_LOCALITY = "none"


@dataclass(frozen=True)
class Filters:
    process: object = None
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Column:
    key: str
    label: str
    interviews: int = 0  # interviews in this column (coded or not)


@dataclass
class Cell:
    column: Column | None  # None: the total
    passages: int = 0
    interviews: int = 0
    href: str = ""  # the passages behind the number, for those who may read them


@dataclass
class Row:
    node: Node
    cells: list[Cell]
    total: Cell


@dataclass
class Table:
    by: str
    columns: list[Column]
    rows: list[Row]
    interviews: int  # interviews that match the filters
    coded_interviews: int
    passages: int
    totals: list[Cell] = field(default_factory=list)


def interviews_matching(municipality, filters: Filters) -> QuerySet[Interview]:
    found = Interview.objects.filter(municipality=municipality)
    if filters.process is not None:
        found = found.filter(process=filters.process)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.date_from:
        found = found.filter(date__gte=filters.date_from)
    if filters.date_to:
        found = found.filter(date__lte=filters.date_to)
    return found


def column_key(by: str, segment: str, locality_id: int | None) -> str:
    if by == BY_SEGMENT:
        return segment
    return NO_LOCALITY if locality_id is None else str(locality_id)


def _columns(by: str, interviews: list[tuple[int, str, int | None]], municipality) -> list[Column]:
    present: dict[str, int] = {}
    for _pk, segment, locality_id in interviews:
        key = column_key(by, segment, locality_id)
        present[key] = present.get(key, 0) + 1
    if by == BY_SEGMENT:
        labels = [(value, label) for value, label in Segment.choices]
    else:
        places = Locality.objects.filter(
            municipality=municipality, pk__in=[int(k) for k in present if k != NO_LOCALITY]
        ).order_by("position", "name")
        labels = [(str(place.pk), place.name) for place in places]
        labels.append((NO_LOCALITY, _("Locality not given")))
    return [Column(key, str(label), present[key]) for key, label in labels if key in present]


def code_counts(municipality, *, by: str = BY_SEGMENT, filters: Filters = Filters()) -> Table:
    matching = interviews_matching(municipality, filters)
    interviews = list(matching.values_list("pk", "segment", "locality_id"))
    columns = _columns(by, interviews, municipality)
    column_of = {pk: column_key(by, segment, loc) for pk, segment, loc in interviews}
    chains = ancestors(municipality)
    coded = Passage.codes.through.objects.filter(passage__interview__in=matching).values_list(
        "code_id", "passage_id", "passage__interview_id"
    )
    passages: dict[tuple[int, str | None], set[int]] = {}
    sources: dict[tuple[int, str | None], set[int]] = {}
    all_passages: set[int] = set()
    all_interviews: set[int] = set()
    for code_id, passage_id, interview_id in coded:
        key = column_of[interview_id]
        all_passages.add(passage_id)
        all_interviews.add(interview_id)
        for code in chains.get(code_id, [code_id]):
            for where in ((code, key), (code, None)):
                passages.setdefault(where, set()).add(passage_id)
                sources.setdefault(where, set()).add(interview_id)

    def cell(code_pk: int, column: Column | None) -> Cell:
        where = (code_pk, column.key if column else None)
        return Cell(column, len(passages.get(where, ())), len(sources.get(where, ())))

    rows = [
        Row(node, [cell(node.code.pk, c) for c in columns], cell(node.code.pk, None))
        for node in code_tree(municipality)
    ]
    return Table(
        by=by,
        columns=columns,
        rows=rows,
        interviews=len(interviews),
        coded_interviews=len(all_interviews),
        passages=len(all_passages),
    )


def code_passages(
    municipality, *, code, filters: Filters = Filters(), by: str = "", column: str = ""
) -> list[Passage]:
    """The passages given `code` or a code below it, with their interviews' context."""
    below = {pk for pk, chain in ancestors(municipality).items() if code.pk in chain}
    interviews = interviews_matching(municipality, filters)
    if by == BY_SEGMENT and column:
        interviews = interviews.filter(segment=column)
    elif by == BY_LOCALITY and column == NO_LOCALITY:
        interviews = interviews.filter(locality__isnull=True)
    elif by == BY_LOCALITY and column.isdigit():
        interviews = interviews.filter(locality_id=int(column))
    return list(
        Passage.objects.filter(interview__in=interviews, codes__in=below)
        .distinct()
        .select_related("interview__locality", "interview__municipality")
        .prefetch_related("codes")
        .order_by("-interview__date", "interview_id", "start", "pk")
    )
