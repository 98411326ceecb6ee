"""Finding the survey and checking who may see its map analysis."""

from __future__ import annotations

from django.http import Http404

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.surveys.models import Survey

from ..selectors import Filters


def survey_of(request, pk: int) -> Survey:
    return get_scoped_or_404(
        Survey.objects.select_related("municipality", "previous_round", "process"),
        request.municipality,
        pk=pk,
    )


def staff_survey(request, pk: int, perm: str = "surveys.view_results") -> Survey:
    """Staff who may see the survey's results (the same as its results page)."""
    require_perm(request, "surveys.view_staff", request.municipality)
    survey = survey_of(request, pk)
    require_perm(request, perm, survey)
    return survey


def public_survey(request, pk: int) -> Survey:
    """The published analysis: only once the results are public (staff may look before)."""
    survey = survey_of(request, pk)
    if not request.user.has_perm("surveys.view_results", survey):
        raise Http404
    return survey


def filters_of(request, survey: Survey, *, staff: bool) -> Filters:
    return Filters.from_query(
        request.GET, threshold=survey.municipality.publication_threshold, staff=staff
    )
