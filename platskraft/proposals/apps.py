from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "platskraft.proposals"
    label = "proposals"
    verbose_name = _("Citizen proposals")

    def ready(self) -> None:
        from platskraft.core import activities

        from . import (
            listing,
            permissions,  # noqa: F401 - registers the rules
        )
        from .selectors import channel_activities

        activities.register(channel_activities)
        listing.connect()
