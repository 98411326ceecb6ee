""" "You said → we did": the sub-projects linked to an input, for the input's own page
(registered with `core.followups` in `apps.py`), one input at a time or a page of them."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.followups import FollowUp

from .models import Update
from .selectors.public import links_to, links_to_many, may_view, progress_of


def plan_followups(obj, user) -> list[FollowUp]:
    return _followups(links_to(obj), user)


def plan_followups_many(objs: list, user) -> dict[int, list[FollowUp]]:
    by_input: dict[int, list] = {obj.pk: [] for obj in objs}
    for link in links_to_many(objs):
        by_input[link.object_id].append(link)
    links = [link for found in by_input.values() for link in found]
    made = iter(_followups(links, user, keep_hidden=True))
    result = {pk: [] for pk in by_input}
    for pk, found in by_input.items():
        for _link in found:
            item = next(made)
            if item is not None:
                result[pk].append(item)
    return result


def _followups(links: list, user, *, keep_hidden: bool = False) -> list:
    """One FollowUp per link the user may see (None in its place with keep_hidden); the
    latest update of every sub-project in one query, each plan's progress once."""
    latest = dict(
        Update.objects.filter(sub_project__in={link.sub_project_id for link in links})
        .values("sub_project")
        .annotate(last=Max("date"))
        .values_list("sub_project", "last")
    )
    rollups: dict = {}
    found = []
    for link in links:
        sp = link.sub_project
        plan = sp.plan
        if not may_view(user, plan):
            if keep_hidden:
                found.append(None)
            continue
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
                progress=progress_of(sp, rollups),
                note=link.note,
                updated=latest.get(sp.pk),
            )
        )
    return found
