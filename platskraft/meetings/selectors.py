"""Reads about meetings: the public calendar with its filters, one meeting for a visitor,
staff lists, registrations, attendance and the summary a process page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from platskraft.core.access import get_scoped_or_404
from platskraft.core.audiences import Audience

from .models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
    Registration,
    RegistrationStatus,
)

PUBLIC_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class CalendarFilters:
    """The calendar's filters, read from the query string; anything unknown is ignored."""

    when: str = "upcoming"  # upcoming | past
    kind: str = ""
    audience: str = ""
    process: int | None = None
    month: str = ""  # YYYY-MM

    @classmethod
    def from_query(cls, query, *, process_ids=()) -> CalendarFilters:
        when = query.get("when", "")
        kind = query.get("kind", "")
        audience = query.get("audience", "")
        process = query.get("process", "")
        month = query.get("month", "")
        return cls(
            when="past" if when == "past" else "upcoming",
            kind=kind if kind in MeetingKind.values else "",
            audience=audience if audience in Audience.values else "",
            process=int(process) if process.isdigit() and int(process) in process_ids else None,
            month=month if MONTH.match(month) else "",
        )

    def query_items(self, *, with_when: bool = True) -> list[tuple[str, str]]:
        items = [("when", self.when)] if with_when and self.when != "upcoming" else []
        items += [
            (name, str(value))
            for name, value in (
                ("kind", self.kind),
                ("audience", self.audience),
                ("process", self.process or ""),
                ("month", self.month),
            )
            if value
        ]
        return items

    @property
    def any(self) -> bool:
        return bool(self.kind or self.audience or self.process or self.month)


FEED_PAST = timedelta(days=365)  # how far back the iCal feed reaches


def with_audience(queryset: QuerySet, audience: str) -> QuerySet:
    """Meetings whose list of audiences holds `audience` (the JSON text holds it quoted;
    values come from a fixed list, so this matches exactly on SQLite and PostgreSQL)."""
    return queryset.filter(audiences__icontains=f'"{audience}"')


def public_meetings(municipality) -> QuerySet:
    return Meeting.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)


def filtered(queryset: QuerySet, filters: CalendarFilters) -> QuerySet:
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.audience:
        queryset = with_audience(queryset, filters.audience)
    if filters.process:
        queryset = queryset.filter(process_id=filters.process)
    if filters.month:
        year, month = (int(p) for p in filters.month.split("-"))
        start = timezone.make_aware(datetime(year, month, 1))
        end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
        queryset = queryset.filter(starts_at__gte=start, starts_at__lt=end)
    return queryset


def calendar(municipality, filters: CalendarFilters) -> QuerySet:
    """The municipality's public meetings: upcoming (not yet ended) soonest first, or past
    latest first."""
    now = timezone.now()
    queryset = filtered(public_meetings(municipality), filters).select_related(
        "process", "municipality"
    )
    if filters.when == "past":
        return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")


def feed(municipality, filters: CalendarFilters) -> QuerySet:
    """What the iCal feed carries: the same filters, upcoming and of the last year,
    published or cancelled (never drafts)."""
    since = timezone.now() - FEED_PAST
    return (
        filtered(public_meetings(municipality), filters)
        .filter(ends_at__gte=since)
        .select_related("municipality")
        .order_by("starts_at", "pk")
    )


def calendar_processes(municipality) -> QuerySet:
    from platskraft.municipalities.models import Process
    from platskraft.municipalities.models.process import ProcessStatus

    return Process.objects.filter(
        municipality=municipality,
        status__in=[ProcessStatus.PUBLISHED, ProcessStatus.CLOSED],
        pk__in=public_meetings(municipality).values("process"),
    ).order_by("title")


def by_month(meetings) -> list[tuple[date, list[Meeting]]]:
    """Meetings grouped by the month they start in (local time), in the order given."""
    groups: list[tuple[date, list[Meeting]]] = []
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        month = date(local.year, local.month, 1)
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(meeting)
    return groups


def meeting_get_for(request, pk: int) -> Meeting:
    """A meeting the visitor may see; drafts are 404 to the public (and another
    municipality's meeting is 404 to everyone)."""
    meeting = get_scoped_or_404(
        Meeting.objects.select_related("municipality", "process", "phase"),
        request.municipality,
        pk=pk,
    )
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


def staff_meetings(municipality, *, show: str, process: int | None = None, kind: str = ""):
    now = timezone.now()
    queryset = Meeting.objects.filter(municipality=municipality).select_related("process")
    if process:
        queryset = queryset.filter(process_id=process)
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = queryset.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )
    if show == "drafts":
        return queryset.filter(status=MeetingStatus.DRAFT).order_by("starts_at", "pk")
    queryset = queryset.exclude(status=MeetingStatus.DRAFT)
    if show == "past":
        return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")


def registration_counts(meeting: Meeting) -> dict[str, int]:
    rows = (
        Registration.objects.filter(meeting=meeting)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update(dict(rows))
    return counts


def registrations(meeting: Meeting, *, status: str | None = None) -> QuerySet:
    queryset = Registration.objects.filter(meeting=meeting)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "pk")


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.all())


def attendance_total(meeting: Meeting) -> int:
    return meeting.attendance.aggregate(total=Sum("count"))["total"] or 0


@dataclass
class HeldMeeting:
    meeting: Meeting
    attendance: list[Attendance] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(a.count for a in self.attendance)


@dataclass
class ProcessSummary:
    held: list[HeldMeeting]  # the latest PANEL_SHOWN, newest first
    held_count: int  # all of them
    by_audience: list[tuple[str, int]]  # (label, participants) over all meetings
    total: int
    outcome_count: int

    @property
    def more(self) -> int:
        return self.held_count - len(self.held)


PANEL_SHOWN = 10


def process_summary(process) -> ProcessSummary:
    """The meetings of a process that have been held and whose record is published:
    participants by audience and outcomes over all of them, the latest shown in full."""
    meetings = Meeting.objects.filter(
        process=process,
        status=MeetingStatus.PUBLISHED,
        minutes_published_at__isnull=False,
        starts_at__lte=timezone.now(),
    )
    latest = (
        meetings.select_related("municipality")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.order_by("audience")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("position", "pk")),
        )
        .order_by("-starts_at", "-pk")[:PANEL_SHOWN]
    )
    held = [HeldMeeting(m, list(m.attendance.all()), list(m.outcomes.all())) for m in latest]
    totals = dict(
        Attendance.objects.filter(meeting__in=meetings)
        .values("audience")
        .annotate(n=Sum("count"))
        .values_list("audience", "n")
    )
    labels = dict(Audience.choices)
    by_audience = [(str(labels[a]), totals[a]) for a in Audience.values if totals.get(a)]
    return ProcessSummary(
        held=held,
        held_count=meetings.count() if len(held) == PANEL_SHOWN else len(held),
        by_audience=by_audience,
        total=sum(totals.values()),
        outcome_count=Outcome.objects.filter(meeting__in=meetings).count(),
    )
