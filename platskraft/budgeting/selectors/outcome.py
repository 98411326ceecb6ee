"""Reads for counting and for the results pages.

`count_groups` turns a round's ballots into one points matrix per district (or one for
the whole round) in a single query; the outcome service hands each to the pure rules in
`platskraft.analysis.budgeting`. The other functions find the outcome to show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import Ballot, District, Outcome, PaperEntry, Project, ProjectStatus, Round


@dataclass
class CountGroup:
    """What one district (or the whole round) counts: its approved projects in number
    order, its budget, and the ballots as a voters × projects matrix of points."""

    district: District | None
    budget: int
    projects: list[Project]
    points: np.ndarray  # (voters, projects); 1 for an approval, points for cumulative ballots

    @property
    def name(self) -> str:
        return self.district.name if self.district else ""


def _matrix(choices_list: list[dict], projects: list[Project]) -> np.ndarray:
    column = {str(p.pk): j for j, p in enumerate(projects)}
    points = np.zeros((len(choices_list), len(projects)), dtype=np.int64)
    for i, choices in enumerate(choices_list):
        for key, value in (choices or {}).items():
            j = column.get(str(key))
            if j is not None and value:
                points[i, j] = int(value)
    return points


def count_groups(*, round: Round) -> list[CountGroup]:
    """One group per district that has approved projects (the whole round when it has no
    districts). Every ballot of a district is a voter there, also one that chose none of
    the projects (it still holds its equal share in the Method of Equal Shares)."""
    districts = list(round.districts.all())
    approved = list(
        Project.objects.filter(round=round, status=ProjectStatus.APPROVED).order_by("number")
    )
    by_district: dict[int | None, list[dict]] = {}
    for district_id, choices in Ballot.objects.filter(round=round).values_list(
        "district_id", "choices"
    ):
        by_district.setdefault(district_id, []).append(choices)
    if not districts:
        everyone = [c for ballots in by_district.values() for c in ballots]
        return [CountGroup(None, round.budget_sek, approved, _matrix(everyone, approved))]
    groups = []
    for district in districts:
        projects = [p for p in approved if p.district_id == district.pk]
        if not projects:
            continue
        ballots = by_district.get(district.pk, [])
        groups.append(
            CountGroup(district, district.budget_sek, projects, _matrix(ballots, projects))
        )
    return groups


def paper_sheets_waiting(*, round: Round) -> int:
    """Paper sheets entered but not counted (waiting for a second entry, or differing)."""
    waiting = set(
        PaperEntry.objects.filter(round=round, counted=False).values_list("sheet", flat=True)
    )
    counted = set(
        PaperEntry.objects.filter(round=round, counted=True).values_list("sheet", flat=True)
    )
    return len(waiting - counted)


def latest_outcome(*, round: Round) -> Outcome | None:
    return Outcome.objects.filter(round=round).select_related("computed_by").first()


def published_outcome(*, round: Round) -> Outcome | None:
    return Outcome.objects.filter(round=round, published_at__isnull=False).first()
