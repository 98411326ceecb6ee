"""Spreadsheet files of survey responses: a streamed CSV, and an Excel workbook.

The workbook is written here rather than with openpyxl: 100 000 responses of 20
questions are some four million cells, which openpyxl's write-only mode takes over a
minute to write (half a minute with lxml) and this writer a few seconds. It writes what
the export needs and nothing more: sheets of numbers and texts (inline strings, so no
text is ever read as a formula), the first row frozen as the header. openpyxl, Excel and
LibreOffice read the files; the tests open them with openpyxl.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from platskraft.core.spreadsheets import XLSX_TYPE, safe_cell, unsafe_cell  # noqa: F401

CSV_TYPE = "text/csv; charset=utf-8"
ROWS_PER_WRITE = 1000
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def csv_chunks(rows: Iterable[list]) -> Iterator[str]:
    """CSV text, a thousand rows at a time, with a byte order mark first so that Excel
    reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(value) for value in row])
        if count % ROWS_PER_WRITE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- Excel (Office Open XML) -------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (
    f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column_letters(count: int) -> list[str]:
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _cell(reference: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    text = NOT_IN_XML.sub("", str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class Workbook:
    """An .xlsx file written sheet by sheet, rows streamed into the zip file."""

    def __init__(self, file) -> None:
        self.zip = zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5)
        self.titles: list[str] = []

    def add_sheet(self, title: str, rows: Iterable[list]) -> None:
        """A sheet of `rows`; the first is the header and stays in view when scrolling."""
        title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or f"Sheet{len(self.titles) + 1}"
        self.titles.append(title)
        letters: list[str] = []
        with self.zip.open(f"xl/worksheets/sheet{len(self.titles)}.xml", "w") as sheet:
            sheet.write(
                (
                    f'{DECLARATION}<worksheet xmlns="{MAIN}"><sheetViews>'
                    '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
                ).encode()
            )
            parts: list[str] = []
            for number, row in enumerate(rows, start=1):
                if len(row) > len(letters):
                    letters = _column_letters(max(len(row), 2 * len(letters)))
                parts.append(f'<row r="{number}">')
                parts += [
                    _cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, row, strict=False)
                ]
                parts.append("</row>")
                if number % ROWS_PER_WRITE == 0:
                    sheet.write("".join(parts).encode())
                    parts = []
            parts.append("</sheetData></worksheet>")
            sheet.write("".join(parts).encode())

    def close(self) -> None:
        sheets = "".join(
            f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>'
            for i, title in enumerate(self.titles, start=1)
        )
        count = len(self.titles)
        files = {
            "[Content_Types].xml": (
                f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, count + 1)
                )
                + "</Types>"
            ),
            "_rels/.rels": (
                f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
            "xl/workbook.xml": (
                f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
                f"<sheets>{sheets}</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, count + 1)
                )
                + f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
                "</Relationships>"
            ),
            "xl/styles.xml": STYLES,
        }
        for name, text in files.items():
            self.zip.writestr(name, text)
        self.zip.close()
