"""Surveys as activities on a process page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.activities import Activity

from ..models import Survey


def survey_activities(process, user) -> list[Activity]:
    """The process's surveys that the visitor may see, with their dates."""
    surveys = Survey.objects.filter(process=process).select_related("municipality")
    return [
        Activity(
            kind=_("Survey"),
            title=survey.title,
            url=reverse(
                "surveys:detail",
                kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk},
            ),
            start=timezone.localdate(survey.opens_at) if survey.opens_at else None,
            end=timezone.localdate(survey.closes_at) if survey.closes_at else None,
        )
        for survey in surveys
        if user.has_perm("surveys.view_survey", survey)
    ]
