from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "platskraft.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities and processes")

    def ready(self) -> None:
        from . import permissions  # noqa: F401 - registers the rules
