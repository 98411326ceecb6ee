"""Writing a plan, or the empty template, as XLSX or CSV in the template's columns.

Texts go through the formula guard (`core.spreadsheets.safe_cell`), which the import
takes off again, so an export read back is the same plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from platskraft.core.spreadsheets import XLSX_TYPE, safe_cell
from platskraft.surveys.exports import CSV_TYPE, Workbook, csv_chunks

from ..models import Funding, Plan, PriorityArea, SubProject
from .columns import (
    AREA_COLUMNS,
    AREAS,
    INSTRUCTIONS,
    PLANNED,
    SPENT,
    SUB_PROJECT_COLUMNS,
    SUB_PROJECTS,
    area_header,
    funding_header,
    sub_project_header,
)

__all__ = ["CSV_TYPE", "XLSX_TYPE", "plan_csv", "plan_tables", "plan_xlsx", "template_tables"]


def _safe(row: list) -> list:
    return [safe_cell(value) for value in row]


def _weight(value) -> int | float:
    return int(value) if value == int(value) else float(value)


def plan_tables(plan: Plan) -> dict[str, list[list]]:
    """The plan's areas and sub-projects as rows (header first), in the template's columns."""
    areas = list(PriorityArea.objects.filter(plan=plan).order_by("position", "code"))
    area_codes = {area.pk: area.code for area in areas}
    sub_projects = list(
        SubProject.objects.filter(plan=plan)
        .select_related("owner", "parent")
        .order_by("area__position", "area__code", "position", "code")
    )
    funding: dict[int, dict[str, Funding]] = {}
    for row in Funding.objects.filter(sub_project__plan=plan):
        funding.setdefault(row.sub_project_id, {})[row.financier] = row
    financiers = sorted({name for rows in funding.values() for name in rows})
    area_rows = [area_header()] + [
        _safe([a.code, a.title, a.description, a.goal, a.indicator_target]) for a in areas
    ]
    sub_rows = [sub_project_header(financiers)]
    for s in sub_projects:
        row = [
            s.code,
            area_codes.get(s.area_id, ""),
            s.parent.code if s.parent else "",
            s.title,
            s.description,
            s.owner.name if s.owner else "",
            s.responsible,
            s.start_date.isoformat() if s.start_date else "",
            s.end_date.isoformat() if s.end_date else "",
            s.status,
            "" if s.progress is None else s.progress,
            _weight(s.weight),
        ]
        mine = funding.get(s.pk, {})
        for financier in financiers:
            row += (
                [mine[financier].planned_sek, mine[financier].spent_sek]
                if financier in mine
                else ["", ""]
            )
        sub_rows.append(_safe(row))
    return {AREAS: area_rows, SUB_PROJECTS: sub_rows}


def template_tables(financiers=("Kommunen",)) -> dict[str, list[list]]:
    """The empty template: the headers, with one pair of funding columns per financier."""
    return {AREAS: [area_header()], SUB_PROJECTS: [sub_project_header(financiers)]}


def instruction_rows() -> list[list]:
    rows = [[_("table"), _("column"), _("required"), _("meaning"), _("example")]]
    for table, columns in ((AREAS, AREA_COLUMNS), (SUB_PROJECTS, SUB_PROJECT_COLUMNS)):
        for column in columns:
            rows.append(
                [
                    table,
                    column.code,
                    _("yes") if column.required else "",
                    str(column.meaning),
                    column.example,
                ]
            )
    rows.append(
        [
            SUB_PROJECTS,
            funding_header(PLANNED, _("<financier>")),
            "",
            _(
                "Planned amount from this financier, whole kronor. Add a pair of columns per financier."
            ),
            "250000",
        ]
    )
    rows.append(
        [
            SUB_PROJECTS,
            funding_header(SPENT, _("<financier>")),
            "",
            _(
                "Amount spent so far, whole kronor. More than planned is allowed, and shown as over budget."
            ),
            "120000",
        ]
    )
    return [_safe(row) for row in rows]


def plan_xlsx(tables: dict[str, list[list]], *, instructions: bool = True) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook(buffer)
    workbook.add_sheet(AREAS, tables[AREAS])
    workbook.add_sheet(SUB_PROJECTS, tables[SUB_PROJECTS])
    if instructions:
        workbook.add_sheet(INSTRUCTIONS, instruction_rows())
    workbook.close()
    return buffer.getvalue()


def plan_csv(tables: dict[str, list[list]]) -> Iterator[str]:
    """One CSV file: `[areas]`, its table, an empty line, `[sub_projects]`, its table."""
    rows = [[f"[{AREAS}]"], *tables[AREAS], [], [f"[{SUB_PROJECTS}]"], *tables[SUB_PROJECTS]]
    return csv_chunks(rows)
