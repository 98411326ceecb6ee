"""RSS and Atom feeds of a plan's updates (Django's syndication framework), so residents
can follow a plan in a feed reader."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Plan, Update
from .selectors.public import plan_for_residents

FEED_LENGTH = 50


class UpdatesRss(Feed):
    def get_object(self, request, pk: int) -> Plan:
        return plan_for_residents(request, pk)

    def title(self, plan: Plan) -> str:
        return _("Updates: %(plan)s") % {"plan": plan.title}

    def link(self, plan: Plan) -> str:
        return reverse(
            "plans:detail", kwargs={"municipality_slug": plan.municipality.slug, "pk": plan.pk}
        )

    def description(self, plan: Plan) -> str:
        return _("What has happened in the sub-projects of %(plan)s, %(municipality)s.") % {
            "plan": plan.title,
            "municipality": plan.municipality.name,
        }

    def items(self, plan: Plan):
        return Update.objects.filter(sub_project__plan=plan).select_related(
            "sub_project__plan__municipality"
        )[:FEED_LENGTH]

    def item_title(self, update: Update) -> str:
        return f"{update.sub_project.code} {update.sub_project.title}"

    def item_description(self, update: Update) -> str:
        return update.text

    def item_link(self, update: Update) -> str:
        sp = update.sub_project
        url = reverse(
            "plans:sub_project",
            kwargs={
                "municipality_slug": sp.plan.municipality.slug,
                "pk": sp.plan_id,
                "sp_pk": sp.pk,
            },
        )
        return f"{url}#update-{update.pk}"

    def item_guid(self, update: Update) -> str:
        return f"plans-update-{update.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, update: Update) -> datetime:
        return timezone.make_aware(datetime.combine(update.date, time(12)))

    def item_updateddate(self, update: Update) -> datetime:
        return update.created_at


class UpdatesAtom(UpdatesRss):
    feed_type = Atom1Feed

    def subtitle(self, plan: Plan) -> str:
        return self.description(plan)
