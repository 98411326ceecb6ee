""" "You said → we did": the sub-projects linked to an input, for the input's own page
(registered with `core.followups` in `apps.py`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.followups import FollowUp

from .selectors.public import links_to, may_view, progress_of


def plan_followups(obj, user) -> list[FollowUp]:
    found = []
    for link in links_to(obj):
        sp = link.sub_project
        plan = sp.plan
        if not may_view(user, plan):
            continue
        latest = sp.updates.values_list("date", flat=True).first()
        found.append(
            FollowUp(
                kind=_("Action plan"),
                title=f"{sp.code} {sp.title}",
                url=reverse(
                    "plans:sub_project",
                    kwargs={
                        "municipality_slug": plan.municipality.slug,
                        "pk": plan.pk,
                        "sp_pk": sp.pk,
                    },
                ),
                context=_("%(plan)s · priority area %(area)s")
                % {
                    "plan": plan.title,
                    "area": f"{sp.area.code}. {sp.area.title}",
                },
                status=sp.status,
                status_label=str(sp.get_status_display()),
                progress=progress_of(sp),
                note=link.note,
                updated=latest,
            )
        )
    return found
