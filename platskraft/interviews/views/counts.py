"""Counts of codes by segment or locality (a table and CSV), and one code's passages."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from ..forms import CountsForm
from ..models import Segment
from ..selectors.counts import BY_LOCALITY, BY_SEGMENT, NO_LOCALITY, code_counts, code_passages
from ._common import COUNTS, NOTES, InterviewsMixin, url

FILTERS = ("process", "kind", "date_from", "date_to")


def filter_query(form: CountsForm) -> dict[str, str]:
    """The valid filters as query parameters, to carry into links."""
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    query = {}
    for name in FILTERS:
        value = data.get(name)
        if value:
            query[name] = str(value.pk if hasattr(value, "pk") else value)
    return query


class Counts(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        self.allow(COUNTS)
        municipality = request.municipality
        form = CountsForm(request.GET or None, municipality=municipality)
        by = form.columns()
        table = code_counts(municipality, by=by, filters=form.filters())
        query = filter_query(form)
        can_read = request.user.has_perm(NOTES, municipality)
        if can_read:
            base = {**query, "by": by}
            for row in table.rows:
                code_url = url("staff_code_passages", municipality, code_id=row.node.code.pk)
                for cell in row.cells:
                    if cell.passages:
                        cell.href = code_url + "?" + urlencode({**base, "column": cell.column.key})
                if row.total.passages:
                    row.total.href = code_url + "?" + urlencode(query)
        return render(
            request,
            "interviews/staff/counts.html",
            {
                "form": form,
                "table": table,
                "by": by,
                "can_read_notes": can_read,
                "csv_url": url("staff_counts_csv", municipality)
                + "?"
                + urlencode({**query, "by": by}),
            },
        )


class CountsCsv(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        self.allow(COUNTS)
        form = CountsForm(request.GET, municipality=request.municipality)
        table = code_counts(request.municipality, by=form.columns(), filters=form.filters())
        out = io.StringIO()
        writer = csv.writer(out)
        header = [_("code"), _("level"), _("part of")]
        for column in [*table.columns, None]:
            label = column.label if column else _("total")
            header += [
                _("%(column)s: passages") % {"column": label},
                _("%(column)s: interviews") % {"column": label},
            ]
        writer.writerow(header)
        for row in table.rows:
            line = [row.node.code.name, row.node.depth + 1, " › ".join(row.node.path[:-1])]
            for cell in [*row.cells, row.total]:
                line += [cell.passages, cell.interviews]
            writer.writerow(line)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        name = "code-counts-by-locality" if table.by == BY_LOCALITY else "code-counts-by-segment"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


def column_label(by: str, column: str, municipality) -> str:
    if by == BY_SEGMENT and column in Segment.values:
        return str(Segment(column).label)
    if by == BY_LOCALITY and column == NO_LOCALITY:
        return _("Locality not given")
    if by == BY_LOCALITY and column.isdigit():
        from platskraft.surveys.models import Locality

        place = Locality.objects.filter(municipality=municipality, pk=int(column)).first()
        return place.name if place else ""
    return ""


class CodePassages(InterviewsMixin, StaffView):
    """The passages (quotes) of a code and the codes below it, with where they come
    from: segment, locality, date — never a name."""

    def get(self, request, **kwargs):
        code = self.code(NOTES)
        municipality = request.municipality
        form = CountsForm(request.GET, municipality=municipality)
        by = request.GET.get("by", "")
        column = request.GET.get("column", "")
        passages = code_passages(
            municipality, code=code, filters=form.filters(), by=by, column=column
        )
        return render(
            request,
            "interviews/staff/code_passages.html",
            {
                "code": code,
                "passages": passages,
                "column_label": column_label(by, column, municipality) if column else "",
                "form": form,
                "counts_url": url("staff_counts", municipality)
                + "?"
                + urlencode({**filter_query(form), "by": by or BY_SEGMENT}),
            },
        )
