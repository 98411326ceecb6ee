from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "platskraft.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from platskraft.core import activities, followups

        from . import permissions  # noqa: F401 - registers the rules
        from .activities import plan_activities
        from .followups import plan_followups, plan_followups_many

        activities.register(plan_activities)
        followups.register(plan_followups, many=plan_followups_many)
