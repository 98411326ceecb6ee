"""Reads for municipalities and processes, always scoped to one tenant first."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from platskraft.analysis import schedule
from platskraft.core.access import get_scoped_or_404, scoped

from .models import GovernanceGroup, Membership, Municipality, Phase, Process
from .models.process import ProcessStatus


def municipality_list(*, query: str = "", include_unlisted: bool = False) -> QuerySet:
    qs = Municipality.objects.select_related("county").annotate(
        public_processes=Count(
            "processes",
            filter=Q(processes__status__in=[ProcessStatus.PUBLISHED, ProcessStatus.CLOSED]),
        )
    )
    if not include_unlisted:
        qs = qs.filter(is_listed=True)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(county__name__icontains=query) | Q(code=query))
    return qs.order_by("county__code", "name")


def process_list(
    *, municipality: Municipality, status: str | None = None, public_only: bool = True
) -> QuerySet:
    qs = scoped(Process.objects.select_related("municipality"), municipality).prefetch_related(
        "phases"
    )
    if public_only:
        qs = qs.filter(status__in=[ProcessStatus.PUBLISHED, ProcessStatus.CLOSED])
    if status:
        qs = qs.filter(status=status)
    return qs


def process_get(*, municipality: Municipality, pk: int) -> Process:
    return get_scoped_or_404(
        Process.objects.select_related("municipality").prefetch_related(
            "phases",
            "financiers",
            Prefetch("groups", queryset=GovernanceGroup.objects.prefetch_related("members")),
        ),
        municipality,
        pk=pk,
    )


def process_get_for(request, pk: int) -> Process:
    """A process the requesting person may see; drafts are 404 to the public."""
    process = process_get(municipality=request.municipality, pk=pk)
    if not request.user.has_perm("municipalities.view_process", process):
        raise Http404
    return process


@dataclass(frozen=True)
class PhaseView:
    phase: Phase
    state: str  # schedule.State value
    elapsed: float


@dataclass(frozen=True)
class Timeline:
    phases: list[PhaseView]
    current: Phase | None
    upcoming: Phase | None


def process_timeline(process: Process, today: date | None = None) -> Timeline:
    today = today or timezone.localdate()
    phases = list(process.phases.all())
    spans = [p.span for p in phases]
    current = schedule.current_index(spans, today)
    upcoming = schedule.next_index(spans, today)
    return Timeline(
        phases=[
            PhaseView(p, schedule.span_state(s, today).value, schedule.elapsed_share(s, today))
            for p, s in zip(phases, spans, strict=True)
        ],
        current=phases[current] if current is not None else None,
        upcoming=phases[upcoming] if upcoming is not None else None,
    )


def financing_total(process: Process) -> Decimal:
    return sum((f.amount_sek for f in process.financiers.all()), Decimal(0))


def membership_list(*, municipality: Municipality) -> QuerySet:
    return scoped(Membership.objects.select_related("user", "department"), municipality)


@dataclass(frozen=True)
class MunicipalityOverview:
    municipality: Municipality
    drafts: int
    published: int
    closed: int
    financing: Decimal
    current_phases: list[tuple[Process, Phase]]


def programme_overview(today: date | None = None) -> list[MunicipalityOverview]:
    """One line per municipality for the national programme's observers."""
    today = today or timezone.localdate()
    municipalities = Municipality.objects.select_related("county").annotate(
        drafts=Count("processes", filter=Q(processes__status=ProcessStatus.DRAFT), distinct=True),
        published=Count(
            "processes", filter=Q(processes__status=ProcessStatus.PUBLISHED), distinct=True
        ),
        closed=Count("processes", filter=Q(processes__status=ProcessStatus.CLOSED), distinct=True),
        financing=Sum("processes__financiers__amount_sek"),
    )
    current = (
        Phase.objects.filter(start_date__lte=today, end_date__gte=today)
        .exclude(process__status=ProcessStatus.DRAFT)
        .select_related("process")
    )
    by_municipality: dict[int, list[tuple[Process, Phase]]] = {}
    for phase in current:
        by_municipality.setdefault(phase.process.municipality_id, []).append((phase.process, phase))
    return [
        MunicipalityOverview(
            municipality=m,
            drafts=m.drafts,
            published=m.published,
            closed=m.closed,
            financing=m.financing or Decimal(0),
            current_phases=by_municipality.get(m.pk, []),
        )
        for m in municipalities
    ]
