"""What a checked plan file is made of: records to import, issues by row and column, and
one row's cells read into values (`Cells`), reporting what is wrong with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Status
from ..models.plan import CODE_MAX, TITLE_MAX
from ..services.common import check_code

MAX_ERRORS = 200
LENGTHS = {"code": CODE_MAX, "title": TITLE_MAX, "responsible": 120, "indicator_target": 300}


@dataclass(frozen=True)
class Issue:
    table: str  # the sheet's name as the file has it
    row: int
    column: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return _("%(table)s, row %(row)s, column %(column)s: %(message)s") % {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class AreaRecord:
    row: int
    code: str
    title: str
    description: str = ""
    goal: str = ""
    indicator_target: str = ""


@dataclass
class SubProjectRecord:
    row: int
    code: str
    title: str
    area_code: str = ""
    parent_code: str = ""
    description: str = ""
    owner_id: int | None = None
    owner: str = ""
    responsible: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: str = Status.NOT_STARTED
    progress: int | None = None
    weight: Decimal = Decimal(1)
    funding: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # financier → (planned, spent)


@dataclass
class Existing:
    """What the plan already holds (empty for a new plan), and the municipality's owners."""

    area_codes: set[str] = field(default_factory=set)
    # code → (area code, parent code, status, progress, weight, {financier: (planned, spent)})
    sub_projects: dict[str, tuple] = field(default_factory=dict)
    departments: dict[str, tuple[int, str]] = field(default_factory=dict)  # lower name → (pk, name)


@dataclass
class CheckedFile:
    areas: list[AreaRecord] = field(default_factory=list)
    sub_projects: list[SubProjectRecord] = field(default_factory=list)
    financiers: list[str] = field(default_factory=list)  # funding columns in the file
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    more_errors: bool = False
    # Every code the file names, rows with errors too (so that no row is blamed for another's).
    area_codes: set[str] = field(default_factory=set)
    sub_project_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # (area, parent)

    def add(self, issue: Issue) -> None:
        if issue.warning:
            self.warnings.append(issue)
        elif len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)
        else:
            self.more_errors = True


class Cells:
    """One row's cells by column code, reporting bad values into `checked`."""

    def __init__(self, checked, table, number, cells, positions):
        self.checked, self.table, self.number = checked, table, number
        self.cells = {code: cells[i] if i < len(cells) else "" for code, i in positions.items()}
        self.headers = {code: table.header[i] for code, i in positions.items()}
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self.ok = False
        name = self.headers.get(column, column)
        self.checked.add(Issue(self.table.title, self.number, name, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        if required and not text:
            self.error(column, _("This is required."))
        limit = LENGTHS.get(column)
        if limit and len(text) > limit:
            self.error(
                column,
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(text)},
            )
        return text

    def code(self, column: str, *, required: bool = False) -> str:
        text = self.text(column, required=required)
        if text and len(text) <= CODE_MAX:
            try:
                check_code(text, field=column)
            except ValidationError as error:
                self.error(column, error.messages[0])
        return text

    def day(self, column: str) -> date | None:
        value = self.cells.get(column, "")
        if value == "" or isinstance(value, date):
            return value.date() if isinstance(value, datetime) else (value or None)
        try:
            return datetime.fromisoformat(str(value).strip()).date()
        except ValueError:
            self.error(column, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
            return None

    def decimal(self, column: str) -> Decimal | None:
        value = self.cells.get(column, "")
        if value == "":
            return None
        text = str(value).replace("\xa0", "").replace(" ", "").replace(",", ".")
        text = text.removesuffix("%").lower().removesuffix("kr").removesuffix("sek")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(column, _("“%(value)s” is not a number.") % {"value": value})
            return None
        return number

    def whole(self, column: str, message_negative: str) -> int | None:
        number = self.decimal(column)
        if number is None:
            return None
        if number < 0:
            self.error(column, message_negative % {"value": self.cells[column]})
            return None
        if number != number.to_integral_value():
            self.error(
                column, _("“%(value)s” is not a whole number.") % {"value": self.cells[column]}
            )
            return None
        return int(number)
