from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "platskraft.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from platskraft.core import activities

        from . import permissions  # noqa: F401 - registers the rules
        from .selectors.activities import survey_activities

        activities.register(survey_activities)
