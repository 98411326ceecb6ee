"""Checking a plan file's tables: records to import, or every problem by row and column.

The file is checked together with the plan it goes into (`Existing`): a sub-project may
name an area or a parent that is already in the plan. The tree as it would be after the
import is checked with `analysis.progress.check_tree` (cycles through parent codes, and
spent over planned — a warning, not an error).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from platskraft.analysis.progress import Item, Kind, Reason, check_tree
from platskraft.analysis.progress import Status as ItemStatus

from ..models import Status
from .columns import (
    AREA_COLUMNS,
    AREAS,
    FUNDING_PREFIXES,
    PLANNED,
    STATUS_BY_WORD,
    SUB_PROJECT_COLUMNS,
    SUB_PROJECTS,
    column_names,
)
from .read import Table
from .records import (
    AreaRecord,
    Cells,
    CheckedFile,
    Existing,
    Issue,
    SubProjectRecord,
)


def _positions(checked, table: Table, columns, *, funding: bool) -> dict[str, int] | None:
    names = column_names(columns)
    required = {column.code for column in columns if column.required}
    positions: dict[str, int] = {}
    problems = len(checked.errors)

    def header_error(title, message):
        checked.add(Issue(table.title, table.header_row, title, message))

    for i, title in enumerate(table.header):
        if not title:
            continue
        key = title.strip().lower()
        code = names.get(key)
        if code is None and funding and ":" in key:
            prefix, financier = (part.strip() for part in title.split(":", 1))
            kind = next(
                (k for k, words in FUNDING_PREFIXES.items() if prefix.lower() in words), None
            )
            if kind and financier:
                if financier not in checked.financiers:
                    checked.financiers.append(financier)
                code = f"{kind}:{financier}"
        if code is None:
            header_error(
                title,
                _("The template has no column “%(column)s”. See the instructions sheet.")
                % {"column": title},
            )
        elif code in positions:
            header_error(title, _("This column appears more than once."))
        else:
            positions[code] = i
    for code in sorted(required - positions.keys()):
        header_error(
            code, _("The table has no column “%(column)s”, which is required.") % {"column": code}
        )
    return positions if len(checked.errors) == problems else None


def _areas(checked: CheckedFile, table: Table) -> None:
    positions = _positions(checked, table, AREA_COLUMNS, funding=False)
    if positions is None:
        return
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = Cells(checked, table, number, cells, positions)
        code = row.code("code", required=True)
        if code and code in first_row:
            row.error(
                "code",
                _("The code %(code)s is also on row %(row)s.")
                % {"code": code, "row": first_row[code]},
            )
        first_row.setdefault(code, number)
        checked.area_codes.add(code)
        record = AreaRecord(
            number,
            code,
            row.text("title", required=True),
            row.text("description"),
            row.text("goal"),
            row.text("indicator_target"),
        )
        if row.ok:
            checked.areas.append(record)


def _status(row: Cells) -> str:
    word = row.text("status").lower().replace("_", " ").replace("-", " ")
    if not word:
        return Status.NOT_STARTED
    status = STATUS_BY_WORD.get(word) or STATUS_BY_WORD.get(word.replace(" ", "_"))
    if status is None:
        row.error(
            "status",
            _(
                "“%(value)s” is not a status: write not started, ongoing, done, paused or cancelled "
                "(or ej påbörjad, pågående, klar, pausad, avbruten)."
            )
            % {"value": row.cells["status"]},
        )
        return Status.NOT_STARTED
    return status


def _sub_project(checked, row: Cells, existing: Existing) -> SubProjectRecord:
    record = SubProjectRecord(
        row.number, row.code("code", required=True), row.text("title", required=True)
    )
    record.area_code = row.code("area_code")
    record.parent_code = row.code("parent_code")
    record.description = row.text("description")
    record.responsible = row.text("responsible")
    owner = row.text("owner")
    if owner:
        found = existing.departments.get(owner.lower())
        if found is None:
            row.error(
                "owner",
                _(
                    "The municipality has no committee or department named “%(name)s”. Add it under "
                    "the municipality's settings, or correct the name."
                )
                % {"name": owner},
            )
        else:
            record.owner_id, record.owner = found
    record.start_date, record.end_date = row.day("start"), row.day("end")
    if record.start_date and record.end_date and record.end_date < record.start_date:
        row.error(
            "end",
            _("It ends (%(end)s) before it starts (%(start)s).")
            % {"end": record.end_date.isoformat(), "start": record.start_date.isoformat()},
        )
    record.status = _status(row)
    progress = row.decimal("progress")
    if progress is not None:
        if not 0 <= progress <= 100:
            row.error(
                "progress",
                _("Progress must be from 0 to 100 (this is %(value)s).") % {"value": progress},
            )
        elif progress != progress.to_integral_value():
            row.error("progress", _("“%(value)s” is not a whole number.") % {"value": progress})
        else:
            record.progress = int(progress)
    weight = row.decimal("weight")
    if weight is not None:
        if weight < 0 or weight >= 10000:
            row.error(
                "weight",
                _("The weight must be from 0 to 9999 (this is %(value)s).") % {"value": weight},
            )
        else:
            record.weight = weight.quantize(Decimal("0.01"))
    for financier in checked.financiers:
        amounts = []
        for kind in (PLANNED, "spent"):
            column = f"{kind}:{financier}"
            amounts.append(
                row.whole(column, _("An amount cannot be negative (this is %(value)s)."))
                if column in row.cells
                else None
            )
        if any(amount is not None for amount in amounts):
            record.funding[financier] = (amounts[0] or 0, amounts[1] or 0)
    return record


def _sub_projects(checked: CheckedFile, table: Table, existing: Existing) -> None:
    positions = _positions(checked, table, SUB_PROJECT_COLUMNS, funding=True)
    if positions is None:
        return
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = Cells(checked, table, number, cells, positions)
        record = _sub_project(checked, row, existing)
        if record.code and record.code in first_row:
            row.error(
                "code",
                _("The code %(code)s is also on row %(row)s.")
                % {"code": record.code, "row": first_row[record.code]},
            )
        first_row.setdefault(record.code, number)
        checked.sub_project_codes.setdefault(record.code, (record.area_code, record.parent_code))
        if row.ok:
            checked.sub_projects.append(record)


def _tree(checked: CheckedFile, existing: Existing, tables: dict[str, Table]) -> None:
    """Areas and parents that exist, each sub-project in its parent's area, no cycles; spent
    over planned as warnings."""
    title = tables[SUB_PROJECTS].title if SUB_PROJECTS in tables else SUB_PROJECTS
    area_codes = existing.area_codes | checked.area_codes
    records = {r.code: r for r in checked.sub_projects}
    parents = {code: row[1] for code, row in existing.sub_projects.items()}
    areas = {code: row[0] for code, row in existing.sub_projects.items()}
    parents.update({code: both[1] for code, both in checked.sub_project_codes.items()})
    areas.update({code: both[0] for code, both in checked.sub_project_codes.items() if both[0]})
    for record in records.values():
        if record.area_code and record.area_code not in area_codes:
            checked.add(
                Issue(
                    title,
                    record.row,
                    "area_code",
                    _(
                        "There is no priority area with the code %(code)s, neither in the file nor in the plan."
                    )
                    % {"code": record.area_code},
                )
            )
        if record.parent_code and record.parent_code not in parents:
            checked.add(
                Issue(
                    title,
                    record.row,
                    "parent_code",
                    _(
                        "There is no sub-project with the code %(code)s, neither in the file nor in the plan."
                    )
                    % {"code": record.parent_code},
                )
            )
        if not record.area_code and not record.parent_code:
            checked.add(
                Issue(
                    title,
                    record.row,
                    "area_code",
                    _("Give the code of its priority area (or of the sub-project it is part of)."),
                )
            )
    items = [Item(f"a:{code}", kind=Kind.AREA) for code in sorted(area_codes)]
    for code in parents:
        parent = parents[code]
        record = records.get(code)
        old = existing.sub_projects.get(code)
        funding = dict(old[5]) if old else {}
        if record:
            funding.update(record.funding)
        if parent and parent in parents:
            up = f"s:{parent}"
        elif areas.get(code) in area_codes:
            up = f"a:{areas[code]}"
        else:
            up = None
        items.append(
            Item(
                f"s:{code}",
                parent=up,
                status=ItemStatus(
                    record.status if record else (old[2] if old else Status.NOT_STARTED)
                ),
                planned={f: amounts[0] for f, amounts in funding.items()},
                spent={f: amounts[1] for f, amounts in funding.items()},
            )
        )
    for problem in check_tree(items):
        code = str(problem.item)[2:]
        record = records.get(code)
        if problem.code == Reason.CYCLE:
            members = [str(member)[2:] for member in problem.ids]
            at = next((records[m] for m in members if m in records), None)
            if at is not None:
                checked.add(
                    Issue(
                        title,
                        at.row,
                        "parent_code",
                        _("The parent codes go round in a circle: %(codes)s.")
                        % {"codes": " → ".join([*members, members[0]])},
                    )
                )
        elif (
            problem.code == Reason.SPENT_OVER_PLANNED
            and record
            and problem.financier in record.funding
        ):
            planned, spent = record.funding[problem.financier]
            checked.add(
                Issue(
                    title,
                    record.row,
                    f"spent: {problem.financier}",
                    _(
                        "More is spent (%(spent)s kr) than planned (%(planned)s kr). It will be imported "
                        "and shown as over budget."
                    )
                    % {"spent": spent, "planned": planned},
                    warning=True,
                )
            )
    # Each sub-project in its parent's area (an empty area code: the parent's).
    for record in checked.sub_projects:
        seen, code = set(), record.code
        while parents.get(code) and parents[code] in parents and code not in seen:
            seen.add(code)
            code = parents[code]
        root_area = areas.get(code, "")
        if record.area_code and root_area and record.area_code != root_area:
            checked.add(
                Issue(
                    title,
                    record.row,
                    "area_code",
                    _(
                        "It is in area %(area)s, but the sub-project it is part of is in area %(parent_area)s."
                    )
                    % {"area": record.area_code, "parent_area": root_area},
                )
            )
        record.area_code = record.area_code or root_area


def check_tables(tables: dict[str, Table], existing: Existing) -> CheckedFile:
    checked = CheckedFile()
    if AREAS in tables:
        _areas(checked, tables[AREAS])
    if SUB_PROJECTS in tables:
        _sub_projects(checked, tables[SUB_PROJECTS], existing)
    _tree(checked, existing, tables)
    checked.errors.sort(
        key=lambda issue: (issue.table != tables.get(AREAS, Table("", "")).title, issue.row)
    )
    return checked
