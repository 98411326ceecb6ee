from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "platskraft.meetings"
    label = "meetings"
    verbose_name = _("Meetings and workshops")

    def ready(self) -> None:
        from platskraft.core import activities, process_panels

        from . import permissions  # noqa: F401 - registers the rules
        from .activities import meeting_activities, meeting_panels

        activities.register(meeting_activities)
        process_panels.register(meeting_panels)
