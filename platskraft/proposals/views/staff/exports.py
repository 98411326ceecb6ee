"""Spreadsheet exports: CSV and Excel responses safe from formula injection, and the
export of all the municipality's proposals."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from platskraft.core.access import require_perm, site_url
from platskraft.core.spreadsheets import FORMULA_START, XLSX_TYPE, safe_cell  # noqa: F401
from platskraft.municipalities.views.generic import StaffView

from ... import selectors

# --- Exports ------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte order mark: Excel then reads the file as UTF-8
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list], filename: str, *, title: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_rows(request) -> Iterator[list]:
    yield list(selectors.EXPORT_COLUMNS)
    yield from selectors.export_rows(municipality=request.municipality, site_url=site_url(request))


def _export_name(request, suffix: str) -> str:
    return f"proposals-{request.municipality.slug}-{timezone.localdate().isoformat()}.{suffix}"


class ExportCsv(StaffView):
    def get(self, request):
        require_perm(request, "proposals.export_proposals", request.municipality)
        return csv_response(_export_rows(request), _export_name(request, "csv"))


class ExportXlsx(StaffView):
    def get(self, request):
        require_perm(request, "proposals.export_proposals", request.municipality)
        return xlsx_response(
            _export_rows(request), _export_name(request, "xlsx"), title="proposals"
        )
