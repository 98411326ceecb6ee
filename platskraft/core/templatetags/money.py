from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(value) -> str:
    """An amount in Swedish kronor, grouped the way the reader's language groups numbers."""
    if value in (None, ""):
        return ""
    amount = number_format(Decimal(value), 0, use_l10n=True, force_grouping=True)
    return _("%(amount)s SEK") % {"amount": amount}
