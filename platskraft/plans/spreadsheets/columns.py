"""The columns of the plan template: what each means, and the other names a file may use.

A workbook has a sheet `areas` (priority areas) and a sheet `sub_projects`; a CSV file
has the same two tables one after the other, each after a line `[areas]` or
`[sub_projects]`. The first row of each names the columns, in any order, by the codes
below (or their Swedish names). Funding is a pair of columns per financier,
`planned: <financier>` and `spent: <financier>`, in whole kronor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Status

AREAS = "areas"
SUB_PROJECTS = "sub_projects"
INSTRUCTIONS = "instructions"

SHEET_NAMES = {
    AREAS: {"areas", "area", "priority areas", "insatsområden", "insatsomraden", "områden"},
    SUB_PROJECTS: {"sub_projects", "sub-projects", "subprojects", "delprojekt", "insatser"},
}


@dataclass(frozen=True)
class Column:
    code: str
    label: object  # lazy text
    meaning: object
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()


AREA_COLUMNS = (
    Column("code", _("Code"), _("A short code, unique among the areas."), "1", True, ("kod",)),
    Column(
        "title", _("Title"), _("The area's name."), "Ett levande centrum", True, ("titel", "namn")
    ),
    Column(
        "description", _("Description"), _("What the area is about."), "", False, ("beskrivning",)
    ),
    Column(
        "goal", _("Goal"), _("What the area aims for."), "Fler besökare i centrum", False, ("mål",)
    ),
    Column(
        "indicator_target",
        _("Indicator target"),
        _("A measurable target, as text."),
        "200 fler boende till 2030",
        False,
        ("indikator", "målvärde", "indikatormål"),
    ),
)

SUB_PROJECT_COLUMNS = (
    Column(
        "code", _("Code"), _("A short code, unique among the sub-projects."), "1.1", True, ("kod",)
    ),
    Column(
        "area_code",
        _("Area code"),
        _(
            "The code of its priority area (in the file or in the plan). May be left out when it "
            "has a parent: it is then in its parent's area."
        ),
        "1",
        False,
        ("område", "områdeskod", "insatsområde"),
    ),
    Column(
        "parent_code",
        _("Parent code"),
        _("The code of the sub-project it is part of, if any."),
        "",
        False,
        ("del av", "förälder", "överordnat"),
    ),
    Column(
        "title",
        _("Title"),
        _("The sub-project's name."),
        "Nya bänkar vid ån",
        True,
        ("titel", "namn"),
    ),
    Column("description", _("Description"), _("What will be done."), "", False, ("beskrivning",)),
    Column(
        "owner",
        _("Owner"),
        _(
            "The name of the committee or department that owns it, as in the municipality's "
            "settings."
        ),
        "Tekniska nämnden",
        False,
        ("ägare", "nämnd", "förvaltning"),
    ),
    Column(
        "responsible",
        _("Responsible"),
        _("The person responsible."),
        "Kim Andersson",
        False,
        ("ansvarig",),
    ),
    Column(
        "start",
        _("Start"),
        _("Start date, YYYY-MM-DD."),
        "2026-03-01",
        False,
        ("startdatum", "från"),
    ),
    Column(
        "end",
        _("End"),
        _("End date, YYYY-MM-DD, not before the start."),
        "2026-11-30",
        False,
        ("slutdatum", "slut", "till"),
    ),
    Column(
        "status",
        _("Status"),
        _(
            "not started, ongoing, done, paused or cancelled (in Swedish or English). Empty: not "
            "started."
        ),
        "pågående",
        False,
        ("läge",),
    ),
    Column(
        "progress",
        _("Progress (%)"),
        _("0–100. Empty: rolled up from its milestones and parts."),
        "40",
        False,
        ("framsteg", "progress %", "klart %"),
    ),
    Column(
        "weight",
        _("Weight"),
        _("How much it counts in its area's progress. Empty: 1."),
        "1",
        False,
        ("vikt",),
    ),
)

PLANNED = "planned"
SPENT = "spent"
FUNDING_PREFIXES = {
    PLANNED: {"planned", "planerat", "budget", "budgeterat"},
    SPENT: {"spent", "förbrukat", "utfall", "använt"},
}

# What a status cell may say, lower case, in Swedish or English.
STATUS_WORDS = {
    Status.NOT_STARTED: {
        "not_started",
        "not started",
        "ej påbörjad",
        "ej påbörjat",
        "inte påbörjad",
        "inte påbörjat",
        "ej startad",
        "ej startat",
        "ej påbörjade",
        "planerad",
    },
    Status.ONGOING: {
        "ongoing",
        "in progress",
        "started",
        "pågående",
        "pågår",
        "påbörjad",
        "påbörjat",
    },
    Status.DONE: {
        "done",
        "completed",
        "finished",
        "klar",
        "klart",
        "genomförd",
        "genomfört",
        "avslutad",
        "avslutat",
        "slutförd",
        "slutfört",
    },
    Status.PAUSED: {"paused", "on hold", "pausad", "pausat", "vilande"},
    Status.CANCELLED: {
        "cancelled",
        "canceled",
        "avbruten",
        "avbrutet",
        "struken",
        "struket",
        "inställd",
        "inställt",
    },
}
STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}


def column_names(columns) -> dict[str, str]:
    """Every name a header may use (lower case) → the column's code."""
    names = {}
    for column in columns:
        names[column.code] = column.code
        names[column.code.replace("_", " ")] = column.code
        names[str(column.label).lower()] = column.code
        for alias in column.aliases:
            names[alias] = column.code
    return names


def funding_header(kind: str, financier: str) -> str:
    return f"{kind}: {financier}"


def area_header() -> list[str]:
    return [column.code for column in AREA_COLUMNS]


def sub_project_header(financiers) -> list[str]:
    header = [column.code for column in SUB_PROJECT_COLUMNS]
    for financier in financiers:
        header += [funding_header(PLANNED, financier), funding_header(SPENT, financier)]
    return header
