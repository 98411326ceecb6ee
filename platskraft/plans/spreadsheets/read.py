"""Reading a plan file (XLSX or CSV) into its two tables of raw cells, row numbers kept.

Nothing is checked here but the file's shape; `check.py` checks the values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from platskraft.core.spreadsheets import unsafe_cell

from .columns import SHEET_NAMES

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


class FileProblem(ValueError):
    """The file cannot be read at all (not a workbook, no tables, too large)."""


@dataclass
class Table:
    name: str  # AREAS or SUB_PROJECTS
    title: str  # as the file calls it (the sheet's name)
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells)


def _table_name(text: str) -> str | None:
    key = text.strip().strip("[]").strip().lower()
    for name, names in SHEET_NAMES.items():
        if key in names:
            return name
    return None


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return unsafe_cell(value.strip())
    return value


def _blank(cells) -> bool:
    return all(cell == "" for cell in cells)


def read_xlsx(content: bytes) -> dict[str, Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileProblem(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from error
    tables: dict[str, Table] = {}
    try:
        for sheet in workbook.worksheets:
            name = _table_name(sheet.title)
            if name is None or name in tables:
                continue
            table = Table(name, sheet.title)
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(value) for value in values]
                if _blank(cells):
                    continue
                if not table.header:
                    table.header, table.header_row = [str(c).strip() for c in cells], number
                    continue
                table.rows.append((number, cells))
                if len(table.rows) > MAX_ROWS:
                    raise FileProblem(too_many_message())
            tables[name] = table
    finally:
        workbook.close()
    return tables


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's “CSV” on Windows


def _delimiter(text: str) -> str:
    """Comma, semicolon (Swedish Excel) or tab: the one the header lines use most."""
    lines = [
        line
        for line in text.splitlines()
        if line.strip() and _table_name(line.strip(",;\t")) is None
    ]
    sample = "\n".join(lines[:3])
    return max([",", ";", "\t"], key=sample.count)


def read_csv(content: bytes) -> dict[str, Table]:
    text = _text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    tables: dict[str, Table] = {}
    table: Table | None = None
    for values in reader:
        number = reader.line_num
        cells = [_cell(value) for value in values]
        if _blank(cells):
            continue
        filled = [cell for cell in cells if cell != ""]
        name = _table_name(str(filled[0])) if len(filled) == 1 else None
        if name is not None and str(filled[0]).startswith("["):
            table = tables[name] = Table(name, name)
            continue
        if table is None:
            raise FileProblem(
                _(
                    "Line %(line)s: the file must start with a line [areas] or [sub_projects] "
                    "before each table, as the template does."
                )
                % {"line": number}
            )
        if not table.header:
            table.header, table.header_row = [str(c).strip() for c in cells], number
            continue
        table.rows.append((number, cells))
        if len(table.rows) > MAX_ROWS:
            raise FileProblem(too_many_message())
    return tables


def too_many_message() -> str:
    return _("The file has more than %(count)s rows in a table.") % {"count": MAX_ROWS}


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}


def read_file(content: bytes, filename: str = "") -> dict[str, Table]:
    """The tables of an XLSX or CSV file (told apart by content, not name)."""
    if len(content) > MAX_BYTES:
        raise FileProblem(too_large_message())
    if content[:4] == b"PK\x03\x04":
        tables = read_xlsx(content)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem(_("The file is not an Excel workbook (.xlsx) that can be read."))
    else:
        tables = read_csv(content)
    if not tables:
        raise FileProblem(
            _(
                "The file has neither a table of priority areas nor of sub-projects: a sheet "
                "(or a CSV line) named “areas” or “sub_projects”, as in the template."
            )
        )
    return tables
