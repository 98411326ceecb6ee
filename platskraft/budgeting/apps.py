from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "platskraft.budgeting"
    label = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        from platskraft.core import activities

        from . import permissions  # noqa: F401 - registers the rules
        from .activities import round_activities

        activities.register(round_activities)
