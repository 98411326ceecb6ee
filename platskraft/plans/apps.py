from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "platskraft.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from platskraft.core import activities, followups
        from platskraft.municipalities.signals import process_made_public

        from . import permissions  # noqa: F401 - registers the rules
        from .activities import plan_activities
        from .followups import plan_followups, plan_followups_many
        from .services.links import tell_untold_in_process

        activities.register(plan_activities)
        followups.register(plan_followups, many=plan_followups_many)
        process_made_public.connect(tell_untold_in_process, dispatch_uid="plans.tell_untold")
