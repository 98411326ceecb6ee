from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "platskraft.interviews"
    label = "interviews"
    verbose_name = _("Interviews and focus-group notes")

    def ready(self) -> None:
        from . import permissions  # noqa: F401 - registers the rules
