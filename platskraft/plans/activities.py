"""Action plans as activities on a process page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.activities import Activity

from .models import Plan
from .selectors.public import may_view


def plan_activities(process, user) -> list[Activity]:
    """The process's action plans that the visitor may see, with their sub-projects' dates."""
    plans = Plan.objects.filter(process=process).select_related("process", "municipality")
    found = []
    for plan in plans:
        if not may_view(user, plan):
            continue
        dates = plan.sub_projects.exclude(start_date=None).order_by("start_date")
        first = dates.values_list("start_date", flat=True).first()
        last = plan.sub_projects.exclude(end_date=None).order_by("-end_date")
        found.append(
            Activity(
                kind=_("Action plan"),
                title=plan.title,
                url=reverse(
                    "plans:detail",
                    kwargs={"municipality_slug": process.municipality.slug, "pk": plan.pk},
                ),
                start=first,
                end=last.values_list("end_date", flat=True).first(),
            )
        )
    return found
