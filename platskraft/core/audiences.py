"""Who took part: the audiences a meeting invites and counts, and an interview's segment."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    BUSINESSES = "businesses", _("Businesses")
    ASSOCIATIONS = "associations", _("Associations")
    POLITICIANS = "politicians", _("Politicians")
    OFFICIALS = "officials", _("Officials")
    AMBASSADORS = "ambassadors", _("Ambassadors")
