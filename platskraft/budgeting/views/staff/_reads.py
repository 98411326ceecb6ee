"""Reads for the staff pages: counts per status, district, channel; the paper sheets that
wait or conflict. Counts only: nothing here reads what a ballot says."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from ...models import (
    Ballot,
    District,
    PaperEntry,
    Project,
    ProjectStatus,
    Round,
    Stage,
    VoteEvent,
    VotingCode,
)

STAGES = list(Stage.values)


def round_list(*, municipality) -> list[Round]:
    return list(
        Round.objects.filter(municipality=municipality)
        .select_related("process")
        .annotate(
            project_count=Count("projects", distinct=True),
            approved_count=Count(
                "projects", filter=Q(projects__status=ProjectStatus.APPROVED), distinct=True
            ),
            district_count=Count("districts", distinct=True),
        )
        .order_by("-created_at")
    )


def status_counts(*, round: Round, district: District | None = None) -> dict[str, int]:
    projects = Project.objects.filter(round=round)
    if district is not None:
        projects = projects.filter(district=district)
    found = dict(projects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: found.get(status, 0) for status in ProjectStatus.values}


@dataclass
class DistrictRow:
    district: District | None
    projects: int = 0
    approved: int = 0
    codes: int = 0
    codes_used: int = 0
    ballots: int = 0

    @property
    def name(self) -> str:
        return self.district.name if self.district else ""

    @property
    def codes_unused(self) -> int:
        return self.codes - self.codes_used


def district_rows(*, round: Round) -> list[DistrictRow]:
    """One row per district (one for the whole round without districts), in order."""
    districts = list(round.districts.all())
    rows = {d.pk: DistrictRow(d) for d in districts} if districts else {None: DistrictRow(None)}

    def row(district_id):
        return rows.get(district_id) if districts else rows[None]

    for district_id, status, n in (
        Project.objects.filter(round=round)
        .values_list("district_id", "status")
        .annotate(n=Count("pk"))
        .values_list("district_id", "status", "n")
    ):
        if (found := row(district_id)) is not None:
            found.projects += n
            found.approved += n if status == ProjectStatus.APPROVED else 0
    for district_id, total, used in (
        VotingCode.objects.filter(round=round)
        .values("district_id")
        .annotate(total=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False)))
        .values_list("district_id", "total", "used")
    ):
        if (found := row(district_id)) is not None:
            found.codes += total
            found.codes_used += used
    for district_id, n in (
        Ballot.objects.filter(round=round)
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
    ):
        if (found := row(district_id)) is not None:
            found.ballots += n
    return list(rows.values())


@dataclass
class Sheet:
    sheet: str
    district: District | None
    entries: list[PaperEntry] = field(default_factory=list)

    @property
    def officials(self) -> list:
        return [e.entered_by for e in self.entries]


def paper_sheets(*, round: Round) -> dict[str, list[Sheet]]:
    """The sheets not yet counted: `conflict` (entries that differ) and `waiting` (one
    entry, waiting for a second official's); and how many sheets are `counted`."""
    entries = (
        PaperEntry.objects.filter(round=round)
        .select_related("entered_by", "district")
        .order_by("sheet", "entered_at")
    )
    sheets: dict[str, Sheet] = {}
    counted: set[str] = set()
    for entry in entries:
        if entry.counted:
            counted.add(entry.sheet)
        sheets.setdefault(entry.sheet, Sheet(entry.sheet, entry.district)).entries.append(entry)
    open_sheets = [s for key, s in sheets.items() if key not in counted]
    conflict = [
        s
        for s in open_sheets
        if len({(e.district_id, _canonical(e.choices)) for e in s.entries}) > 1
    ]
    waiting = [s for s in open_sheets if s not in conflict]
    return {"conflict": conflict, "waiting": waiting, "counted": len(counted)}


def _canonical(choices) -> tuple:
    return tuple(sorted((str(k), int(v)) for k, v in (choices or {}).items() if v))


def channel_counts(*, round: Round) -> list[tuple[str, str, int]]:
    """(channel, its label, ballots) for every channel, from the ballots themselves."""
    from ...models import Channel

    found = dict(
        Ballot.objects.filter(round=round)
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return [(value, label, found.get(value, 0)) for value, label in Channel.choices]


def event_counts(*, round: Round) -> list[tuple[str, int]]:
    """(event label, how many) for the kinds that occurred."""
    found = dict(
        VoteEvent.objects.filter(round=round)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [(label, found[value]) for value, label in VoteEvent.Kind.choices if value in found]


def events(*, round: Round):
    return VoteEvent.objects.filter(round=round).select_related("staff").order_by("-at", "-pk")
