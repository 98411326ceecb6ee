"""Ready-made answer options for the segment questions the analysis is broken down by."""

from django.utils.translation import gettext_lazy as _

# The codes stay the same in every survey, so rounds and municipalities compare.
ROLE_OPTIONS = [
    (1, _("I live here")),
    (2, _("I am visiting")),
    (3, _("I commute here to work or study")),
    (4, _("I run a business here")),
]
AGE_OPTIONS = [
    (1, _("Under 20")),
    (2, _("20–29")),
    (3, _("30–44")),
    (4, _("45–64")),
    (5, _("65–79")),
    (6, _("80 or older")),
]
SEGMENTS = {
    "role": _("Who is answering (resident, visitor, commuter, business owner)"),
    "locality": _("Where in the municipality (from the list of localities)"),
    "age": _("Age band"),
}
