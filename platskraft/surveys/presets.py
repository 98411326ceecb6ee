"""Ready-made answer options for the segment questions the analysis is broken down by,
and ready-made layers for map questions."""

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

# Map questions: a ready-made set of layers, as Kramfors's mental map asked them.
MAP_PRESETS = {"mental_map": _("Mental map (seven standard layers)")}


def mental_map_layers() -> list[dict]:
    """The seven standard layers of a mental map, worded in the active language."""

    def choices(*labels):
        return [{"value": i, "label": str(label)} for i, label in enumerate(labels, start=1)]

    why = str(_("Why?"))
    return [
        {
            "key": "visit",
            "label": str(_("Places I visit")),
            "help": str(_("Mark the places you often go to, and tell us why.")),
            "geometry": "point",
            "role": "visit",
            "min": 0,
            "max": 10,
            "choice_label": str(_("Why do you go there?")),
            "choices": choices(
                _("Shopping"),
                _("Work or school"),
                _("Leisure"),
                _("Visiting family and friends"),
                _("Services"),
                _("Other"),
            ),
            "text_label": str(_("Tell us more")),
        },
        {
            "key": "route",
            "label": str(_("My usual routes")),
            "help": str(_("Draw the ways you usually travel.")),
            "geometry": "line",
            "role": "route",
            "min": 0,
            "max": 5,
            "choice_label": str(_("How do you travel?")),
            "choices": choices(_("Walking"), _("Cycling"), _("Car"), _("Bus or train"), _("Other")),
        },
        {
            "key": "border",
            "label": str(_("Borders I feel")),
            "help": str(_("Draw a line or an area where you feel a border.")),
            "geometry": "line_area",
            "role": "boundary",
            "min": 0,
            "max": 5,
            "choice_label": str(_("What kind of border is it?")),
            "choices": choices(_("Physical"), _("Emotional")),
        },
        {
            "key": "landmark",
            "label": str(_("Landmarks")),
            "help": str(_("Mark the places everyone knows.")),
            "geometry": "point",
            "role": "landmark",
            "min": 0,
            "max": 5,
            "text_label": str(_("What is it called?")),
        },
        {
            "key": "pride",
            "label": str(_("Places I am proud of")),
            "help": "",
            "geometry": "point_area",
            "role": "pride",
            "min": 0,
            "max": 5,
            "text_label": why,
        },
        {
            "key": "avoid",
            "label": str(_("Places I avoid")),
            "help": "",
            "geometry": "point_area",
            "role": "avoid",
            "min": 0,
            "max": 5,
            "text_label": why,
        },
        {
            "key": "centre",
            "label": str(_("Where the centre is")),
            "help": str(_("Draw the area you think of as the centre.")),
            "geometry": "area",
            "role": "centre",
            "min": 0,
            "max": 1,
        },
    ]
